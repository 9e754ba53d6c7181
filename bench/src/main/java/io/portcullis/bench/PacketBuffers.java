package io.portcullis.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Off-heap packet buffers laid out like the objects of a DPDK mbuf pool: each buffer is the
 * default mbuf's 128 bytes of headroom and 2048 of data room, 64-byte aligned, packet data after
 * the headroom so ESP encapsulation grows packets in place; buffers sit {@link #STRIDE} apart,
 * as the mbuf header (struct rte_mbuf, 128 bytes) separates them in a real pool. A stride that
 * is not a multiple of 4 KiB matters: at 2 KiB every packet's first lines fall in the same L1
 * sets and evict each other, which no NIC's mempool does.
 */
final class PacketBuffers implements AutoCloseable
{
    static final int HEADROOM = 128;
    static final int BUFFER_SIZE = 128 + 2048;
    static final int STRIDE = 128 + BUFFER_SIZE;

    private final Arena arena = Arena.ofShared();
    private final int count;
    private final MemorySegment segment;
    private final UnsafeBuffer all;

    PacketBuffers(final int count)
    {
        this.count = count;
        this.segment = arena.allocate((long)STRIDE * count, 64);
        this.all = new UnsafeBuffer(segment.address(), STRIDE * count);
    }

    int count()
    {
        return count;
    }

    /** Address of buffer {@code j} (not of its packet: that starts at {@link #HEADROOM}). */
    long address(final int j)
    {
        return segment.address() + (long)j * STRIDE;
    }

    /** Every buffer, back to back: buffer {@code j} starts at index {@code j * STRIDE}. */
    UnsafeBuffer all()
    {
        return all;
    }

    /** Writes {@code packet} into buffer {@code j} after the headroom. */
    void put(final int j, final byte[] packet)
    {
        all.putBytes(j * STRIDE + HEADROOM, packet);
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
