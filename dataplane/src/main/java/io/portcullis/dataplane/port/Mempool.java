package io.portcullis.dataplane.port;

import io.portcullis.dataplane.ffm.Dpdk;

/**
 * A DPDK pool of packet buffers (mbufs): RX queues fill from it, {@link Port#allocate} takes from
 * it, transmit and free give back to it. Threads that are lcores take through a per-lcore cache.
 */
public final class Mempool implements AutoCloseable
{
    /** RTE_MBUF_DEFAULT_BUF_SIZE: 2048 bytes of data after 128 of headroom. */
    public static final int DEFAULT_DATA_ROOM = 2048 + 128;
    private static final int MAX_CACHE = 256;

    private final String name;
    private final int size;
    private final long address;
    private boolean closed;

    private Mempool(final String name, final int size, final long address)
    {
        this.name = name;
        this.size = size;
        this.address = address;
    }

    /**
     * @param name         unique in the process
     * @param mbufs        how many (best 2^n - 1)
     * @param cacheSize    per-lcore cache, at most 512 and mbufs / 1.5
     * @param dataRoomSize bytes per buffer, headroom included
     * @param socketId     NUMA node, -1 for any
     */
    public static Mempool create(final String name, final int mbufs, final int cacheSize, final int dataRoomSize,
        final int socketId)
    {
        Eal.running();
        if (dataRoomSize < 128 || dataRoomSize > 65535)
        {
            throw new IllegalArgumentException("data room " + dataRoomSize + " outside 128..65535");
        }
        return new Mempool(name, mbufs, Dpdk.poolCreate(name, mbufs, cacheSize, dataRoomSize, socketId));
    }

    /** {@code mbufs} buffers of {@link #DEFAULT_DATA_ROOM}, the largest cache DPDK allows, any NUMA node. */
    public static Mempool create(final String name, final int mbufs)
    {
        return create(name, mbufs, Math.min(MAX_CACHE, (int)(mbufs / 1.5)), DEFAULT_DATA_ROOM, -1);
    }

    public String name()
    {
        return name;
    }

    public int size()
    {
        return size;
    }

    /** The {@code struct rte_mempool *}. */
    public long address()
    {
        return address;
    }

    /** Free buffers, per-lcore caches included. */
    public int available()
    {
        return Dpdk.poolAvailable(address);
    }

    public int inUse()
    {
        return Dpdk.poolInUse(address);
    }

    /** Frees the pool; every port that uses it must be closed first. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            Dpdk.poolFree(address);
        }
    }

    @Override
    public String toString()
    {
        return "Mempool[" + name + ", " + size + " mbufs]";
    }
}
