package io.portcullis.dataplane.packet;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/** The Internet checksum: RFC 1071 computation and RFC 1624 incremental update. */
public final class InternetChecksum
{
    private InternetChecksum()
    {
    }

    /**
     * One's complement sum of {@code length} bytes (as big-endian 16-bit words) added to
     * {@code sum}, not folded. Reads 32-bit words: 2^16 is 1 modulo 2^16 - 1, so their sum folds
     * to the same value (RFC 1071 §2).
     */
    public static long sum(final DirectBuffer buffer, final int offset, final int length, final long sum)
    {
        long acc = sum;
        int i = offset;
        final int end = offset + length;
        for (; i + 3 < end; i += 4)
        {
            acc += buffer.getInt(i, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
        }
        if (i + 1 < end)
        {
            acc += buffer.getShort(i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            i += 2;
        }
        if (i < end)
        {
            acc += (buffer.getByte(i) & 0xFF) << 8;
        }
        return acc;
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

    /**
     * RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), for a 32-bit field that changed from
     * {@code oldValue} to {@code newValue}.
     */
    public static int update32(final int checksum, final int oldValue, final int newValue)
    {
        long s = (~checksum & 0xFFFF);
        s += (~oldValue >>> 16) & 0xFFFF;
        s += ~oldValue & 0xFFFF;
        s += (newValue >>> 16) & 0xFFFF;
        s += newValue & 0xFFFF;
        return fold(s);
    }

    /** RFC 1624 eqn. 3 for one 16-bit word that changed from {@code oldValue} to {@code newValue}. */
    public static int update16(final int checksum, final int oldValue, final int newValue)
    {
        return fold((~checksum & 0xFFFF) + (~oldValue & 0xFFFF) + (newValue & 0xFFFF));
    }
}
