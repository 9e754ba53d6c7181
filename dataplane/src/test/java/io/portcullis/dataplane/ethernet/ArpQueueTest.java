package io.portcullis.dataplane.ethernet;

import java.util.Arrays;
import java.util.List;

import io.portcullis.dataplane.counters.CountersFile;
import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.ip.Ipv4Packets;
import io.portcullis.dataplane.ip.RouteTable;
import io.portcullis.dataplane.packet.PacketVector;
import io.portcullis.dataplane.port.MemoryPort;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.ethernet.EthernetFrames.mac;
import static io.portcullis.dataplane.ip.AddressClass.parse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * ethernet-output with its ARP queue (RFC 1122 §2.3.2.2) over a {@link MemoryPort}, whose pool
 * shows who owns each buffer: held packets are out of the vector and out of the pool until the
 * queue gives them back.
 */
class ArpQueueTest
{
    private static final long OUR_MAC = 0x0250_5000_0001L;
    private static final long HOST_MAC = 0x0250_5000_0099L;
    private static final String US = "192.168.10.1";
    private static final String HOST = "192.168.10.20";

    private final MemoryPort port = new MemoryPort(64);
    private final NodeCounters<EthernetCounter> counters =
        new NodeCounters<>(CountersFile.inMemory(64), "eth", EthernetCounter.class);
    private final CachedNanoClock clock = new CachedNanoClock();
    private final NeighbourCache neighbours = new NeighbourCache(16, 30_000_000_000L, 1_000_000_000L, 3, clock);
    private final RouteTable routes = new RouteTable(4);
    private final int onLink = routes.addLan(parse("192.168.10.0"), 24, 0, 0, 1500);
    private final PacketVector vector = new PacketVector();

    @AfterEach
    void close()
    {
        port.close();
    }

    private EthernetOutput output(final int capacity, final int perNeighbour)
    {
        return new EthernetOutput(routes, neighbours, OUR_MAC, counters,
            new ArpQueue(capacity, perNeighbour, counters));
    }

    /** Packet {@code id} to {@code destination}: its id is its payload's first byte. */
    private static byte[] packet(final String destination, final int id)
    {
        final byte[] payload = new byte[20];
        payload[0] = (byte)id;
        return Ipv4Packets.ipv4(US, destination, 17, payload);
    }

    /** Receives the packets into the vector (as a NIC would), routed on-link, and runs ethernet-output. */
    private void send(final EthernetOutput output, final List<byte[]> packets)
    {
        packets.forEach(port::offer);
        vector.clear();
        port.receive(vector);
        for (int i = 0; i < vector.size(); i++)
        {
            vector.handle(i, onLink);
        }
        output.process(vector);
    }

    private List<byte[]> released(final EthernetOutput output)
    {
        vector.clear();
        output.release(vector);
        port.transmit(vector);
        return port.drainTransmitted();
    }

    private static int id(final byte[] frame)
    {
        return frame[14 + 20];
    }

    @Test
    void heldPacketsLeaveInOrderOnceArpAnswers()
    {
        final EthernetOutput output = output(64, 4);
        send(output, List.of(packet(HOST, 1), packet(HOST, 2), packet(HOST, 3)));
        assertEquals(0, vector.size(), "held packets are out of the vector");
        assertEquals(3, output.held());
        assertEquals(3, counters.get(EthernetCounter.ARP_QUEUE_HELD));
        assertEquals(port.pool().size() - 3, port.pool().available(), "the queue owns three buffers");
        assertEquals(List.of(), released(output), "nothing leaves before the answer");

        neighbours.learn(parse(HOST), HOST_MAC);
        send(output, List.of(packet(HOST, 4)));  // resolved, but behind the held ones
        assertEquals(0, vector.size());
        final List<byte[]> frames = released(output);
        assertEquals(List.of(1, 2, 3, 4), frames.stream().map(ArpQueueTest::id).toList());
        for (final byte[] frame : frames)
        {
            assertEquals(HOST_MAC, mac(frame, 0));
            assertEquals(OUR_MAC, mac(frame, 6));
            assertEquals(0x0800, ((frame[12] & 0xFF) << 8) | (frame[13] & 0xFF));
        }
        assertArrayEquals(packet(HOST, 1), Arrays.copyOfRange(frames.getFirst(), 14, frames.getFirst().length));
        assertEquals(4, counters.get(EthernetCounter.ARP_QUEUE_RELEASED));
        assertEquals(0, output.held());
        assertEquals(port.pool().size(), port.pool().available(), "every buffer back in the pool");

        send(output, List.of(packet(HOST, 5)));  // nothing held: straight through
        assertEquals(PacketVector.NEXT_FORWARD, vector.next(0));
        port.transmit(vector);
    }

    @Test
    void aFullShareKeepsTheLatestPackets()
    {
        final EthernetOutput output = output(64, 4);
        send(output, List.of(packet(HOST, 1), packet(HOST, 2), packet(HOST, 3), packet(HOST, 4), packet(HOST, 5),
            packet(HOST, 6)));
        assertEquals(2, vector.size(), "the two oldest pushed out, as drops");
        assertEquals(PacketVector.NEXT_DROP, vector.next(0));
        assertEquals(PacketVector.NEXT_DROP, vector.next(1));
        assertEquals(0, port.transmit(vector));
        assertEquals(2, counters.get(EthernetCounter.ARP_QUEUE_OVERFLOW));
        assertEquals(4, output.held());

        neighbours.learn(parse(HOST), HOST_MAC);
        assertEquals(List.of(3, 4, 5, 6), released(output).stream().map(ArpQueueTest::id).toList());
        assertEquals(port.pool().size(), port.pool().available());
    }

    @Test
    void aFullQueueDropsTheNewPacket()
    {
        final EthernetOutput output = output(2, 4);
        send(output, List.of(packet("192.168.10.31", 1), packet("192.168.10.32", 2), packet("192.168.10.33", 3)));
        assertEquals(1, vector.size());
        assertEquals(PacketVector.NEXT_DROP, vector.next(0));
        assertEquals(1, counters.get(EthernetCounter.NEIGHBOUR_UNRESOLVED));
        port.transmit(vector);
        assertEquals(2, output.held());

        neighbours.learn(parse("192.168.10.32"), HOST_MAC);
        assertEquals(List.of(2), released(output).stream().map(ArpQueueTest::id).toList());
        assertEquals(1, output.held());
    }

    @Test
    void packetsAreDroppedWhenArpGivesUpOrForgetsTheAddress()
    {
        final EthernetOutput output = output(64, 4);
        send(output, List.of(packet(HOST, 1), packet("192.168.10.40", 2)));
        assertEquals(2, output.held());

        neighbours.remove(parse("192.168.10.40"));  // the resolution is gone
        assertEquals(List.of(), released(output));
        assertEquals(1, counters.get(EthernetCounter.ARP_RESOLUTION_FAILED));
        assertEquals(1, output.held());

        // Three requests a second apart (RFC 1122 §2.3.2.1), none answered: the cache gives up.
        final int[] due = new int[4];
        int requests = 0;
        for (long second = 0; second <= 3; second++)
        {
            clock.update(second * 1_000_000_000L);
            requests += neighbours.requestsDue(due);
            assertEquals(List.of(), released(output));
            assertEquals(second < 3 ? 1 : 0, output.held(), "held until the give-up, second " + second);
        }
        assertEquals(3, requests);
        assertEquals(2, counters.get(EthernetCounter.ARP_RESOLUTION_FAILED));
        assertEquals(port.pool().size(), port.pool().available(), "dropped packets are freed");
    }

    @Test
    void withoutAQueueUnresolvedPacketsAreDropped()
    {
        final EthernetOutput output = new EthernetOutput(routes, neighbours, OUR_MAC, counters);
        send(output, List.of(packet(HOST, 1)));
        assertEquals(PacketVector.NEXT_DROP, vector.next(0));
        assertEquals(1, counters.get(EthernetCounter.NEIGHBOUR_UNRESOLVED));
        assertEquals(0, output.held());
        port.transmit(vector);
    }

    @Test
    void badParametersAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new ArpQueue(0, 4, counters));
        assertThrows(IllegalArgumentException.class, () -> new ArpQueue(PacketVector.MAX_SIZE + 1, 4, counters));
        assertThrows(IllegalArgumentException.class, () -> new ArpQueue(8, 0, counters));
    }
}
