package io.portcullis.dataplane.ip;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.portcullis.dataplane.counters.CountersFile;
import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

/**
 * Off-heap packet buffers shaped like DPDK mbufs (2304-byte data room, 128 bytes of headroom)
 * and one vector, for node tests: byte arrays in, next/handle/bytes out.
 */
public final class VectorBed implements AutoCloseable
{
    public static final int HEADROOM = 128;
    public static final int BUFFER_SIZE = 2304;
    public static final int BUFFERS = PacketVector.MAX_SIZE + 64;

    public final CountersManager countersManager = CountersFile.inMemory(256);
    public final NodeCounters<IpCounter> counters = new NodeCounters<>(countersManager, "ip4", IpCounter.class);
    public final PacketVector vector = new PacketVector();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffers = arena.allocate((long)BUFFER_SIZE * BUFFERS, 64);

    /** What a node did with one packet. */
    public record Result(int next, int handle, byte[] packet)
    {
    }

    public long count(final IpCounter counter)
    {
        return counters.get(counter);
    }

    /** Address of spare buffer {@code k} (after the vector's), e.g. for fragments. */
    public long spareAddress(final int k)
    {
        return buffers.address() + (long)(PacketVector.MAX_SIZE + k) * BUFFER_SIZE;
    }

    public UnsafeBuffer spare(final int k)
    {
        return new UnsafeBuffer(spareAddress(k), BUFFER_SIZE);
    }

    public byte[] bytes(final long address, final int offset, final int length)
    {
        return buffers.asSlice(address - buffers.address() + offset, length).toArray(ValueLayout.JAVA_BYTE);
    }

    public Result run(final Consumer<PacketVector> node, final byte[] packet)
    {
        return run(node, List.of(packet)).getFirst();
    }

    public List<Result> run(final Consumer<PacketVector> node, final List<byte[]> packets)
    {
        load(packets, HEADROOM);
        node.accept(vector);
        return unload();
    }

    public void load(final List<byte[]> packets, final int headroom)
    {
        vector.clear();
        buffers.fill((byte)0x5A);  // stale bytes must never leak into output
        for (int i = 0; i < packets.size(); i++)
        {
            final byte[] packet = packets.get(i);
            final long base = (long)i * BUFFER_SIZE;
            MemorySegment.copy(packet, 0, buffers, ValueLayout.JAVA_BYTE, base + headroom, packet.length);
            vector.add(buffers.address() + base, BUFFER_SIZE, headroom, packet.length);
        }
    }

    public List<Result> unload()
    {
        final List<Result> results = new ArrayList<>();
        for (int i = 0; i < vector.size(); i++)
        {
            final int next = vector.next(i);
            final byte[] bytes = next == PacketVector.NEXT_DROP || next == PacketVector.NEXT_CONSUMED ? null :
                bytes(vector.bufferAddress(i), vector.offset(i), vector.length(i));
            results.add(new Result(next, vector.handle(i), bytes));
        }
        return results;
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
