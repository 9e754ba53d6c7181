package io.portcullis.dataplane.packet;

import java.nio.ByteOrder;

import io.portcullis.dataplane.ffm.OnesComplementSum;
import org.agrona.DirectBuffer;

/** The Internet checksum: RFC 1071 computation and RFC 1624 incremental update. */
public final class InternetChecksum
{
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    /**
     * From this length on, packet memory is summed by the native library's vectorised loop; below
     * it the call's fixed cost would outweigh the gain (ChecksumBenchmark measures both).
     */
    public static final int NATIVE_FROM = 128;

    private InternetChecksum()
    {
    }

    /**
     * One's complement sum of {@code length} bytes (as big-endian 16-bit words) added to
     * {@code sum}, not folded.
     * <p>
     * The hot loop reads 64-bit words in the machine's own byte order and adds their two 32-bit
     * halves to separate accumulators: 2^16 is 1 modulo 2^16 - 1, so sums of wider words fold to
     * the same value, and a sum of byte-swapped words is the byte-swapped sum (RFC 1071 §2 (C),
     * (B)). One swap of the folded result brings it back to network order. Each add is below
     * 2^32 and a datagram has at most 8,192 words, so the accumulators cannot overflow. This is
     * the per-packet cost of verifying an L2TP UDP checksum, hence the care. Long runs of
     * off-heap (packet) memory go to {@link OnesComplementSum} instead.
     */
    public static long sum(final DirectBuffer buffer, final int offset, final int length, final long sum)
    {
        if (length >= NATIVE_FROM && buffer.byteArray() == null)
        {
            return sum + OnesComplementSum.of(buffer.addressOffset() + offset, length);
        }
        return javaSum(buffer, offset, length, sum);
    }

    /** {@link #sum} in Java: any buffer, any length. */
    static long javaSum(final DirectBuffer buffer, final int offset, final int length, final long sum)
    {
        long low = 0;
        long high = 0;
        int i = offset;
        final int end = offset + length;
        for (; i + 15 < end; i += 16)
        {
            final long a = buffer.getLong(i);
            final long b = buffer.getLong(i + 8);
            low += (a & 0xFFFF_FFFFL) + (b & 0xFFFF_FFFFL);
            high += (a >>> 32) + (b >>> 32);
        }
        if (i + 7 < end)
        {
            final long a = buffer.getLong(i);
            low += a & 0xFFFF_FFFFL;
            high += a >>> 32;
            i += 8;
        }
        if (i + 3 < end)
        {
            low += buffer.getInt(i) & 0xFFFF_FFFFL;
            i += 4;
        }
        if (i + 1 < end)
        {
            low += buffer.getShort(i) & 0xFFFF;
            i += 2;
        }
        if (i < end)
        {
            // The odd last byte is the high half of a network-order word padded with zero.
            final int last = buffer.getByte(i) & 0xFF;
            low += LITTLE_ENDIAN ? last : last << 8;
        }
        final int folded = fold16(low + high);
        return sum + (LITTLE_ENDIAN ? Short.reverseBytes((short)folded) & 0xFFFF : folded);
    }

    /** End-around carries down to 16 bits, not complemented. */
    private static int fold16(final long sum)
    {
        long s = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int)s;
    }

    /** Folds a sum to 16 bits and complements it: the value to put in the header. Branch-free. */
    public static int fold(final long sum)
    {
        long s = (sum & 0xFFFF_FFFFL) + (sum >>> 32);   // < 2^33
        s = (s & 0xFFFF) + (s >>> 16);                   // < 2^17 + 2^16
        s = (s & 0xFFFF) + (s >>> 16);                   // <= 0xFFFF + 2
        s = (s & 0xFFFF) + (s >>> 16);                   // <= 0xFFFF
        return (int)(~s & 0xFFFF);
    }

    /** The most 16-bit words whose sum {@link #foldWords} takes. */
    public static final int FOLD_WORDS_MAX = 16;

    /**
     * {@link #fold} for a sum of at most {@link #FOLD_WORDS_MAX} 16-bit words, as header writers
     * and incremental updates make: such a sum is below 2^20, so two end-around carries bring it
     * to 16 bits (after the first it is at most 0x1000E, and a carry out leaves at most 0xE). On
     * the encap path every packet's headers go through this several times, each a chain of
     * dependent steps: half of {@link #fold}'s.
     */
    public static int foldWords(final int sum)
    {
        int s = (sum & 0xFFFF) + (sum >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return ~s & 0xFFFF;
    }

    /**
     * RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), for a 32-bit field that changed from
     * {@code oldValue} to {@code newValue}.
     */
    public static int update32(final int checksum, final int oldValue, final int newValue)
    {
        return foldWords((~checksum & 0xFFFF) + ((~oldValue >>> 16) & 0xFFFF) + (~oldValue & 0xFFFF) +
            ((newValue >>> 16) & 0xFFFF) + (newValue & 0xFFFF));
    }

    /** RFC 1624 eqn. 3 for one 16-bit word that changed from {@code oldValue} to {@code newValue}. */
    public static int update16(final int checksum, final int oldValue, final int newValue)
    {
        return foldWords((~checksum & 0xFFFF) + (~oldValue & 0xFFFF) + (newValue & 0xFFFF));
    }

    /**
     * RFC 1624 eqn. 3 for two 16-bit words that changed at once, in one sum: one fold instead of
     * the two chained ones of {@link #update16} twice.
     */
    public static int update16x2(
        final int checksum, final int oldValue1, final int newValue1, final int oldValue2, final int newValue2)
    {
        return foldWords((~checksum & 0xFFFF) + (~oldValue1 & 0xFFFF) + (newValue1 & 0xFFFF) +
            (~oldValue2 & 0xFFFF) + (newValue2 & 0xFFFF));
    }
}
