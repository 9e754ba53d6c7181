package io.portcullis.dataplane.l2tp;

import java.nio.ByteOrder;

import io.portcullis.dataplane.api.DataplaneCommands;
import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.esp.NatTraversal;
import io.portcullis.dataplane.packet.InternetChecksum;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketBuffer;
import io.portcullis.dataplane.packet.PacketVector;

import static io.portcullis.dataplane.l2tp.L2tpDescriptor.*;

/**
 * The l2tp-encap node, the way back to a client: each inner IPv4 or IPv6 packet, whose vector
 * handle names its L2TP session, gets a PPP header (FF 03 and the protocol, compressed as the
 * peer accepted), an L2TP data header (RFC 2661 §3.1: the peer's ids, Length if the session sends
 * it, Ns if it sequences), a UDP header from our port to the peer's and an IPv4 header from our
 * address to the peer's, all written into the buffer's headroom. The handle becomes the
 * session's outbound ESP SA handle, for esp4-encrypt next.
 * <p>
 * The UDP checksum is computed (RFC 2661 §8.1: enabled for data messages by default) unless the
 * session turns it off (the MAY of the same section: ESP's ICV already covers the datagram);
 * a computed 0 is sent as FFFF (RFC 768). The outer header copies the inner DSCP (not ECN, which
 * the receiving end would not propagate) and is never fragmented here.
 */
public final class L2tpEncap
{
    private static final int IPV6_HEADER_LENGTH = 40;
    private static final int IPV6_PAYLOAD_LENGTH = 4;
    private static final int DSCP_MASK = 0xFC;

    private final SessionTable sessions;
    private final NodeCounters<L2tpCounter> counters;
    private final PacketBuffer buffer = new PacketBuffer();
    private boolean checksumInEsp;

    public L2tpEncap(final SessionTable sessions, final NodeCounters<L2tpCounter> counters)
    {
        this.sessions = sessions;
        this.counters = counters;
    }

    /** Processes every packet of the vector whose next is {@link PacketVector#NEXT_FORWARD}. */
    public void process(final PacketVector vector)
    {
        int encapsulated = 0;
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) == PacketVector.NEXT_FORWARD && encapsulate(vector, i))
            {
                encapsulated++;
            }
        }
        counters.add(L2tpCounter.ENCAPSULATED, encapsulated);
    }

    /**
     * The bytes l2tp-encap writes in front of an inner IPv4 packet of {@code session} (outer
     * IPv4, UDP, L2TP data header and PPP header), or -1 if there is no such session.
     */
    public int ipv4Overhead(final int session)
    {
        final L2tpSession s = sessions.session(session);
        return s == null ? -1 : Ipv4.MIN_HEADER_LENGTH + UDP_HEADER_LENGTH + dataHeaderLength(s.lengthField,
            s.sequencing) + Ppp.headerLength(Ppp.PROTOCOL_IPV4, s.addressControlCompression, s.protocolCompression);
    }

    /**
     * The tunnel MTU the worker stored for {@code session} with {@link #cacheTunnelMtu} at
     * {@code version} (of the routes and SAs it depends on), or -1 if there is none for that
     * version: worked out once per session and change, not once per packet.
     */
    public int cachedTunnelMtu(final int session, final long version)
    {
        final L2tpSession s = sessions.session(session);
        return s == null || s.tunnelMtuVersion != version ? -1 : s.tunnelMtu;
    }

    public void cacheTunnelMtu(final int session, final long version, final int mtu)
    {
        final L2tpSession s = sessions.session(session);
        if (s != null)
        {
            s.tunnelMtu = mtu;
            s.tunnelMtuVersion = version;
        }
    }

    /**
     * In a graph where esp4-encrypt follows (the worker's), a session with an SA leaves the UDP
     * checksum to the crypto burst ({@link PacketVector#pendingChecksum}), which sums the bytes
     * as it is about to encrypt them: at 1400 bytes a separate pass cost an eighth of the encap
     * path's time, and at 64 bytes Java's sum cost more than the burst's. Off by default: alone,
     * this node writes whole checksums.
     */
    public void checksumInEsp(final boolean inEsp)
    {
        this.checksumInEsp = inEsp;
    }

    /** The L2TP peer's address of {@code session} (its packets' outer destination), or 0 if there is none. */
    public int peerAddress(final int session)
    {
        final L2tpSession s = sessions.session(session);
        return s == null ? 0 : s.peerAddress;
    }

    /** The outbound ESP SA handle of {@code session}, or 0 (none) if there is no such session. */
    public int espSaHandle(final int session)
    {
        final L2tpSession s = sessions.session(session);
        return s == null ? 0 : s.espSaHandle;
    }

    private boolean encapsulate(final PacketVector vector, final int i)
    {
        final L2tpSession s = sessions.session(vector.handle(i));
        if (s == null)
        {
            return drop(vector, i, L2tpCounter.NO_SESSION);
        }
        buffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
        final PacketBuffer buf = buffer;
        final int inner = vector.offset(i);
        final int innerLength = innerLength(buf, inner, vector.length(i));
        if (innerLength < 0)
        {
            return drop(vector, i, L2tpCounter.BAD_INNER_PACKET);
        }
        final boolean ipv4 = (buf.getByte(inner) & 0xF0) == 0x40;
        final int protocol = ipv4 ? Ppp.PROTOCOL_IPV4 : Ppp.PROTOCOL_IPV6;
        final int tos = ipv4 ? buf.getByte(inner + Ipv4.TOS) & 0xFF :
            (buf.getShort(inner, ByteOrder.BIG_ENDIAN) >>> 4) & 0xFF;
        final int pppLength = Ppp.headerLength(protocol, s.addressControlCompression, s.protocolCompression);
        final int l2tpLength = dataHeaderLength(s.lengthField, s.sequencing);
        final int start = inner - pppLength - l2tpLength - UDP_HEADER_LENGTH - Ipv4.MIN_HEADER_LENGTH;
        if (start < 0)
        {
            return drop(vector, i, L2tpCounter.NO_HEADROOM);
        }
        final int outerLength = inner + innerLength - start;
        if (outerLength > 0xFFFF)
        {
            return drop(vector, i, L2tpCounter.TOO_BIG);
        }

        final int udp = start + Ipv4.MIN_HEADER_LENGTH;
        final int l2tp = udp + UDP_HEADER_LENGTH;
        final int udpLength = outerLength - Ipv4.MIN_HEADER_LENGTH;
        Ipv4.writeHeader(buf, start, outerLength, Ipv4.PROTOCOL_UDP, s.localAddress, s.peerAddress, ++s.ipId,
            tos & DSCP_MASK);
        buf.putShort(udp + UDP_SOURCE_PORT, (short)s.localPort, ByteOrder.BIG_ENDIAN);
        buf.putShort(udp + UDP_DESTINATION_PORT, (short)s.peerPort, ByteOrder.BIG_ENDIAN);
        buf.putShort(udp + UDP_LENGTH, (short)udpLength, ByteOrder.BIG_ENDIAN);
        buf.putShort(udp + UDP_CHECKSUM, (short)0);
        writeDataHeader(buf, l2tp, s, udpLength - UDP_HEADER_LENGTH);
        Ppp.writeHeader(buf, l2tp + l2tpLength, protocol, s.addressControlCompression, s.protocolCompression);
        int pending = 0;
        if (s.udpChecksum && checksumInEsp && s.espSaHandle != DataplaneCommands.NO_SA)
        {
            // Completed by esp4-encrypt's crypto burst, which reads these bytes anyway: inside
            // that one native call the shim's loop costs no call of its own, so even a short
            // datagram is summed there faster than here (64 B encap: +4 % by intel-ipsec-mb
            // share, +2 % by packets/s; README "Benchmarks").
            final long pseudoHeader = NatTraversal.pseudoHeaderSum(udpLength, Ipv4.PROTOCOL_UDP, s.localAddress,
                s.peerAddress);
            buf.putShort(udp + UDP_CHECKSUM, (short)~InternetChecksum.fold(pseudoHeader), ByteOrder.BIG_ENDIAN);
            pending = UDP_CHECKSUM;
        }
        else if (s.udpChecksum)
        {
            final int checksum = NatTraversal.transportChecksum(buf, udp, udpLength, Ipv4.PROTOCOL_UDP,
                s.localAddress, s.peerAddress);
            buf.putShort(udp + UDP_CHECKSUM, (short)(checksum == 0 ? 0xFFFF : checksum), ByteOrder.BIG_ENDIAN);
        }

        vector.data(i, start, outerLength);
        vector.pendingChecksum(i, pending);
        vector.handle(i, s.espSaHandle);
        s.txPackets++;
        s.txBytes += innerLength;
        return true;
    }

    /**
     * The length of the inner IPv4 or IPv6 packet at {@code inner} as its header says, if that
     * fits in the {@code length} bytes the vector holds; -1 otherwise.
     */
    private static int innerLength(final PacketBuffer buf, final int inner, final int length)
    {
        if (length < 1)
        {
            return -1;
        }
        final int version = (buf.getByte(inner) & 0xF0) >>> 4;
        if (version == 4 && length >= Ipv4.MIN_HEADER_LENGTH)
        {
            final int ihl = Ipv4.headerLength(buf, inner);
            final int totalLength = Ipv4.totalLength(buf, inner);
            return ihl >= Ipv4.MIN_HEADER_LENGTH && totalLength >= ihl && totalLength <= length ? totalLength : -1;
        }
        if (version == 6 && length >= IPV6_HEADER_LENGTH)
        {
            final int total = IPV6_HEADER_LENGTH +
                (buf.getShort(inner + IPV6_PAYLOAD_LENGTH, ByteOrder.BIG_ENDIAN) & 0xFFFF);
            return total <= length ? total : -1;
        }
        return -1;
    }

    /** RFC 2661 §3.1 data header to the peer's ids; Nr is reserved in data messages and sent as 0. */
    private static void writeDataHeader(
        final PacketBuffer buf, final int l2tp, final L2tpSession s, final int messageLength)
    {
        final int flags = VERSION | (s.lengthField ? FLAG_LENGTH : 0) | (s.sequencing ? FLAG_SEQUENCE : 0);
        buf.putShort(l2tp + FLAGS_VERSION, (short)flags, ByteOrder.BIG_ENDIAN);
        int p = l2tp + 2;
        if (s.lengthField)
        {
            buf.putShort(p, (short)messageLength, ByteOrder.BIG_ENDIAN);
            p += LENGTH_FIELD_LENGTH;
        }
        buf.putShort(p, (short)s.peerTunnelId, ByteOrder.BIG_ENDIAN);
        buf.putShort(p + 2, (short)s.peerSessionId, ByteOrder.BIG_ENDIAN);
        if (s.sequencing)
        {
            buf.putShort(p + 4, (short)s.nextNs, ByteOrder.BIG_ENDIAN);
            buf.putShort(p + 6, (short)0);
            s.nextNs = (s.nextNs + 1) & 0xFFFF;
        }
    }

    private boolean drop(final PacketVector vector, final int i, final L2tpCounter reason)
    {
        counters.increment(reason);
        vector.next(i, PacketVector.NEXT_DROP);
        return false;
    }
}
