package io.portcullis.dataplane.worker;

import io.portcullis.dataplane.api.SessionTraffic;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import static io.portcullis.dataplane.worker.SessionTrafficProxy.*;

/** The control plane's side of the reply ring: hands each worker's answer to the router that asked. */
public final class SessionTrafficAdapter implements MessageHandler
{
    /** Who collects the answers. */
    @FunctionalInterface
    public interface Listener
    {
        /** One worker's counts for query {@code queryId}; {@code traffic} null if that worker has no such session. */
        void onSessionTraffic(long queryId, SessionTraffic traffic);
    }

    private final RingBuffer ring;
    private final Listener listener;

    public SessionTrafficAdapter(final RingBuffer ring, final Listener listener)
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
        if (type != SESSION_TRAFFIC || length < LENGTH)
        {
            return;
        }
        final boolean found = buffer.getInt(index + FOUND) != 0;
        listener.onSessionTraffic(buffer.getLong(index + QUERY_ID), found ? new SessionTraffic(
            buffer.getLong(index + INPUT_OCTETS), buffer.getLong(index + OUTPUT_OCTETS),
            buffer.getLong(index + INPUT_PACKETS), buffer.getLong(index + OUTPUT_PACKETS)) : null);
    }
}
