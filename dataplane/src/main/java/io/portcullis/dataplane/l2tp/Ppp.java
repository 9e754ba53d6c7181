package io.portcullis.dataplane.l2tp;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The PPP frame inside an L2TP data message (RFC 1661 §2, with the HDLC-like Address and
 * Control of RFC 1662 §3.1; L2TP carries no flag sequence and no FCS, RFC 2661 §2).
 * <pre>
 * +----------+----------+----------+----------------------------
 * | Address  | Control  | Protocol | Information ...
 * |   0xFF   |   0x03   | 8/16 bits|
 * +----------+----------+----------+----------------------------
 *  \_ omitted with ACFC _/ \_ 8 bits with PFC, if the value fits _/
 * </pre>
 * A receiver must accept both forms whatever was negotiated (RFC 1661 §6.5, §6.6). The two are
 * told apart by the low bit: the first octet of a protocol number is even and the last odd
 * (RFC 1661 §2), so an odd first octet is a compressed one-octet protocol; 0xFF 0x03 is never
 * the start of a protocol field.
 */
final class Ppp
{
    static final int ADDRESS = 0xFF;
    static final int CONTROL = 0x03;
    static final int ADDRESS_CONTROL = (ADDRESS << 8) | CONTROL;

    static final int PROTOCOL_IPV4 = 0x0021;
    static final int PROTOCOL_IPV6 = 0x0057;
    static final int PROTOCOL_IPCP = 0x8021;
    static final int PROTOCOL_IPV6CP = 0x8057;
    static final int PROTOCOL_CCP = 0x80FD;
    static final int PROTOCOL_LCP = 0xC021;
    static final int PROTOCOL_PAP = 0xC023;
    static final int PROTOCOL_CHAP = 0xC223;
    static final int PROTOCOL_EAP = 0xC227;

    /** {@link #readHeader}'s answer when no protocol field fits. */
    static final int TRUNCATED = -1;

    private Ppp()
    {
    }

    /**
     * Reads the header of the frame from {@code offset} to {@code end}: returns the header's length
     * in the bits above 16 and the protocol in the low 16 bits, or {@link #TRUNCATED}.
     */
    static int readHeader(final DirectBuffer buf, final int offset, final int end)
    {
        int p = offset;
        if (end - p >= 2 && (buf.getShort(p, ByteOrder.BIG_ENDIAN) & 0xFFFF) == ADDRESS_CONTROL)
        {
            p += 2;
        }
        if (end - p < 1)
        {
            return TRUNCATED;
        }
        final int first = buf.getByte(p) & 0xFF;
        if ((first & 1) != 0)
        {
            return ((p + 1 - offset) << 16) | first;
        }
        if (end - p < 2)
        {
            return TRUNCATED;
        }
        return ((p + 2 - offset) << 16) | (buf.getShort(p, ByteOrder.BIG_ENDIAN) & 0xFFFF);
    }

    static int headerLength(final int packed)
    {
        return packed >>> 16;
    }

    static int protocol(final int packed)
    {
        return packed & 0xFFFF;
    }

    /** The length of the header {@link #writeHeader} writes. */
    static int headerLength(
        final int protocol, final boolean addressControlCompression, final boolean protocolCompression)
    {
        return (addressControlCompression ? 0 : 2) + (protocolCompression && protocol < 0x100 ? 1 : 2);
    }

    /** Writes the header for {@code protocol} at {@code offset}; returns its length. */
    static int writeHeader(
        final MutableDirectBuffer buf, final int offset, final int protocol, final boolean addressControlCompression,
        final boolean protocolCompression)
    {
        int p = offset;
        if (!addressControlCompression)
        {
            buf.putShort(p, (short)ADDRESS_CONTROL, ByteOrder.BIG_ENDIAN);
            p += 2;
        }
        if (protocolCompression && protocol < 0x100)
        {
            buf.putByte(p, (byte)protocol);
            p += 1;
        }
        else
        {
            buf.putShort(p, (short)protocol, ByteOrder.BIG_ENDIAN);
            p += 2;
        }
        return p - offset;
    }
}
