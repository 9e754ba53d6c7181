package io.portcullis.dataplane.port;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Off-heap packet buffers shaped like a DPDK mempool's mbufs, for {@link MemoryPort}: each buffer
 * has {@link #BUFFER_SIZE} bytes, the first {@link #HEADROOM} of them headroom, and buffers are
 * {@link #STRIDE} bytes apart as mbufs are (header and data room). A buffer's handle is its index
 * plus one, so that 0 means "no buffer". One thread (a worker, or a test) uses a pool.
 */
public final class MemoryPool implements AutoCloseable
{
    public static final int BUFFER_SIZE = Mempool.DEFAULT_DATA_ROOM;
    public static final int HEADROOM = 128;
    public static final int STRIDE = 2304;

    private final Arena arena = Arena.ofShared();
    private final long base;
    private final int size;
    private final int[] free;
    private final boolean[] inUse;
    private int freeCount;

    public MemoryPool(final int buffers)
    {
        if (buffers < 1)
        {
            throw new IllegalArgumentException("buffers must be positive, not " + buffers);
        }
        final MemorySegment memory = arena.allocate((long)STRIDE * buffers, 64);
        this.base = memory.address();
        this.size = buffers;
        this.free = new int[buffers];
        this.inUse = new boolean[buffers];
        for (int i = 0; i < buffers; i++)
        {
            free[i] = buffers - 1 - i;  // hand out buffer 0 first
        }
        this.freeCount = buffers;
    }

    /** A free buffer's handle, or 0 if none is left. */
    public long allocate()
    {
        if (freeCount == 0)
        {
            return 0;
        }
        final int index = free[--freeCount];
        inUse[index] = true;
        return index + 1L;
    }

    /** Gives a buffer back; a handle that is not this pool's or not in use is a bug in the caller. */
    public void free(final long handle)
    {
        final int index = checkedIndex(handle);
        if (!inUse[index])
        {
            throw new IllegalStateException("buffer " + handle + " freed twice");
        }
        inUse[index] = false;
        free[freeCount++] = index;
    }

    /** Address of the buffer's first byte (headroom included). */
    public long address(final long handle)
    {
        return base + (long)checkedIndex(handle) * STRIDE;
    }

    public int size()
    {
        return size;
    }

    public int available()
    {
        return freeCount;
    }

    public int inUse()
    {
        return size - freeCount;
    }

    @Override
    public void close()
    {
        arena.close();
    }

    private int checkedIndex(final long handle)
    {
        if (handle < 1 || handle > size)
        {
            throw new IllegalArgumentException("buffer handle " + handle + " is not one of this pool's 1.." + size);
        }
        return (int)(handle - 1);
    }
}
