package io.portcullis.controlplane.l2tp;

import java.util.Arrays;
import java.util.Random;

/** Byte-level mutations for the fuzz tests: flip, set to a boundary value, insert, delete, truncate. */
public final class Mutator
{
    private static final byte[] BOUNDARIES = {0, 1, 2, 3, 4, 5, 6, (byte)0x7F, (byte)0x80, (byte)0xFF, (byte)0xFE};

    private Mutator()
    {
    }

    public static byte[] mutate(final byte[] seed, final Random random)
    {
        byte[] out = seed.clone();
        final int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && out.length > 0; e++)
        {
            final int at = random.nextInt(out.length);
            switch (random.nextInt(5))
            {
                case 0 -> out[at] ^= (byte)(1 << random.nextInt(8));
                case 1 -> out[at] = BOUNDARIES[random.nextInt(BOUNDARIES.length)];
                case 2 -> out = insert(out, at, (byte)random.nextInt(256));
                case 3 -> out = delete(out, at);
                default -> out = Arrays.copyOf(out, at);
            }
        }
        return out;
    }

    private static byte[] insert(final byte[] in, final int at, final byte value)
    {
        final byte[] out = new byte[in.length + 1];
        System.arraycopy(in, 0, out, 0, at);
        out[at] = value;
        System.arraycopy(in, at, out, at + 1, in.length - at);
        return out;
    }

    private static byte[] delete(final byte[] in, final int at)
    {
        final byte[] out = new byte[in.length - 1];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, at + 1, out, at, in.length - at - 1);
        return out;
    }
}
