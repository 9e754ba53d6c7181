package io.portcullis.dataplane.l2tp;

import io.portcullis.dataplane.packet.Ipv4;

import static io.portcullis.dataplane.l2tp.L2tpDescriptor.*;

/**
 * What l2tp-encap writes in front of each inner packet of one session, worked out once when
 * the session is made (its addresses, ports, ids and framing never change; a change is a new
 * session), so that a packet's headers go down as a few 8-byte stores with only the lengths,
 * the Identification, Ns and the checksums filled in: VPP's rewrite string.
 * <p>
 * The headers are an outer IPv4 header (20 bytes, TTL 64, no options, not fragmented), UDP,
 * the RFC 2661 §3.1 data header and the PPP header, {@link #length} bytes in all. The L2TP and
 * PPP part (7 to 16 bytes) is kept as the last 16 bytes before the inner packet, {@link #tailHigh}
 * and {@link #tailLow}, big-endian; the bytes of it that precede the L2TP header belong to UDP and
 * IPv4 and are overwritten by them.
 */
final class L2tpFraming
{
    static final int TAIL = 16;
    private static final int TTL_PROTOCOL_UDP = (Ipv4.DEFAULT_TTL << 8) | Ipv4.PROTOCOL_UDP;
    /** The last byte of the PPP header: IPv4 (0x0021) and IPv6 (0x0057) differ only there. */
    private static final int PPP_IPV4_TO_IPV6 = Ppp.PROTOCOL_IPV4 ^ Ppp.PROTOCOL_IPV6;

    /** Bytes from the outer IPv4 header's start to the inner packet's. */
    final int length;
    /** The L2TP data header's length (6 to 12). */
    final int l2tpLength;
    /** Where the L2TP Length field is, counted back from the inner packet; 0 if the session sends none. */
    final int lengthFieldBack;
    /** Where Ns is, counted back from the inner packet; 0 if the session does not sequence. */
    final int nsBack;
    final long tailHigh;
    final long tailLow;
    /** The outer IPv4 header's words that never change, summed: all but TOS, Total Length and Identification. */
    final int outerSum;
    /** The UDP pseudo-header's words that never change, summed: all but the UDP length (RFC 768). */
    final int pseudoHeaderSum;
    /** Addresses and ports as their header words: destination address, source port, destination port. */
    final long destinationAndPorts;
    final long ttlProtocolSource;

    L2tpFraming(
        final int localAddress, final int peerAddress, final int localPort, final int peerPort,
        final int peerTunnelId, final int peerSessionId, final boolean lengthField, final boolean sequencing,
        final boolean addressControlCompression, final boolean protocolCompression)
    {
        l2tpLength = dataHeaderLength(lengthField, sequencing);
        final int pppLength = Ppp.headerLength(Ppp.PROTOCOL_IPV4, addressControlCompression, protocolCompression);
        final int tailLength = l2tpLength + pppLength;
        length = Ipv4.MIN_HEADER_LENGTH + UDP_HEADER_LENGTH + tailLength;

        // The tail, written out byte by byte into its 16-byte window, right-aligned.
        final byte[] tail = new byte[TAIL];
        int p = TAIL - tailLength;
        final int flags = VERSION | (lengthField ? FLAG_LENGTH : 0) | (sequencing ? FLAG_SEQUENCE : 0);
        p = putShort(tail, p, flags);
        lengthFieldBack = lengthField ? TAIL - p : 0;
        if (lengthField)
        {
            p = putShort(tail, p, 0);  // per packet
        }
        p = putShort(tail, p, peerTunnelId);
        p = putShort(tail, p, peerSessionId);
        nsBack = sequencing ? TAIL - p : 0;
        if (sequencing)
        {
            p = putShort(tail, p, 0);  // Ns, per packet
            p = putShort(tail, p, 0);  // Nr: reserved in data messages, sent as 0
        }
        if (!addressControlCompression)
        {
            p = putShort(tail, p, Ppp.ADDRESS_CONTROL);
        }
        if (protocolCompression)
        {
            tail[p++] = (byte)Ppp.PROTOCOL_IPV4;
        }
        else
        {
            p = putShort(tail, p, Ppp.PROTOCOL_IPV4);
        }
        tailHigh = bigEndianLong(tail, 0);
        tailLow = bigEndianLong(tail, 8);

        outerSum = 0x4500 + TTL_PROTOCOL_UDP + words(localAddress) + words(peerAddress);
        pseudoHeaderSum = words(localAddress) + words(peerAddress) + Ipv4.PROTOCOL_UDP;
        ttlProtocolSource = ((long)TTL_PROTOCOL_UDP << 48) | (localAddress & 0xFFFF_FFFFL);
        destinationAndPorts = ((long)peerAddress << 32) | ((long)(localPort & 0xFFFF) << 16) | (peerPort & 0xFFFF);
    }

    /** {@link #tailLow} for an inner packet of PPP protocol IPv4 or (false) IPv6. */
    long tailLow(final boolean ipv4)
    {
        return ipv4 ? tailLow : tailLow ^ PPP_IPV4_TO_IPV6;
    }

    private static int words(final int address)
    {
        return (address >>> 16) + (address & 0xFFFF);
    }

    private static int putShort(final byte[] bytes, final int p, final int value)
    {
        bytes[p] = (byte)(value >>> 8);
        bytes[p + 1] = (byte)value;
        return p + 2;
    }

    private static long bigEndianLong(final byte[] bytes, final int from)
    {
        long value = 0;
        for (int k = 0; k < 8; k++)
        {
            value = (value << 8) | (bytes[from + k] & 0xFF);
        }
        return value;
    }
}
