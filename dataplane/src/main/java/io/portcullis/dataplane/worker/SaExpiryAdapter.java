package io.portcullis.dataplane.worker;

import io.portcullis.dataplane.api.SaExpiryListener;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/** The control plane's side of the expiry ring: hands each event to a listener. */
public final class SaExpiryAdapter implements MessageHandler
{
    private static final SaExpiryListener.Limit[] LIMITS = SaExpiryListener.Limit.values();

    private final RingBuffer ring;
    private final SaExpiryListener listener;

    public SaExpiryAdapter(final RingBuffer ring, final SaExpiryListener listener)
    {
        this.ring = ring;
        this.listener = listener;
    }

    public int poll(final int limit)
    {
        return ring.read(this, limit);
    }

    @Override
    public void onMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (length < SaExpiryProxy.LENGTH)
        {
            return;
        }
        final int spi = buffer.getInt(index);
        final boolean inbound = buffer.getByte(index + 4) != 0;
        final int limit = buffer.getByte(index + 5);
        if (limit < 0 || limit >= LIMITS.length)
        {
            return;
        }
        if (type == SaExpiryProxy.SOFT_EXPIRY)
        {
            listener.onSoftExpiry(spi, inbound, LIMITS[limit]);
        }
        else if (type == SaExpiryProxy.HARD_EXPIRY)
        {
            listener.onHardExpiry(spi, inbound, LIMITS[limit]);
        }
    }
}
