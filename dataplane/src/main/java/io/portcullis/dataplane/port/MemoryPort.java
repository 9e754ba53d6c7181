package io.portcullis.dataplane.port;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.portcullis.dataplane.packet.PacketVector;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * A {@link Port} in memory, for unit tests and JMH: frames offered with {@link #offer} are received
 * into off-heap buffers of a {@link MemoryPool} (as a NIC fills mbufs), transmitted frames are copied
 * out and can be {@link #poll}ed. {@link #replay} makes the port an endless source of the same
 * frames, and {@code captureTransmitted(false)} an endless sink, neither allocating per packet.
 * MemoryPorts sharing one pool may pass packets to each other. {@code offer} and {@code poll} may
 * be called from any thread; the rest belongs to the worker.
 */
public final class MemoryPort implements Port, AutoCloseable
{
    private static final MemorySegment ALL = MemorySegment.ofAddress(0).reinterpret(Long.MAX_VALUE);

    private final MemoryPool pool;
    private final boolean ownsPool;
    private final Queue<byte[]> offered = new ConcurrentLinkedQueue<>();
    private final Queue<byte[]> transmitted = new ConcurrentLinkedQueue<>();
    private List<byte[]> replay = List.of();
    private int replayNext;
    private boolean captureTransmitted = true;
    private long rxPackets;
    private long txPackets;
    private long rxBytes;
    private long txBytes;
    private long rxNoBuffer;
    private long txDropped;

    /** A port with a pool of its own of {@code buffers} buffers. */
    public MemoryPort(final int buffers)
    {
        this(new MemoryPool(buffers), true);
    }

    /** A port over a shared pool (the caller closes it). */
    public MemoryPort(final MemoryPool pool)
    {
        this(pool, false);
    }

    private MemoryPort(final MemoryPool pool, final boolean ownsPool)
    {
        this.pool = pool;
        this.ownsPool = ownsPool;
    }

    public MemoryPool pool()
    {
        return pool;
    }

    /** Queues a frame to be received. */
    public void offer(final byte[] frame)
    {
        checkFits(frame);
        offered.add(frame.clone());
    }

    /** From now on, receive repeats these frames in turn, forever, after any offered ones. */
    public void replay(final List<byte[]> frames)
    {
        final List<byte[]> copies = new ArrayList<>();
        for (final byte[] frame : frames)
        {
            checkFits(frame);
            copies.add(frame.clone());
        }
        this.replay = List.copyOf(copies);
        this.replayNext = 0;
    }

    /** Whether transmitted frames are kept for {@link #poll}; if not, they are only counted. */
    public void captureTransmitted(final boolean capture)
    {
        this.captureTransmitted = capture;
    }

    /** The oldest transmitted frame not yet polled, or null. */
    public byte[] poll()
    {
        return transmitted.poll();
    }

    /** Every transmitted frame not yet polled, oldest first. */
    public List<byte[]> drainTransmitted()
    {
        final List<byte[]> frames = new ArrayList<>();
        for (byte[] frame; (frame = transmitted.poll()) != null; )
        {
            frames.add(frame);
        }
        return frames;
    }

    @Override
    public int receive(final PacketVector vector)
    {
        int added = 0;
        while (vector.size() < PacketVector.MAX_SIZE)
        {
            byte[] frame = offered.peek();
            final boolean fromQueue = frame != null;
            if (!fromQueue)
            {
                if (replay.isEmpty())
                {
                    break;
                }
                frame = replay.get(replayNext);
            }
            final long handle = pool.allocate();
            if (handle == 0)
            {
                rxNoBuffer++;
                break;
            }
            if (fromQueue)
            {
                offered.poll();
            }
            else
            {
                replayNext = replayNext + 1 == replay.size() ? 0 : replayNext + 1;
            }
            final long address = pool.address(handle);
            MemorySegment.copy(frame, 0, ALL, JAVA_BYTE, address + MemoryPool.HEADROOM, frame.length);
            vector.add(handle, address, MemoryPool.BUFFER_SIZE, MemoryPool.HEADROOM, frame.length);
            rxPackets++;
            rxBytes += frame.length;
            added++;
        }
        return added;
    }

    @Override
    public int transmit(final PacketVector vector)
    {
        int sent = 0;
        for (int i = 0; i < vector.size(); i++)
        {
            final long handle = vector.mbuf(i);
            if (handle == 0)
            {
                txDropped++;
                continue;
            }
            if (vector.next(i) == PacketVector.NEXT_FORWARD)
            {
                final int length = vector.length(i);
                if (captureTransmitted)
                {
                    final byte[] frame = new byte[length];
                    MemorySegment.copy(ALL, JAVA_BYTE, vector.bufferAddress(i) + vector.offset(i), frame, 0, length);
                    transmitted.add(frame);
                }
                txPackets++;
                txBytes += length;
                sent++;
            }
            pool.free(handle);
        }
        vector.clear();
        return sent;
    }

    @Override
    public int allocate(final PacketVector vector, final int count)
    {
        if (count <= 0 || count > PacketVector.MAX_SIZE - vector.size() || count > pool.available())
        {
            return 0;
        }
        for (int i = 0; i < count; i++)
        {
            final long handle = pool.allocate();
            vector.add(handle, pool.address(handle), MemoryPool.BUFFER_SIZE, MemoryPool.HEADROOM, 0);
        }
        return count;
    }

    @Override
    public PortStats stats()
    {
        return new PortStats(rxPackets, txPackets, rxBytes, txBytes, 0, 0, 0, rxNoBuffer, 0, txDropped);
    }

    /** Frees the pool if this port created it. */
    @Override
    public void close()
    {
        if (ownsPool)
        {
            pool.close();
        }
    }

    private static void checkFits(final byte[] frame)
    {
        if (frame.length > MemoryPool.BUFFER_SIZE - MemoryPool.HEADROOM)
        {
            throw new IllegalArgumentException("a " + frame.length + "-byte frame does not fit a buffer's " +
                (MemoryPool.BUFFER_SIZE - MemoryPool.HEADROOM) + " bytes after the headroom");
        }
    }
}
