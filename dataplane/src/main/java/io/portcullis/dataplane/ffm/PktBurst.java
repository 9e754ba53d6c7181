package io.portcullis.dataplane.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import io.portcullis.dataplane.packet.PacketBuffer;

import static io.portcullis.dataplane.ffm.PktLayout.*;

/**
 * A reusable off-heap array of {@code pc_pkt} plus a list of mbufs to free, owned by one thread
 * (one worker's queue): each burst, allocation and free is one native call that fills or reads the
 * array. Allocates once, at construction.
 */
public final class PktBurst implements AutoCloseable
{
    private final Arena arena;
    private final PacketBuffer pkts = new PacketBuffer();
    private final long pktsAddress;
    private final PacketBuffer frees = new PacketBuffer();
    private final long freesAddress;
    private final int capacity;
    private int freeCount;

    public PktBurst(final int capacity)
    {
        if (capacity < 1 || capacity > PC_BURST_MAX)
        {
            throw new IllegalArgumentException("capacity " + capacity + " outside 1.." + PC_BURST_MAX);
        }
        this.capacity = capacity;
        this.arena = Arena.ofShared();
        final MemorySegment pktSegment = arena.allocate((long)SIZE * capacity, 64);
        this.pktsAddress = pktSegment.address();
        this.pkts.wrap(pktsAddress, SIZE * capacity);
        final MemorySegment freeSegment = arena.allocate(8L * capacity, 64);
        this.freesAddress = freeSegment.address();
        this.frees.wrap(freesAddress, 8 * capacity);
    }

    public int capacity()
    {
        return capacity;
    }

    /** rte_eth_rx_burst of up to {@code max} packets; returns how many the array now describes. */
    public int receive(final int port, final int queue, final int max)
    {
        try
        {
            return Short.toUnsignedInt((short)PortcullisNative.PC_RX_BURST.invokeExact(
                (short)port, (short)queue, pktsAddress, (short)Math.min(max, capacity)));
        }
        catch (final Throwable t)
        {
            throw Dpdk.rethrow(t);
        }
    }

    /**
     * Sends the first {@code count} packets set with {@link #set}; what is not sent is freed.
     * Returns how many were sent.
     */
    public int transmit(final int port, final int queue, final int count)
    {
        try
        {
            return Short.toUnsignedInt((short)PortcullisNative.PC_TX_BURST.invokeExact(
                (short)port, (short)queue, pktsAddress, (short)count));
        }
        catch (final Throwable t)
        {
            throw Dpdk.rethrow(t);
        }
    }

    /** Takes {@code count} mbufs from the pool, all or none: returns count, or 0 if the pool is short. */
    public int allocate(final long pool, final int count)
    {
        if (count > capacity)
        {
            return 0;
        }
        try
        {
            return (int)PortcullisNative.PC_MBUF_ALLOC_BULK.invokeExact(pool, pktsAddress, count);
        }
        catch (final Throwable t)
        {
            throw Dpdk.rethrow(t);
        }
    }

    /** Describes packet i for {@link #transmit}: its data is dataLen bytes at buf_addr + dataOff. */
    public void set(final int i, final long mbuf, final int dataOff, final int dataLen)
    {
        final int base = i * SIZE;
        pkts.putLong(base + MBUF, mbuf);
        pkts.putShort(base + DATA_OFF, (short)dataOff);
        pkts.putShort(base + DATA_LEN, (short)dataLen);
    }

    public long mbuf(final int i)
    {
        return pkts.getLong(i * SIZE + MBUF);
    }

    public long bufAddr(final int i)
    {
        return pkts.getLong(i * SIZE + BUF_ADDR);
    }

    public int dataOff(final int i)
    {
        return Short.toUnsignedInt(pkts.getShort(i * SIZE + DATA_OFF));
    }

    public int dataLen(final int i)
    {
        return Short.toUnsignedInt(pkts.getShort(i * SIZE + DATA_LEN));
    }

    public int bufLen(final int i)
    {
        return Short.toUnsignedInt(pkts.getShort(i * SIZE + BUF_LEN));
    }

    public int nbSegs(final int i)
    {
        return Short.toUnsignedInt(pkts.getShort(i * SIZE + NB_SEGS));
    }

    public int pktLen(final int i)
    {
        return pkts.getInt(i * SIZE + PKT_LEN);
    }

    public int rssHash(final int i)
    {
        return pkts.getInt(i * SIZE + RSS_HASH);
    }

    /** Queues an mbuf for {@link #freeQueued()}; frees at once when the list is full. */
    public void queueFree(final long mbuf)
    {
        if (freeCount == capacity)
        {
            freeQueued();
        }
        frees.putLong(8 * freeCount++, mbuf);
    }

    /** Frees the queued mbufs in one call. */
    public void freeQueued()
    {
        if (freeCount == 0)
        {
            return;
        }
        try
        {
            PortcullisNative.PC_MBUF_FREE_BULK.invokeExact(freesAddress, freeCount);
        }
        catch (final Throwable t)
        {
            throw Dpdk.rethrow(t);
        }
        freeCount = 0;
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
