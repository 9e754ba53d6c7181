package io.portcullis.dataplane.ffm;

/**
 * {@code pc_ones_complement_sum}: the RFC 1071 sum of a long run of packet bytes in native
 * memory, with AVX2 where the CPU has it (several times the speed of a Java loop over a
 * 1400-byte datagram). Only packet memory is off-heap, and packet memory exists only where the native
 * library is loaded, so the class loads it like every other binding.
 */
public final class OnesComplementSum
{
    private OnesComplementSum()
    {
    }

    /**
     * The one's complement sum of {@code length} bytes at {@code address} read as big-endian
     * 16-bit words, folded to 16 bits, not complemented.
     */
    public static int of(final long address, final int length)
    {
        try
        {
            return (int)PortcullisNative.PC_ONES_COMPLEMENT_SUM.invokeExact(address, length);
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }
}
