package io.portcullis.dataplane.worker;

import io.portcullis.dataplane.api.SaExpiryListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * A worker's production {@link SaExpiryListener}: each expiry becomes one message on the
 * many-to-one ring the control plane reads ({@link SaExpiryAdapter}). Never blocks; if the
 * ring is full the event is counted as lost (the control plane still sees the SA's traffic
 * stop, and its own time lifetime covers the rekey).
 * <pre>
 * type SOFT_EXPIRY or HARD_EXPIRY:  spi:int inbound:byte limit:byte
 * </pre>
 */
public final class SaExpiryProxy implements SaExpiryListener
{
    static final int SOFT_EXPIRY = 1;
    static final int HARD_EXPIRY = 2;
    static final int LENGTH = 6;

    private final RingBuffer ring;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[LENGTH]);
    private long lost;

    public SaExpiryProxy(final RingBuffer ring)
    {
        this.ring = ring;
    }

    public void onSoftExpiry(final int spi, final boolean inbound, final Limit limit)
    {
        write(SOFT_EXPIRY, spi, inbound, limit);
    }

    public void onHardExpiry(final int spi, final boolean inbound, final Limit limit)
    {
        write(HARD_EXPIRY, spi, inbound, limit);
    }

    /** Events the full ring could not take. */
    public long lost()
    {
        return lost;
    }

    private void write(final int type, final int spi, final boolean inbound, final Limit limit)
    {
        scratch.putInt(0, spi);
        scratch.putByte(4, (byte)(inbound ? 1 : 0));
        scratch.putByte(5, (byte)limit.ordinal());
        if (!ring.write(type, scratch, 0, LENGTH))
        {
            lost++;
        }
    }
}
