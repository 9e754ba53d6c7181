package io.portcullis.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Off-heap packet buffers laid out like DPDK mbufs: 2 KiB each, 64-byte aligned, packet data
 * starting after 128 bytes of headroom, so ESP encapsulation grows packets in place.
 */
final class PacketBuffers implements AutoCloseable
{
    static final int HEADROOM = 128;
    static final int BUFFER_SIZE = 2048;

    private final Arena arena = Arena.ofShared();
    private final int count;
    private final MemorySegment segment;
    private final UnsafeBuffer all;

    PacketBuffers(final int count)
    {
        this.count = count;
        this.segment = arena.allocate((long)BUFFER_SIZE * count, 64);
        this.all = new UnsafeBuffer(segment.address(), BUFFER_SIZE * count);
    }

    int count()
    {
        return count;
    }

    /** Address of buffer {@code j} (not of its packet: that starts at {@link #HEADROOM}). */
    long address(final int j)
    {
        return segment.address() + (long)j * BUFFER_SIZE;
    }

    /** Every buffer, back to back: buffer {@code j} starts at index {@code j * BUFFER_SIZE}. */
    UnsafeBuffer all()
    {
        return all;
    }

    /** Writes {@code packet} into buffer {@code j} after the headroom. */
    void put(final int j, final byte[] packet)
    {
        all.putBytes(j * BUFFER_SIZE + HEADROOM, packet);
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
