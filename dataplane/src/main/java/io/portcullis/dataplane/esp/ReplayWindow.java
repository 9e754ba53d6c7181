package io.portcullis.dataplane.esp;

/**
 * RFC 4303 §3.4.3 anti-replay window over 64-bit sequence numbers, with the ESN rules of
 * Appendix A2. The window is a ring of bits: bit {@code seq mod ring} stands for {@code seq},
 * where the ring is the window rounded up to a power of two.
 * Checking happens before the ICV is verified, marking only after, so forged packets
 * cannot move the window (§3.4.3).
 */
public final class ReplayWindow
{
    /** Results of {@link #check} and {@link #update}. */
    public static final int ACCEPTED = 0;
    public static final int REPLAYED = 1;
    public static final int OUT_OF_WINDOW = 2;

    /** ESN inference needs a window even when replay checking is off (RFC 4303 A2.2). */
    private static final int MIN_INFERENCE_WINDOW = 64;

    private final int size;
    private final boolean enabled;
    private final boolean esn;
    private final long[] bits;
    /** The ring holds a power of two of bits, at least the window, so a slot is a mask away. */
    private final long ringMask;
    /** The highest authenticated sequence number (unsigned 64 bits), 0 before the first packet. */
    private long top;
    private long checkedSequence;

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
        final int ringBits = Integer.highestOneBit(this.size - 1) << 1;
        this.bits = new long[ringBits / 64];
        this.ringMask = ringBits - 1;
    }

    public int size()
    {
        return enabled ? size : 0;
    }

    /** The highest authenticated sequence number, unsigned. */
    public long top()
    {
        return top;
    }

    /** The full sequence number {@link #check} worked out for the last packet it accepted. */
    public long checkedSequence()
    {
        return checkedSequence;
    }

    /**
     * Before integrity: works out the full 64-bit sequence number of a packet carrying
     * {@code seqLow} (then {@link #checkedSequence()}) and whether it may be new.
     */
    public int check(final int seqLow)
    {
        final long low = seqLow & 0xFFFF_FFFFL;
        long seq = low;
        if (esn)
        {
            final long high = inferHigh(low);
            if (high < 0)
            {
                return OUT_OF_WINDOW;  // below sequence number 0
            }
            seq = (high << 32) | low;
        }
        if (seq == 0)
        {
            return OUT_OF_WINDOW;  // sequence number 0 is never sent (RFC 4303 §3.3.3)
        }
        checkedSequence = seq;
        if (!enabled || Long.compareUnsigned(seq, top) > 0)
        {
            return ACCEPTED;
        }
        if (Long.compareUnsigned(top - seq, size) >= 0)
        {
            return OUT_OF_WINDOW;
        }
        return isSet(seq) ? REPLAYED : ACCEPTED;
    }

    /**
     * After integrity: records {@code seq}. A packet of the same burst may have got there first,
     * so the answer can still be {@link #REPLAYED} or {@link #OUT_OF_WINDOW}.
     */
    public int update(final long seq)
    {
        if (Long.compareUnsigned(seq, top) > 0)
        {
            advance(seq);
            set(seq);
            top = seq;
            return ACCEPTED;
        }
        if (!enabled)
        {
            return ACCEPTED;
        }
        if (Long.compareUnsigned(top - seq, size) >= 0)
        {
            return OUT_OF_WINDOW;
        }
        if (isSet(seq))
        {
            return REPLAYED;
        }
        set(seq);
        return ACCEPTED;
    }

    /** RFC 4303 Appendix A2.2: the high half of a received low half, or -1 if below zero. */
    private long inferHigh(final long low)
    {
        final long topLow = top & 0xFFFF_FFFFL;
        final long topHigh = top >>> 32;
        final long bottom = (topLow - size + 1) & 0xFFFF_FFFFL;
        if (topLow >= size - 1)
        {
            // Case A: the window lies within one 2^32 block.
            return low >= bottom ? topHigh : topHigh + 1;
        }
        // Case B: the window spans two blocks.
        if (low >= bottom)
        {
            return topHigh == 0 ? -1 : topHigh - 1;
        }
        return topHigh;
    }

    private void advance(final long newTop)
    {
        if (Long.compareUnsigned(newTop - top, size) >= 0)
        {
            java.util.Arrays.fill(bits, 0L);
            return;
        }
        for (long s = top + 1; s != newTop + 1; s++)
        {
            final int bit = (int)(s & ringMask);
            bits[bit >>> 6] &= ~(1L << (bit & 63));
        }
    }

    private boolean isSet(final long seq)
    {
        final int bit = (int)(seq & ringMask);
        return (bits[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    private void set(final long seq)
    {
        final int bit = (int)(seq & ringMask);
        bits[bit >>> 6] |= 1L << (bit & 63);
    }
}
