package io.portcullis.dataplane.packet;

import org.agrona.DirectBuffer;

/** The Internet checksum: RFC 1071 computation and RFC 1624 incremental update. */
public final class InternetChecksum
{
    private InternetChecksum()
    {
    }

    /** One's complement sum of {@code length} bytes (big-endian 16-bit words) added to {@code sum}, not folded. */
    public static long sum(final DirectBuffer buffer, final int offset, final int length, final long sum)
    {
        long acc = sum;
        int i = offset;
        final int end = offset + length;
        for (; i + 1 < end; i += 2)
        {
            acc += ((buffer.getByte(i) & 0xFF) << 8) | (buffer.getByte(i + 1) & 0xFF);
        }
        if (i < end)
        {
            acc += (buffer.getByte(i) & 0xFF) << 8;
        }
        return acc;
    }

    /** Folds a sum to 16 bits and complements it: the value to put in the header. */
    public static int fold(final long sum)
    {
        long s = sum;
        while ((s >>> 16) != 0)
        {
            s = (s & 0xFFFF) + (s >>> 16);
        }
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
}
