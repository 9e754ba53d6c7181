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
        return s == null ? -1 : s.framing.length;
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
        final int dscp = (ipv4 ? buf.getByte(inner + Ipv4.TOS) & 0xFF :
            (buf.getShort(inner, ByteOrder.BIG_ENDIAN) >>> 4) & 0xFF) & DSCP_MASK;
        final L2tpFraming f = s.framing;
        final int start = inner - f.length;
        if (start < 0)
        {
            return drop(vector, i, L2tpCounter.NO_HEADROOM);
        }
        final int outerLength = f.length + innerLength;
        if (outerLength > 0xFFFF)
        {
            return drop(vector, i, L2tpCounter.TOO_BIG);
        }
        final int udpLength = outerLength - Ipv4.MIN_HEADER_LENGTH;
        final int id = ++s.ipId & 0xFFFF;

        // L2TP and PPP first: their 16-byte window starts inside UDP or IPv4, written next.
        buf.putLong(inner - L2tpFraming.TAIL, f.tailHigh, ByteOrder.BIG_ENDIAN);
        buf.putLong(inner - L2tpFraming.TAIL / 2, f.tailLow(ipv4), ByteOrder.BIG_ENDIAN);
        if (f.lengthFieldBack != 0)
        {
            buf.putShort(inner - f.lengthFieldBack, (short)(udpLength - UDP_HEADER_LENGTH), ByteOrder.BIG_ENDIAN);
        }
        if (f.nsBack != 0)
        {
            buf.putShort(inner - f.nsBack, (short)s.nextNs, ByteOrder.BIG_ENDIAN);
            s.nextNs = (s.nextNs + 1) & 0xFFFF;
        }
        // RFC 791: version 4, IHL 5, the DSCP, not fragmented; the checksum from the values.
        final int ipChecksum = InternetChecksum.foldWords(f.outerSum + dscp + outerLength + id);
        buf.putLong(start, (0x45L << 56) | ((long)dscp << 48) | ((long)outerLength << 32) | ((long)id << 16),
            ByteOrder.BIG_ENDIAN);
        buf.putLong(start + 8, f.ttlProtocolSource | ((long)ipChecksum << 32), ByteOrder.BIG_ENDIAN);
        buf.putLong(start + 16, f.destinationAndPorts, ByteOrder.BIG_ENDIAN);
        final int udp = start + Ipv4.MIN_HEADER_LENGTH;
        int pending = 0;
        if (s.udpChecksum && checksumInEsp && s.espSaHandle != DataplaneCommands.NO_SA)
        {
            // Completed by esp4-encrypt's crypto burst, which reads these bytes anyway: inside
            // that one native call the shim's loop costs no call of its own, so even a short
            // datagram is summed there faster than here (64 B encap: +4 % by intel-ipsec-mb
            // share, +2 % by packets/s; README "Benchmarks"). The field holds the pseudo-header's
            // sum, folded, not complemented.
            final int pseudoHeader = ~InternetChecksum.foldWords(f.pseudoHeaderSum + udpLength) & 0xFFFF;
            buf.putInt(udp + UDP_LENGTH, (udpLength << 16) | pseudoHeader, ByteOrder.BIG_ENDIAN);
            pending = UDP_CHECKSUM;
        }
        else
        {
            buf.putInt(udp + UDP_LENGTH, udpLength << 16, ByteOrder.BIG_ENDIAN);
            if (s.udpChecksum)
            {
                final int checksum = NatTraversal.transportChecksum(buf, udp, udpLength, Ipv4.PROTOCOL_UDP,
                    s.localAddress, s.peerAddress);
                buf.putShort(udp + UDP_CHECKSUM, (short)(checksum == 0 ? 0xFFFF : checksum), ByteOrder.BIG_ENDIAN);
            }
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

    private boolean drop(final PacketVector vector, final int i, final L2tpCounter reason)
    {
        counters.increment(reason);
        vector.next(i, PacketVector.NEXT_DROP);
        return false;
    }
}
