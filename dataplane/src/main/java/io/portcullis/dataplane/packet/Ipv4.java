package io.portcullis.dataplane.packet;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * IPv4 header layout (RFC 791 §3.1) and the few operations ESP needs.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * |         Identification        |Flags|      Fragment Offset    |
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * |                       Source Address                          |
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv4
{
    public static final int MIN_HEADER_LENGTH = 20;
    public static final int VERSION_IHL = 0;
    public static final int TOS = 1;
    public static final int TOTAL_LENGTH = 2;
    public static final int IDENTIFICATION = 4;
    public static final int FLAGS_FRAGMENT = 6;
    public static final int TTL = 8;
    public static final int PROTOCOL = 9;
    public static final int CHECKSUM = 10;
    public static final int SOURCE = 12;
    public static final int DESTINATION = 16;

    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    public static final int PROTOCOL_IPV4 = 4;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;
    public static final int PROTOCOL_IPV6 = 41;
    public static final int PROTOCOL_ESP = 50;
    /** RFC 4303 §2.6: "no next header", a dummy packet for traffic flow confidentiality. */
    public static final int PROTOCOL_NONE = 59;

    public static final int DEFAULT_TTL = 64;

    private Ipv4()
    {
    }

    public static int headerLength(final MutableDirectBuffer buffer, final int ip)
    {
        return (buffer.getByte(ip + VERSION_IHL) & 0x0F) * 4;
    }

    public static int version(final MutableDirectBuffer buffer, final int ip)
    {
        return (buffer.getByte(ip + VERSION_IHL) & 0xF0) >>> 4;
    }

    public static int totalLength(final MutableDirectBuffer buffer, final int ip)
    {
        return buffer.getShort(ip + TOTAL_LENGTH, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public static int protocol(final MutableDirectBuffer buffer, final int ip)
    {
        return buffer.getByte(ip + PROTOCOL) & 0xFF;
    }

    public static int source(final MutableDirectBuffer buffer, final int ip)
    {
        return buffer.getInt(ip + SOURCE, ByteOrder.BIG_ENDIAN);
    }

    public static int destination(final MutableDirectBuffer buffer, final int ip)
    {
        return buffer.getInt(ip + DESTINATION, ByteOrder.BIG_ENDIAN);
    }

    public static boolean isFragment(final MutableDirectBuffer buffer, final int ip)
    {
        final int flagsFragment = buffer.getShort(ip + FLAGS_FRAGMENT, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        return (flagsFragment & (FLAG_MF | FRAGMENT_OFFSET_MASK)) != 0;
    }

    /** Recomputes the header checksum (RFC 791) of the header at {@code ip}. */
    public static void updateChecksum(final MutableDirectBuffer buffer, final int ip, final int headerLength)
    {
        buffer.putShort(ip + CHECKSUM, (short)0);
        final int checksum = InternetChecksum.fold(InternetChecksum.sum(buffer, ip, headerLength, 0));
        buffer.putShort(ip + CHECKSUM, (short)checksum, ByteOrder.BIG_ENDIAN);
    }

    public static boolean checksumValid(final DirectBuffer buffer, final int ip, final int headerLength)
    {
        if (headerLength == MIN_HEADER_LENGTH)
        {
            // Nearly every header: five 32-bit words in the machine's order. A sum folds to 0xFFFF
            // (all ones, the same bytes in either order) exactly when the checksum is right
            // (RFC 1071 §2 (B), (C)), so no byte swap is needed.
            final long sum = (buffer.getInt(ip) & 0xFFFF_FFFFL) + (buffer.getInt(ip + 4) & 0xFFFF_FFFFL) +
                (buffer.getInt(ip + 8) & 0xFFFF_FFFFL) + (buffer.getInt(ip + 12) & 0xFFFF_FFFFL) +
                (buffer.getInt(ip + 16) & 0xFFFF_FFFFL);
            return InternetChecksum.fold(sum) == 0;
        }
        return InternetChecksum.fold(InternetChecksum.sum(buffer, ip, headerLength, 0)) == 0;
    }

    /**
     * Writes a 20-byte IPv4 header, TTL 64, no fragmentation flags, with its checksum summed
     * from the values rather than read back from the buffer.
     */
    public static void writeHeader(
        final MutableDirectBuffer buf, final int ip, final int totalLength, final int protocol, final int source,
        final int destination, final short identification, final int tos)
    {
        final int versionIhlTos = 0x4500 | (tos & 0xFF);
        final int ttlProtocol = (DEFAULT_TTL << 8) | (protocol & 0xFF);
        final int sum = versionIhlTos + (totalLength & 0xFFFF) + (identification & 0xFFFF) + ttlProtocol +
            (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF);  // 8 words
        buf.putShort(ip + VERSION_IHL, (short)versionIhlTos, ByteOrder.BIG_ENDIAN);
        buf.putShort(ip + TOTAL_LENGTH, (short)totalLength, ByteOrder.BIG_ENDIAN);
        buf.putShort(ip + IDENTIFICATION, identification, ByteOrder.BIG_ENDIAN);
        buf.putShort(ip + FLAGS_FRAGMENT, (short)0);
        buf.putShort(ip + TTL, (short)ttlProtocol, ByteOrder.BIG_ENDIAN);
        buf.putShort(ip + CHECKSUM, (short)InternetChecksum.foldWords(sum), ByteOrder.BIG_ENDIAN);
        buf.putInt(ip + SOURCE, source, ByteOrder.BIG_ENDIAN);
        buf.putInt(ip + DESTINATION, destination, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Sets the protocol and total length of a header whose checksum was right, updating the
     * checksum incrementally (RFC 1624) instead of summing the header again. A header that
     * arrived with a wrong checksum keeps a wrong one.
     */
    public static void rewriteProtocolAndLength(
        final MutableDirectBuffer buf, final int ip, final int protocol, final int totalLength)
    {
        final int oldTtlProtocol = buf.getShort(ip + TTL, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int newTtlProtocol = (oldTtlProtocol & 0xFF00) | (protocol & 0xFF);
        final int oldLength = buf.getShort(ip + TOTAL_LENGTH, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int checksum = InternetChecksum.update16x2(buf.getShort(ip + CHECKSUM, ByteOrder.BIG_ENDIAN) & 0xFFFF,
            oldTtlProtocol, newTtlProtocol, oldLength, totalLength);
        buf.putShort(ip + TTL, (short)newTtlProtocol, ByteOrder.BIG_ENDIAN);
        buf.putShort(ip + TOTAL_LENGTH, (short)totalLength, ByteOrder.BIG_ENDIAN);
        buf.putShort(ip + CHECKSUM, (short)checksum, ByteOrder.BIG_ENDIAN);
    }

    /**
     * {@link #moveHeader} then {@link #rewriteProtocolAndLength} at the new place, as ESP
     * transport mode does in both directions (RFC 4303 §3.1.1), in one step for a 20-byte header:
     * its five words are read into registers, the two that change are rewritten there, and all
     * five stored. Rewriting after the move would read 16-bit fields back out of 32-bit stores
     * just made, which the CPU cannot always forward from its store buffer and stalls on.
     */
    public static void moveHeaderWithProtocolAndLength(
        final MutableDirectBuffer buf, final int from, final int to, final int headerLength, final int protocol,
        final int totalLength)
    {
        if (headerLength != MIN_HEADER_LENGTH)
        {
            moveHeader(buf, from, to, headerLength);
            rewriteProtocolAndLength(buf, to, protocol, totalLength);
            return;
        }
        final int versionTosLength = buf.getInt(from, ByteOrder.BIG_ENDIAN);
        final int identificationFragment = buf.getInt(from + 4);
        final int ttlProtocolChecksum = buf.getInt(from + TTL, ByteOrder.BIG_ENDIAN);
        final int source = buf.getInt(from + SOURCE);
        final int destination = buf.getInt(from + DESTINATION);
        final int oldTtlProtocol = ttlProtocolChecksum >>> 16;
        final int newTtlProtocol = (oldTtlProtocol & 0xFF00) | (protocol & 0xFF);
        final int checksum = InternetChecksum.update16x2(ttlProtocolChecksum & 0xFFFF, oldTtlProtocol,
            newTtlProtocol, versionTosLength & 0xFFFF, totalLength & 0xFFFF);
        buf.putInt(to, (versionTosLength & 0xFFFF_0000) | (totalLength & 0xFFFF), ByteOrder.BIG_ENDIAN);
        buf.putInt(to + 4, identificationFragment);
        buf.putInt(to + TTL, (newTtlProtocol << 16) | checksum, ByteOrder.BIG_ENDIAN);
        buf.putInt(to + SOURCE, source);
        buf.putInt(to + DESTINATION, destination);
    }

    /**
     * Moves a header of {@code length} bytes (a multiple of 4, as IHL is) from {@code from} to
     * {@code to} in the same buffer; the two may overlap.
     */
    public static void moveHeader(final MutableDirectBuffer buf, final int from, final int to, final int length)
    {
        if (to < from)
        {
            for (int k = 0; k < length; k += 4)
            {
                buf.putInt(to + k, buf.getInt(from + k));
            }
        }
        else
        {
            for (int k = length - 4; k >= 0; k -= 4)
            {
                buf.putInt(to + k, buf.getInt(from + k));
            }
        }
    }
}
