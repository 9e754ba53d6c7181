package io.portcullis.dataplane.worker;

import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Workers' answers to QUERY_SESSION, one message each on the many-to-one reply ring the control
 * plane reads ({@link SessionTrafficAdapter}). Written in place with {@code tryClaim}, so every
 * worker thread may call it and nothing is allocated; an answer a full ring cannot take is
 * counted as lost (the asker gives up after its own timeout).
 * <pre>
 * type SESSION_TRAFFIC:  queryId:long found:int pad:int inputOctets:long outputOctets:long
 *                        inputPackets:long outputPackets:long
 * </pre>
 */
public final class SessionTrafficProxy
{
    static final int SESSION_TRAFFIC = 1;
    static final int QUERY_ID = 0;
    static final int FOUND = 8;
    static final int INPUT_OCTETS = 16;
    static final int OUTPUT_OCTETS = 24;
    static final int INPUT_PACKETS = 32;
    static final int OUTPUT_PACKETS = 40;
    static final int LENGTH = 48;

    private final RingBuffer ring;
    private final AtomicLong lost = new AtomicLong();

    public SessionTrafficProxy(final RingBuffer ring)
    {
        this.ring = ring;
    }

    public void write(final long queryId, final boolean found, final long inputOctets, final long outputOctets,
        final long inputPackets, final long outputPackets)
    {
        final int index = ring.tryClaim(SESSION_TRAFFIC, LENGTH);
        if (index <= 0)
        {
            lost.incrementAndGet();
            return;
        }
        final var buffer = ring.buffer();
        buffer.putLong(index + QUERY_ID, queryId);
        buffer.putInt(index + FOUND, found ? 1 : 0);
        buffer.putInt(index + FOUND + 4, 0);
        buffer.putLong(index + INPUT_OCTETS, inputOctets);
        buffer.putLong(index + OUTPUT_OCTETS, outputOctets);
        buffer.putLong(index + INPUT_PACKETS, inputPackets);
        buffer.putLong(index + OUTPUT_PACKETS, outputPackets);
        ring.commit(index);
    }

    /** Answers the full ring could not take. */
    public long lost()
    {
        return lost.get();
    }
}
