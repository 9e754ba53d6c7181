package io.portcullis.dataplane.worker;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/** Makes the rings between control plane and workers, off-heap and cache-line aligned. */
public final class Rings
{
    private Rings()
    {
    }

    /** Control plane to one worker: commands. {@code capacity} is a power of two. */
    public static OneToOneRingBuffer oneToOne(final int capacity)
    {
        return new OneToOneRingBuffer(buffer(capacity));
    }

    /** Every worker to the control plane: punted packets, SA expiry events. */
    public static ManyToOneRingBuffer manyToOne(final int capacity)
    {
        return new ManyToOneRingBuffer(buffer(capacity));
    }

    private static UnsafeBuffer buffer(final int capacity)
    {
        return new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            capacity + RingBufferDescriptor.TRAILER_LENGTH, 64));
    }
}
