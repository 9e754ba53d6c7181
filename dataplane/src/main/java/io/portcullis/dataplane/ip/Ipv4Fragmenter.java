package io.portcullis.dataplane.ip;

import java.nio.ByteOrder;

import io.portcullis.dataplane.packet.InternetChecksum;
import io.portcullis.dataplane.packet.Ipv4;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * IPv4 fragmentation (RFC 791 §3.2, "an example fragmentation procedure"), without allocation:
 * the caller asks how many fragments a packet needs, supplies a buffer for each fragment after
 * the first, and finally cuts the original packet down to the first fragment in place.
 * <pre>
 *   int n = Ipv4Fragmenter.fragmentCount(buf, ip, length, mtu);   // -1: DF set, send ICMP instead
 *   for (int k = 1; k < n; k++) lengths[k] = Ipv4Fragmenter.writeFragment(buf, ip, length, mtu, k, dst[k], off[k]);
 *   lengths[0] = Ipv4Fragmenter.truncateToFirst(buf, ip, length, mtu);
 * </pre>
 * The first fragment keeps every option; the others carry only the options whose copied flag
 * is set (RFC 791 §3.1), padded to a 4-byte boundary. Every fragment but the last carries a
 * multiple of 8 data bytes. A packet that is itself a fragment is split again: offsets add up
 * and the last piece keeps the original's MF flag.
 */
public final class Ipv4Fragmenter
{
    /** RFC 791 §3.2: every internet module must be able to forward a 68-byte datagram. */
    public static final int MIN_MTU = 68;
    public static final int DONT_FRAGMENT = -1;

    private static final int OPTION_COPIED = 0x80;

    private Ipv4Fragmenter()
    {
    }

    /**
     * How many fragments the packet of {@code length} bytes at {@code ip} needs to fit
     * {@code mtu}: 1 if it fits already, {@link #DONT_FRAGMENT} if it does not and DF is set
     * (RFC 1191: answer with ICMP fragmentation needed), 0 if {@code mtu} is below
     * {@link #MIN_MTU}.
     */
    public static int fragmentCount(final DirectBuffer buf, final int ip, final int length, final int mtu)
    {
        if (length <= mtu)
        {
            return 1;
        }
        if ((buf.getShort(ip + Ipv4.FLAGS_FRAGMENT, ByteOrder.BIG_ENDIAN) & Ipv4.FLAG_DF) != 0)
        {
            return DONT_FRAGMENT;
        }
        if (mtu < MIN_MTU)
        {
            return 0;
        }
        final int ihl = headerLength(buf, ip);
        final int payload = length - ihl;
        final int first = (mtu - ihl) & ~7;
        final int rest = (mtu - laterHeaderLength(buf, ip, ihl)) & ~7;
        return 1 + (payload - first + rest - 1) / rest;
    }

    /**
     * Writes fragment {@code k} (1 to count - 1) of the packet into {@code dst} at
     * {@code dstOffset}, which must have room for {@code mtu} bytes; returns its length.
     */
    public static int writeFragment(
        final DirectBuffer buf, final int ip, final int length, final int mtu, final int k,
        final MutableDirectBuffer dst, final int dstOffset)
    {
        final int ihl = headerLength(buf, ip);
        final int laterIhl = laterHeaderLength(buf, ip, ihl);
        final int first = (mtu - ihl) & ~7;
        final int rest = (mtu - laterIhl) & ~7;
        final int payload = length - ihl;
        final int dataStart = first + (k - 1) * rest;
        final int dataLength = Math.min(rest, payload - dataStart);
        final boolean last = dataStart + dataLength == payload;

        dst.putBytes(dstOffset, buf, ip, Ipv4.MIN_HEADER_LENGTH);
        int to = dstOffset + Ipv4.MIN_HEADER_LENGTH;
        for (int p = ip + Ipv4.MIN_HEADER_LENGTH, end = ip + ihl; p < end; )
        {
            final int type = buf.getByte(p) & 0xFF;
            if (type == 0)
            {
                break;
            }
            final int optionLength = type == 1 ? 1 : buf.getByte(p + 1) & 0xFF;
            if (type != 1 && (optionLength < 2 || p + optionLength > end))
            {
                break;  // malformed (ip4-input drops these): copy no more
            }
            if ((type & OPTION_COPIED) != 0)
            {
                dst.putBytes(to, buf, p, optionLength);
                to += optionLength;
            }
            p += optionLength;
        }
        while (to < dstOffset + laterIhl)
        {
            dst.putByte(to++, (byte)0);  // end of option list, as padding
        }
        dst.putBytes(dstOffset + laterIhl, buf, ip + ihl + dataStart, dataLength);
        dst.putByte(dstOffset + Ipv4.VERSION_IHL, (byte)(0x40 | laterIhl / 4));
        writeFragmentFields(dst, dstOffset, laterIhl, laterIhl + dataLength,
            originalFlags(buf, ip), dataStart, !last);
        return laterIhl + dataLength;
    }

    /** Cuts the packet in place down to its first fragment; returns that fragment's length. */
    public static int truncateToFirst(final MutableDirectBuffer buf, final int ip, final int length, final int mtu)
    {
        final int ihl = headerLength(buf, ip);
        final int first = (mtu - ihl) & ~7;
        writeFragmentFields(buf, ip, ihl, ihl + first, originalFlags(buf, ip), 0, true);
        return ihl + first;
    }

    /**
     * Sets total length, MF and offset (relative to the original's own offset, so that a
     * fragment can be split again) and the header checksum.
     */
    private static void writeFragmentFields(
        final MutableDirectBuffer buf, final int ip, final int ihl, final int totalLength, final int originalFlags,
        final int dataStart, final boolean more)
    {
        final boolean originalMore = (originalFlags & Ipv4.FLAG_MF) != 0;
        final int offset = (originalFlags & Ipv4.FRAGMENT_OFFSET_MASK) + dataStart / 8;
        final int flags = (originalFlags & ~(Ipv4.FLAG_MF | Ipv4.FRAGMENT_OFFSET_MASK)) |
            (more || originalMore ? Ipv4.FLAG_MF : 0) | offset;
        buf.putShort(ip + Ipv4.TOTAL_LENGTH, (short)totalLength, ByteOrder.BIG_ENDIAN);
        buf.putShort(ip + Ipv4.FLAGS_FRAGMENT, (short)flags, ByteOrder.BIG_ENDIAN);
        buf.putShort(ip + Ipv4.CHECKSUM, (short)0);
        buf.putShort(ip + Ipv4.CHECKSUM, (short)InternetChecksum.fold(InternetChecksum.sum(buf, ip, ihl, 0)),
            ByteOrder.BIG_ENDIAN);
    }

    /**
     * The flags and offset of the packet being fragmented. {@link #truncateToFirst} runs last
     * and rewrites them, so until then the header still holds the original's.
     */
    private static int originalFlags(final DirectBuffer buf, final int ip)
    {
        return buf.getShort(ip + Ipv4.FLAGS_FRAGMENT, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    private static int headerLength(final DirectBuffer buf, final int ip)
    {
        return (buf.getByte(ip + Ipv4.VERSION_IHL) & 0x0F) * 4;
    }

    /** Header length of the fragments after the first: 20 plus the copied options, padded. */
    static int laterHeaderLength(final DirectBuffer buf, final int ip, final int ihl)
    {
        int copied = 0;
        for (int p = ip + Ipv4.MIN_HEADER_LENGTH, end = ip + ihl; p < end; )
        {
            final int type = buf.getByte(p) & 0xFF;
            if (type == 0)
            {
                break;
            }
            if (type == 1)
            {
                p++;
                continue;
            }
            final int optionLength = buf.getByte(p + 1) & 0xFF;
            if (optionLength < 2 || p + optionLength > end)
            {
                break;
            }
            if ((type & OPTION_COPIED) != 0)
            {
                copied += optionLength;
            }
            p += optionLength;
        }
        return Ipv4.MIN_HEADER_LENGTH + ((copied + 3) & ~3);
    }
}
