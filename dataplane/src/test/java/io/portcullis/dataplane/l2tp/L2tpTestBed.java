package io.portcullis.dataplane.l2tp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.counters.CountersFile;
import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.packet.PacketVector;

/**
 * One worker's L2TP nodes over off-heap packet buffers with headroom like a DPDK mbuf's, for
 * tests: byte arrays in, byte arrays, handles and counters out. The vector is open so that a
 * test can run other nodes (esp4-encrypt, esp4-decrypt) on it between these.
 */
public final class L2tpTestBed implements AutoCloseable
{
    public static final int HEADROOM = 128;
    public static final int BUFFER_SIZE = 2048;
    private static final int PACKETS = 16;

    public final SessionTable sessions = new SessionTable();
    public final NodeCounters<L2tpCounter> counters =
        new NodeCounters<>(CountersFile.inMemory(64), "l2tp", L2tpCounter.class);
    public final L2tpDecap decap = new L2tpDecap(sessions, counters);
    public final L2tpEncap encap = new L2tpEncap(sessions, counters);
    public final PacketVector vector = new PacketVector();
    private final Arena arena = Arena.ofConfined();
    private final int bufferSize;
    private final MemorySegment buffers;

    /** What a node did with one packet: its next, its handle, and its bytes unless dropped. */
    public record Result(int next, int handle, byte[] packet)
    {
        public boolean forwarded()
        {
            return next == PacketVector.NEXT_FORWARD;
        }
    }

    public L2tpTestBed()
    {
        this(BUFFER_SIZE);
    }

    public L2tpTestBed(final int bufferSize)
    {
        this.bufferSize = bufferSize;
        this.buffers = arena.allocate((long)bufferSize * PACKETS, 64);
    }

    public int add(final L2tpSessionConfig config)
    {
        return sessions.add(config);
    }

    public long count(final L2tpCounter counter)
    {
        return counters.get(counter);
    }

    public Result decap(final byte[] packet)
    {
        return decap(List.of(packet)).getFirst();
    }

    public List<Result> decap(final List<byte[]> packets)
    {
        load(packets, HEADROOM);
        decap.process(vector);
        return unload();
    }

    public Result encap(final int handle, final byte[] packet)
    {
        return encap(handle, packet, HEADROOM);
    }

    public Result encap(final int handle, final byte[] packet, final int headroom)
    {
        load(List.of(packet), headroom);
        vector.handle(0, handle);
        encap.process(vector);
        return unload().getFirst();
    }

    /** Copies packets into the buffers, {@code headroom} bytes in, and makes them the vector. */
    public void load(final List<byte[]> packets, final int headroom)
    {
        vector.clear();
        buffers.fill((byte)0x5A);  // stale bytes must never leak into output
        for (int i = 0; i < packets.size(); i++)
        {
            final byte[] packet = packets.get(i);
            final long base = (long)i * bufferSize;
            MemorySegment.copy(packet, 0, buffers, ValueLayout.JAVA_BYTE, base + headroom, packet.length);
            vector.add(buffers.address() + base, bufferSize, headroom, packet.length);
        }
    }

    /** The vector's packets as they are now; dropped and consumed ones have no bytes. */
    public List<Result> unload()
    {
        final List<Result> results = new ArrayList<>();
        for (int i = 0; i < vector.size(); i++)
        {
            final long base = (long)i * bufferSize;
            final boolean kept = vector.next(i) == PacketVector.NEXT_FORWARD || vector.next(i) == PacketVector.NEXT_PUNT;
            final byte[] bytes = kept ?
                buffers.asSlice(base + vector.offset(i), vector.length(i)).toArray(ValueLayout.JAVA_BYTE) : null;
            results.add(new Result(vector.next(i), vector.handle(i), bytes));
        }
        return results;
    }

    @Override
    public void close()
    {
        arena.close();
    }
}
