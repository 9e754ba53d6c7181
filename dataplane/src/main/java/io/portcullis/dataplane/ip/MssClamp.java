package io.portcullis.dataplane.ip;

import java.nio.ByteOrder;

import io.portcullis.dataplane.packet.InternetChecksum;
import io.portcullis.dataplane.packet.Ipv4;
import org.agrona.MutableDirectBuffer;

/**
 * TCP MSS clamping: lowers the maximum segment size option (RFC 9293 §3.7.1, kind 2, length 4)
 * of SYN and SYN-ACK segments passing through, so that neither end sends segments that, once
 * tunnelled, exceed the egress MTU. Applied in both directions, the same way. A SYN without the
 * option is left alone (its implied 536 is below any clamp). The TCP checksum is updated
 * incrementally (RFC 1624), so a wrong checksum stays wrong.
 */
public final class MssClamp
{
    /** Not a TCP SYN (or not the first fragment): nothing to do. */
    public static final int NOT_SYN = 0;
    /** A SYN without an MSS option. */
    public static final int NO_MSS_OPTION = 1;
    /** A SYN whose MSS was already at or below the maximum. */
    public static final int UNCHANGED = 2;
    /** A SYN whose MSS was lowered to the maximum. */
    public static final int CLAMPED = 3;
    /** A SYN whose TCP header or options do not fit the packet: left untouched. */
    public static final int MALFORMED = 4;

    private static final int TCP_MIN_HEADER = 20;
    private static final int TCP_DATA_OFFSET = 12;
    private static final int TCP_FLAGS = 13;
    private static final int TCP_CHECKSUM = 16;
    private static final int FLAG_SYN = 0x02;
    private static final int OPTION_END = 0;
    private static final int OPTION_NOP = 1;
    private static final int OPTION_MSS = 2;

    private MssClamp()
    {
    }

    /**
     * The default clamp: the inner MTU of the tunnel (see {@link TunnelOverhead}) less the inner
     * IPv4 and TCP headers (20 + 20).
     */
    public static int defaultMaxMss(final int innerMtu)
    {
        return innerMtu - TunnelOverhead.INNER_IPV4 - TunnelOverhead.TCP;
    }

    /**
     * Clamps the MSS option of the IPv4 packet of {@code length} bytes at {@code ip} (a header
     * ip4-input accepted) to {@code maxMss}; returns one of the constants above.
     */
    public static int fixup(final MutableDirectBuffer buf, final int ip, final int length, final int maxMss)
    {
        if ((buf.getByte(ip + Ipv4.PROTOCOL) & 0xFF) != Ipv4.PROTOCOL_TCP ||
            (buf.getShort(ip + Ipv4.FLAGS_FRAGMENT, ByteOrder.BIG_ENDIAN) & Ipv4.FRAGMENT_OFFSET_MASK) != 0)
        {
            return NOT_SYN;
        }
        final int tcp = ip + (buf.getByte(ip + Ipv4.VERSION_IHL) & 0x0F) * 4;
        final int end = ip + length;
        if (tcp + TCP_MIN_HEADER > end)
        {
            return MALFORMED;
        }
        if ((buf.getByte(tcp + TCP_FLAGS) & FLAG_SYN) == 0)
        {
            return NOT_SYN;
        }
        final int headerLength = ((buf.getByte(tcp + TCP_DATA_OFFSET) & 0xF0) >>> 4) * 4;
        if (headerLength < TCP_MIN_HEADER || tcp + headerLength > end)
        {
            return MALFORMED;
        }
        final int optionsEnd = tcp + headerLength;
        int p = tcp + TCP_MIN_HEADER;
        while (p < optionsEnd)
        {
            final int kind = buf.getByte(p) & 0xFF;
            if (kind == OPTION_END)
            {
                return NO_MSS_OPTION;
            }
            if (kind == OPTION_NOP)
            {
                p++;
                continue;
            }
            if (p + 1 >= optionsEnd)
            {
                return MALFORMED;
            }
            final int optionLength = buf.getByte(p + 1) & 0xFF;
            if (optionLength < 2 || p + optionLength > optionsEnd)
            {
                return MALFORMED;
            }
            if (kind == OPTION_MSS)
            {
                return optionLength == 4 ? clamp(buf, tcp, p + 2, maxMss) : MALFORMED;
            }
            p += optionLength;
        }
        return NO_MSS_OPTION;
    }

    private static int clamp(final MutableDirectBuffer buf, final int tcp, final int at, final int maxMss)
    {
        final int mss = buf.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (mss <= maxMss)
        {
            return UNCHANGED;
        }
        buf.putShort(at, (short)maxMss, ByteOrder.BIG_ENDIAN);
        // The checksum sums 16-bit words from the TCP header's start. An MSS value at an odd
        // offset straddles two words; the one's complement sum is byte-order independent
        // (RFC 1071 §2(B)), so the update works on the byte-swapped values instead.
        final boolean odd = ((at - tcp) & 1) != 0;
        final int oldWord = odd ? swap(mss) : mss;
        final int newWord = odd ? swap(maxMss) : maxMss;
        final int checksum = buf.getShort(tcp + TCP_CHECKSUM, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        buf.putShort(tcp + TCP_CHECKSUM, (short)InternetChecksum.update16(checksum, oldWord, newWord),
            ByteOrder.BIG_ENDIAN);
        return CLAMPED;
    }

    private static int swap(final int value)
    {
        return ((value & 0xFF) << 8) | ((value >>> 8) & 0xFF);
    }
}
