package io.portcullis.dataplane.esp;

/**
 * RFC 4303 §3.4.3 anti-replay window over 64-bit sequence numbers, with the ESN rules of
 * Appendix A2. The window is a ring of bits: bit {@code seq mod size} stands for {@code seq}.
 * Checking happens before the ICV is verified, marking only after, so forged packets
 * cannot move the window (§3.4.3).
 */
public final class ReplayWindow
{
    /** {@link #check} results below zero. */
    public static final long REPLAYED = -1;
    public static final long OUT_OF_WINDOW = -2;

    /** ESN inference needs a window even when replay checking is off (RFC 4303 A2.2). */
    private static final int MIN_INFERENCE_WINDOW = 64;

    private final int size;
    private final boolean enabled;
    private final boolean esn;
    private final long[] bits;
    /** The highest authenticated sequence number, 0 before the first packet. */
    private long top;

    /**
     * @param size packets, a multiple of 64; 0 disables the replay check (ESN inference still works).
     * @param esn  RFC 4304 extended sequence numbers.
     */
    public ReplayWindow(final int size, final boolean esn)
    {
        if (size < 0 || size % 64 != 0)
        {
            throw new IllegalArgumentException("window size must be a multiple of 64: " + size);
        }
        this.enabled = size > 0;
        this.size = enabled ? size : MIN_INFERENCE_WINDOW;
        this.esn = esn;
        this.bits = new long[this.size / 64];
    }

    public int size()
    {
        return enabled ? size : 0;
    }

    public long top()
    {
        return top;
    }

    /**
     * Before integrity: the full 64-bit sequence number of a packet carrying {@code seqLow},
     * or {@link #REPLAYED} / {@link #OUT_OF_WINDOW}.
     */
    public long check(final int seqLow)
    {
        final long seq = esn ? inferEsn(seqLow) : seqLow & 0xFFFF_FFFFL;
        if (seq <= 0)
        {
            return OUT_OF_WINDOW;  // sequence number 0 is never sent (RFC 4303 §3.3.3)
        }
        if (!enabled || seq > top)
        {
            return seq;
        }
        if (top - seq >= size)
        {
            return OUT_OF_WINDOW;
        }
        return isSet(seq) ? REPLAYED : seq;
    }

    /**
     * After integrity: records {@code seq}. Returns {@code seq}, or {@link #REPLAYED} /
     * {@link #OUT_OF_WINDOW} if a packet of the same burst got there first.
     */
    public long update(final long seq)
    {
        if (seq > top)
        {
            advance(seq);
            set(seq);
            top = seq;
            return seq;
        }
        if (!enabled)
        {
            return seq;
        }
        if (top - seq >= size)
        {
            return OUT_OF_WINDOW;
        }
        if (isSet(seq))
        {
            return REPLAYED;
        }
        set(seq);
        return seq;
    }

    /** RFC 4303 Appendix A2.2: which 2^32 block a received low half belongs to. */
    private long inferEsn(final int seqLow)
    {
        final long low = seqLow & 0xFFFF_FFFFL;
        final long topLow = top & 0xFFFF_FFFFL;
        final long topHigh = top >>> 32;
        final long bottom = (topLow - size + 1) & 0xFFFF_FFFFL;
        final long high;
        if (topLow >= size - 1)
        {
            // Case A: the window lies within one block.
            high = low >= bottom ? topHigh : topHigh + 1;
        }
        else
        {
            // Case B: the window spans two blocks.
            if (low >= bottom)
            {
                if (topHigh == 0)
                {
                    return OUT_OF_WINDOW;  // below sequence number 0
                }
                high = topHigh - 1;
            }
            else
            {
                high = topHigh;
            }
        }
        return (high << 32) | low;
    }

    private void advance(final long newTop)
    {
        final long distance = newTop - top;
        if (distance >= size)
        {
            java.util.Arrays.fill(bits, 0L);
            return;
        }
        for (long s = top + 1; s <= newTop; s++)
        {
            final int bit = (int)(s % size);
            bits[bit >>> 6] &= ~(1L << (bit & 63));
        }
    }

    private boolean isSet(final long seq)
    {
        final int bit = (int)(seq % size);
        return (bits[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    private void set(final long seq)
    {
        final int bit = (int)(seq % size);
        bits[bit >>> 6] |= 1L << (bit & 63);
    }
}
