package io.portcullis.dataplane.l2tp;

import java.nio.ByteOrder;

import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.esp.NatTraversal;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketBuffer;
import io.portcullis.dataplane.packet.PacketVector;

import static io.portcullis.dataplane.l2tp.L2tpDescriptor.*;

/**
 * The l2tp-decap node: IPv4 packets carrying UDP to port 1701 (after ESP transport-mode
 * decryption) are L2TPv2 data messages (RFC 2661 §3.1) of a known session, whose PPP frame
 * carries IPv4 or IPv6. Such a packet becomes its inner IP packet in place (the vector's offset
 * and length move onto it) and its handle becomes the session's handle.
 * <p>
 * Punted, unchanged (the whole IPv4 packet, for the control plane to parse): control messages
 * (T bit; handle 0), and PPP frames of any other protocol — LCP, PAP, CHAP, EAP, IPCP, IPV6CP,
 * CCP, and unknown ones, which LCP must Protocol-Reject (RFC 1661 §5.7) — and IPv6 from a
 * link-local or unspecified source (neighbour discovery on the PPP link), with the session's
 * handle. Everything else is dropped under the counter of the rule it broke.
 * <p>
 * A non-zero UDP checksum is verified (RFC 1122 §4.1.3.4); zero means none (RFC 768). Ns is
 * tracked whenever the S bit is set: a data message behind the last one accepted (a duplicate
 * or a reordered one) is dropped, which RFC 2661 §5.4 allows a receiver that does not reorder;
 * gaps (lost messages) are counted. The inner source must be the client's own address, so a
 * client cannot spoof another's.
 * <p>
 * A packet's handle on the way in is the SPI of the ESP SA it came through, 0 if it came in
 * clear (plain L2TP, when the operator allows it). A session whose packets leave through an SA
 * takes nothing in clear (RFC 3193 §4), so plain L2TP cannot be injected into an L2TP/IPsec
 * session by someone who forges its peer's address.
 */
public final class L2tpDecap
{
    private static final int IPV6_HEADER_LENGTH = 40;
    private static final int IPV6_PAYLOAD_LENGTH = 4;
    private static final int IPV6_SOURCE = 8;
    /** fe80::/10, the high 10 bits of a link-local address. */
    private static final long IPV6_LINK_LOCAL_PREFIX = 0xFE80L >>> 6;

    private final SessionTable sessions;
    private final NodeCounters<L2tpCounter> counters;
    private final PacketBuffer buffer = new PacketBuffer();

    // Where the packet being parsed ends, and where its L2TP payload (the PPP frame) starts.
    private int messageEnd;
    private int payloadStart;

    public L2tpDecap(final SessionTable sessions, final NodeCounters<L2tpCounter> counters)
    {
        this.sessions = sessions;
        this.counters = counters;
    }

    /** Processes every packet of the vector whose next is {@link PacketVector#NEXT_FORWARD}. */
    public void process(final PacketVector vector)
    {
        int decapsulated = 0;
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) == PacketVector.NEXT_FORWARD && decapsulate(vector, i))
            {
                decapsulated++;
            }
        }
        counters.add(L2tpCounter.DECAPSULATED, decapsulated);
    }

    /** Returns true if the packet was forwarded as its inner IP packet. */
    private boolean decapsulate(final PacketVector vector, final int i)
    {
        buffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
        final PacketBuffer buf = buffer;
        final int ip = vector.offset(i);
        final boolean inClear = vector.handle(i) == 0;
        final L2tpCounter ipError = verifyIpAndUdp(buf, ip, vector.length(i));
        if (ipError != null)
        {
            return drop(vector, i, ipError);
        }
        final int udp = ip + Ipv4.headerLength(buf, ip);
        final int l2tp = udp + UDP_HEADER_LENGTH;
        if (messageEnd - l2tp < 2)
        {
            return drop(vector, i, L2tpCounter.TRUNCATED);
        }
        final int flags = buf.getShort(l2tp + FLAGS_VERSION, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if ((flags & VERSION_MASK) != VERSION)
        {
            return drop(vector, i, L2tpCounter.BAD_VERSION);  // RFC 2661 §3.1: unknown Ver MUST be discarded
        }
        if ((flags & FLAG_TYPE) != 0)
        {
            return punt(vector, i, 0, L2tpCounter.PUNT_CONTROL);
        }
        final L2tpCounter headerError = verifyDataHeader(buf, l2tp, flags);
        if (headerError != null)
        {
            return drop(vector, i, headerError);
        }
        final int ids = l2tp + 2 + ((flags & FLAG_LENGTH) != 0 ? LENGTH_FIELD_LENGTH : 0);
        final L2tpSession s = sessions.lookup(
            buf.getShort(ids, ByteOrder.BIG_ENDIAN) & 0xFFFF, buf.getShort(ids + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        if (s == null)
        {
            return newSession(vector, i, buf);
        }
        if (Ipv4.source(buf, ip) != s.peerAddress ||
            (buf.getShort(udp + UDP_SOURCE_PORT, ByteOrder.BIG_ENDIAN) & 0xFFFF) != s.peerPort)
        {
            return drop(vector, i, L2tpCounter.WRONG_PEER);
        }
        if (inClear && s.espSaHandle != 0)
        {
            return drop(vector, i, L2tpCounter.CLEAR_FOR_IPSEC_SESSION);
        }
        if ((flags & FLAG_SEQUENCE) != 0 && !acceptNs(s, buf.getShort(ids + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF))
        {
            return drop(vector, i, L2tpCounter.STALE_NS);
        }
        final int ppp = Ppp.readHeader(buf, payloadStart, messageEnd);
        if (ppp == Ppp.TRUNCATED)
        {
            return drop(vector, i, L2tpCounter.TRUNCATED_PPP);
        }
        final int inner = payloadStart + Ppp.headerLength(ppp);
        return switch (Ppp.protocol(ppp))
        {
            case Ppp.PROTOCOL_IPV4 -> forwardIpv4(vector, i, buf, s, inner);
            case Ppp.PROTOCOL_IPV6 -> forwardIpv6(vector, i, buf, s, inner);
            default -> punt(vector, i, s.handle, L2tpCounter.PUNT_PPP);
        };
    }

    /**
     * A data message of a session the dataplane does not know. The control plane installs a
     * session only once its PPP link is up, so LCP, authentication and IPCP (RFC 1661 §2:
     * protocols 0x8000 and above are control protocols) of a session being set up arrive here
     * and are punted; anything else is dropped. Packets in clear reach this node only when the
     * operator allowed plain L2TP; the control plane tells them apart by their SPI, 0.
     */
    private boolean newSession(final PacketVector vector, final int i, final PacketBuffer buf)
    {
        final int ppp = Ppp.readHeader(buf, payloadStart, messageEnd);
        if (ppp == Ppp.TRUNCATED || Ppp.protocol(ppp) < 0x8000)
        {
            return drop(vector, i, L2tpCounter.UNKNOWN_SESSION);
        }
        return punt(vector, i, 0, L2tpCounter.PUNT_PPP_NEW_SESSION);
    }

    /**
     * An unfragmented IPv4 packet whose lengths agree, carrying UDP to port 1701 whose length
     * fits and whose checksum, if any, is right. Sets {@link #messageEnd} to the datagram's end.
     */
    private L2tpCounter verifyIpAndUdp(final PacketBuffer buf, final int ip, final int length)
    {
        if (length < Ipv4.MIN_HEADER_LENGTH || Ipv4.version(buf, ip) != 4)
        {
            return L2tpCounter.BAD_IP_HEADER;
        }
        final int ihl = Ipv4.headerLength(buf, ip);
        final int totalLength = Ipv4.totalLength(buf, ip);
        if (ihl < Ipv4.MIN_HEADER_LENGTH || totalLength < ihl || totalLength > length)
        {
            return L2tpCounter.BAD_IP_HEADER;
        }
        if (Ipv4.isFragment(buf, ip))
        {
            return L2tpCounter.IP_FRAGMENT;
        }
        final int udp = ip + ihl;
        if (Ipv4.protocol(buf, ip) != Ipv4.PROTOCOL_UDP || totalLength - ihl < UDP_HEADER_LENGTH ||
            (buf.getShort(udp + UDP_DESTINATION_PORT, ByteOrder.BIG_ENDIAN) & 0xFFFF) !=
            L2tpSessionConfig.L2TP_PORT)
        {
            return L2tpCounter.NOT_L2TP;
        }
        // RFC 768: the datagram is as long as the UDP header says, at least its own 8 bytes.
        final int udpLength = buf.getShort(udp + UDP_LENGTH, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (udpLength < UDP_HEADER_LENGTH || udpLength > totalLength - ihl)
        {
            return L2tpCounter.BAD_UDP_LENGTH;
        }
        if (buf.getShort(udp + UDP_CHECKSUM) != 0 && NatTraversal.transportChecksum(buf, udp, udpLength,
            Ipv4.PROTOCOL_UDP, Ipv4.source(buf, ip), Ipv4.destination(buf, ip)) != 0)
        {
            return L2tpCounter.BAD_UDP_CHECKSUM;
        }
        messageEnd = udp + udpLength;
        return null;
    }

    /**
     * The optional fields of a data header (RFC 2661 §3.1) fit in the message, and its Length,
     * if present, is the message's. Sets {@link #payloadStart} past the offset padding.
     */
    private L2tpCounter verifyDataHeader(final PacketBuffer buf, final int l2tp, final int flags)
    {
        final int end = messageEnd;
        int p = l2tp + 2;
        if ((flags & FLAG_LENGTH) != 0)
        {
            if (end - p < LENGTH_FIELD_LENGTH)
            {
                return L2tpCounter.TRUNCATED;
            }
            if ((buf.getShort(p, ByteOrder.BIG_ENDIAN) & 0xFFFF) != end - l2tp)
            {
                return L2tpCounter.BAD_LENGTH;
            }
            p += LENGTH_FIELD_LENGTH;
        }
        p += 4;  // Tunnel ID, Session ID
        if ((flags & FLAG_SEQUENCE) != 0)
        {
            p += SEQUENCE_FIELDS_LENGTH;
        }
        if ((flags & FLAG_OFFSET) != 0)
        {
            if (end - p < OFFSET_SIZE_LENGTH)
            {
                return L2tpCounter.TRUNCATED;
            }
            p += OFFSET_SIZE_LENGTH + (buf.getShort(p, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        }
        if (p > end)
        {
            return L2tpCounter.TRUNCATED;
        }
        payloadStart = p;
        return null;
    }

    /**
     * Accepts Ns at or ahead of the one expected (RFC 1982 serial arithmetic over 16 bits),
     * counting the messages skipped; anything behind is a duplicate or came late.
     */
    private boolean acceptNs(final L2tpSession s, final int ns)
    {
        final int ahead = (ns - s.expectedNs) & 0xFFFF;
        if (ahead >= 0x8000)
        {
            return false;
        }
        if (ahead != 0)
        {
            counters.add(L2tpCounter.DATA_LOST, ahead);
        }
        s.expectedNs = (ns + 1) & 0xFFFF;
        return true;
    }

    private boolean forwardIpv4(
        final PacketVector vector, final int i, final PacketBuffer buf, final L2tpSession s, final int inner)
    {
        final int available = messageEnd - inner;
        if (available < Ipv4.MIN_HEADER_LENGTH || Ipv4.version(buf, inner) != 4)
        {
            return drop(vector, i, L2tpCounter.BAD_INNER_IPV4);
        }
        final int ihl = Ipv4.headerLength(buf, inner);
        final int totalLength = Ipv4.totalLength(buf, inner);
        if (ihl < Ipv4.MIN_HEADER_LENGTH || totalLength < ihl || totalLength > available)
        {
            return drop(vector, i, L2tpCounter.BAD_INNER_IPV4);
        }
        final int source = Ipv4.source(buf, inner);
        if (source == 0 || source != s.clientAddress)
        {
            return drop(vector, i, L2tpCounter.SPOOFED_IPV4_SOURCE);
        }
        return forward(vector, i, s, inner, totalLength);
    }

    private boolean forwardIpv6(
        final PacketVector vector, final int i, final PacketBuffer buf, final L2tpSession s, final int inner)
    {
        final int available = messageEnd - inner;
        if (available < IPV6_HEADER_LENGTH || (buf.getByte(inner) & 0xF0) != 0x60)
        {
            return drop(vector, i, L2tpCounter.BAD_INNER_IPV6);
        }
        final int length = IPV6_HEADER_LENGTH +
            (buf.getShort(inner + IPV6_PAYLOAD_LENGTH, ByteOrder.BIG_ENDIAN) & 0xFFFF);
        if (length > available)
        {
            return drop(vector, i, L2tpCounter.BAD_INNER_IPV6);
        }
        final long sourcePrefix = buf.getLong(inner + IPV6_SOURCE, ByteOrder.BIG_ENDIAN);
        final long sourceInterface = buf.getLong(inner + IPV6_SOURCE + 8, ByteOrder.BIG_ENDIAN);
        if ((sourcePrefix >>> 54) == IPV6_LINK_LOCAL_PREFIX || (sourcePrefix | sourceInterface) == 0)
        {
            return punt(vector, i, s.handle, L2tpCounter.PUNT_IPV6_LINK_LOCAL);
        }
        if (s.clientIpv6Prefix == 0 || sourcePrefix != s.clientIpv6Prefix)
        {
            return drop(vector, i, L2tpCounter.SPOOFED_IPV6_SOURCE);
        }
        return forward(vector, i, s, inner, length);
    }

    private static boolean forward(
        final PacketVector vector, final int i, final L2tpSession s, final int inner, final int length)
    {
        vector.data(i, inner, length);
        vector.handle(i, s.handle);
        s.rxPackets++;
        s.rxBytes += length;
        return true;
    }

    private boolean punt(final PacketVector vector, final int i, final int handle, final L2tpCounter reason)
    {
        counters.increment(reason);
        vector.handle(i, handle);
        vector.next(i, PacketVector.NEXT_PUNT);
        return false;
    }

    private boolean drop(final PacketVector vector, final int i, final L2tpCounter reason)
    {
        counters.increment(reason);
        vector.next(i, PacketVector.NEXT_DROP);
        return false;
    }
}
