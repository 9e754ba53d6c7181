package io.portcullis.dataplane.esp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.SaExpiryListener;
import io.portcullis.dataplane.counters.CountersFile;
import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.ffm.CryptoBurst;
import io.portcullis.dataplane.ffm.IpsecMb;
import io.portcullis.dataplane.packet.PacketVector;

/**
 * One worker's ESP nodes over off-heap packet buffers (2 KiB each, 128 bytes of headroom like a
 * DPDK mbuf), for tests: byte arrays in, byte arrays and counters out.
 */
public final class EspTestBed implements AutoCloseable
{
    public static final int HEADROOM = 128;
    public static final int BUFFER_SIZE = 2048;

    public final List<String> expiries = new ArrayList<>();
    public final IpsecMb ipsecMb = IpsecMb.create();
    public final SaTable saTable = new SaTable(ipsecMb);
    public final NodeCounters<EspCounter> counters =
        new NodeCounters<>(CountersFile.inMemory(64), "esp4", EspCounter.class);
    private final CryptoBurst burst = new CryptoBurst(ipsecMb, PacketVector.MAX_SIZE);
    private final SaExpiryListener listener = new SaExpiryListener()
    {
        public void onSoftExpiry(final int spi, final boolean inbound, final Limit limit)
        {
            expiries.add("soft " + Integer.toHexString(spi) + " " + limit);
        }

        public void onHardExpiry(final int spi, final boolean inbound, final Limit limit)
        {
            expiries.add("hard " + Integer.toHexString(spi) + " " + limit);
        }
    };
    public final EspInbound inbound = new EspInbound(saTable, burst, counters, listener);
    public final EspOutbound outbound = new EspOutbound(saTable, burst, counters, listener);
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffers = arena.allocate((long)BUFFER_SIZE * PacketVector.MAX_SIZE, 64);
    private final PacketVector vector = new PacketVector();

    /** What a node did with one packet. */
    public record Result(int next, byte[] packet)
    {
        public boolean forwarded()
        {
            return next == PacketVector.NEXT_FORWARD;
        }
    }

    public int addOutbound(final EspSaConfig config)
    {
        return saTable.addOutbound(config);
    }

    public void addInbound(final EspSaConfig config)
    {
        saTable.addInbound(config);
    }

    /** Makes an outbound SA continue after {@code sequence} (64 bits with ESN), e.g. just below 2^32. */
    public void lastSequenceSent(final int handle, final long sequence)
    {
        saTable.outbound(handle).sequence = sequence;
    }

    public long count(final EspCounter counter)
    {
        return counters.get(counter);
    }

    public byte[] encrypt(final int handle, final byte[] packet)
    {
        return encrypt(handle, List.of(packet)).getFirst().packet();
    }

    public Result decrypt(final byte[] packet)
    {
        return decrypt(List.of(packet)).getFirst();
    }

    /** One vector through esp4-encrypt: every packet with the same SA handle. */
    public List<Result> encrypt(final int handle, final List<byte[]> packets)
    {
        load(packets);
        for (int i = 0; i < vector.size(); i++)
        {
            vector.handle(i, handle);
        }
        outbound.process(vector);
        return unload();
    }

    /** One vector through esp4-decrypt. */
    public List<Result> decrypt(final List<byte[]> packets)
    {
        load(packets);
        inbound.process(vector);
        return unload();
    }

    private void load(final List<byte[]> packets)
    {
        vector.clear();
        buffers.fill((byte)0x5A);  // stale bytes must never leak into output
        for (int i = 0; i < packets.size(); i++)
        {
            final byte[] packet = packets.get(i);
            final long base = (long)i * BUFFER_SIZE;
            MemorySegment.copy(packet, 0, buffers, ValueLayout.JAVA_BYTE, base + HEADROOM, packet.length);
            vector.add(buffers.address() + base, BUFFER_SIZE, HEADROOM, packet.length);
        }
    }

    private List<Result> unload()
    {
        final List<Result> results = new ArrayList<>();
        for (int i = 0; i < vector.size(); i++)
        {
            final long base = (long)i * BUFFER_SIZE;
            final byte[] bytes = vector.next(i) == PacketVector.NEXT_FORWARD ?
                buffers.asSlice(base + vector.offset(i), vector.length(i)).toArray(ValueLayout.JAVA_BYTE) : null;
            results.add(new Result(vector.next(i), bytes));
        }
        return results;
    }

    @Override
    public void close()
    {
        saTable.close();
        burst.close();
        ipsecMb.close();
        arena.close();
    }
}
