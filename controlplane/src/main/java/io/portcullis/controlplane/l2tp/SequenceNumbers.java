package io.portcullis.controlplane.l2tp;

/** Ns/Nr arithmetic modulo 2^16 (RFC 2661 §5.8): "less than" means up to 32767 behind. */
final class SequenceNumbers
{
    private SequenceNumbers()
    {
    }

    static int next(final int value)
    {
        return (value + 1) & 0xFFFF;
    }

    /** How far {@code later} is ahead of {@code earlier}, 0..65535. */
    static int distance(final int earlier, final int later)
    {
        return (later - earlier) & 0xFFFF;
    }

    static boolean before(final int a, final int b)
    {
        final int d = distance(a, b);
        return d != 0 && d < 0x8000;
    }
}
