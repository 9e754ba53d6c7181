package io.portcullis.dataplane.port;

import io.portcullis.dataplane.ffm.PktBurst;
import io.portcullis.dataplane.packet.PacketVector;

/**
 * One RX and one TX queue of an {@link EthDevice}, owned by one worker. Packets are mbufs:
 * the vector's buffer is the mbuf's data room ({@code bufferAddress} = buf_addr,
 * {@code offset} = data_off, {@code length} = data_len, {@code bufferCapacity} = buf_len)
 * and {@code mbuf} is the {@code struct rte_mbuf *}. Each call is one native call per burst
 * (two when a transmit also frees); nothing allocates.
 */
public final class DpdkPort implements Port
{
    /**
     * Most packets one receive takes from the queue. The vector holds 256, but a burst of 256
     * runs through more mbufs than the mempool's per-lcore cache keeps hot and than L1 holds,
     * and every node walks the whole burst: the full path measured 30–70 % faster at 32–128
     * than at 256 (DataplaneBenchmark, 64 and 1400 bytes, both directions). DPDK's own
     * examples poll in bursts of 32 to 64.
     */
    public static final int RX_BURST = 64;

    private final EthDevice device;
    private final int portId;
    private final int queue;
    private final long pool;
    private final PktBurst rx = new PktBurst(PacketVector.MAX_SIZE);
    private final PktBurst tx = new PktBurst(PacketVector.MAX_SIZE);
    // Written by the owning worker only; read by stats() from any thread (plain longs: counters, not locks).
    private long rxDropped;
    private long txDropped;

    DpdkPort(final EthDevice device, final int queue)
    {
        this.device = device;
        this.portId = device.portId();
        this.queue = queue;
        this.pool = device.pool().address();
    }

    public EthDevice device()
    {
        return device;
    }

    public int queue()
    {
        return queue;
    }

    @Override
    public int receive(final PacketVector vector)
    {
        final int room = Math.min(RX_BURST, PacketVector.MAX_SIZE - vector.size());
        if (room == 0)
        {
            return 0;
        }
        final int n = rx.receive(portId, queue, room);
        int added = 0;
        for (int i = 0; i < n; i++)
        {
            final long mbuf = rx.mbuf(i);
            if (rx.nbSegs(i) != 1)
            {
                // A chain (a frame longer than one buffer): the nodes see one flat buffer per packet.
                rx.queueFree(mbuf);
                rxDropped++;
                continue;
            }
            vector.add(mbuf, rx.bufAddr(i), rx.bufLen(i), rx.dataOff(i), rx.dataLen(i));
            added++;
        }
        rx.freeQueued();
        return added;
    }

    @Override
    public int transmit(final PacketVector vector)
    {
        final int size = vector.size();
        int count = 0;
        for (int i = 0; i < size; i++)
        {
            final long mbuf = vector.mbuf(i);
            if (mbuf == 0)
            {
                txDropped++;  // not a DPDK buffer: nothing to send it with, nothing to free
            }
            else if (vector.next(i) == PacketVector.NEXT_FORWARD)
            {
                tx.set(count++, mbuf, vector.offset(i), vector.length(i));
            }
            else
            {
                tx.queueFree(mbuf);
            }
        }
        tx.freeQueued();
        vector.clear();
        if (count == 0)
        {
            return 0;
        }
        final int sent = tx.transmit(portId, queue, count);
        txDropped += count - sent;
        return sent;
    }

    @Override
    public int allocate(final PacketVector vector, final int count)
    {
        if (count <= 0 || count > PacketVector.MAX_SIZE - vector.size() || rx.allocate(pool, count) == 0)
        {
            return 0;
        }
        for (int i = 0; i < count; i++)
        {
            vector.add(rx.mbuf(i), rx.bufAddr(i), rx.bufLen(i), rx.dataOff(i), 0);
        }
        return count;
    }

    /** The device's counters (all queues), see {@link EthDevice#stats()}. */
    @Override
    public PortStats stats()
    {
        return device.stats();
    }

    long rxDropped()
    {
        return rxDropped;
    }

    long txDropped()
    {
        return txDropped;
    }

    void close()
    {
        rx.close();
        tx.close();
    }

    @Override
    public String toString()
    {
        return "DpdkPort[" + device.devargs() + ", queue " + queue + "]";
    }
}
