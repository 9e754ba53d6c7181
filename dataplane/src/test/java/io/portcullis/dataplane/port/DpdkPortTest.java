package io.portcullis.dataplane.port;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.portcullis.dataplane.packet.PacketVector;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ports through the real DPDK path, on virtual devices (no NIC, no hugepages): net_ring loops
 * what it sends back to its own RX queue, net_pcap reads and writes capture files, net_null
 * makes and swallows packets on as many queues as asked. DPDK starts once per process, so
 * every test that needs EAL is in this class. (net_ring names stay within 17 characters: the
 * driver names its 16 rings "ETH_RXTX15_&lt;name&gt;" in 28 bytes and refuses longer ones silently.)
 */
class DpdkPortTest
{
    private static Mempool pool;
    private final List<EthDevice> opened = new ArrayList<>();

    @BeforeAll
    static void startEal()
    {
        Eal.initForTests();
        pool = Mempool.create("dpdk-port-test", 4095);
    }

    @AfterAll
    static void freePool()
    {
        pool.close();
    }

    @AfterEach
    void closeDevicesAndCheckForLeaks()
    {
        opened.forEach(EthDevice::close);
        assertEquals(0, pool.inUse(), "mbufs still in use after the test: a leak");
    }

    @Test
    void framesSentIntoARingComeBackByteExact()
    {
        final DpdkPort port = open("net_ring_exact0", PortConfig.queues(1)).start().port(0);
        final List<byte[]> frames = Frames.make(100, 1);

        final PacketVector out = new PacketVector();
        assertEquals(frames.size(), port.allocate(out, frames.size()));
        for (int i = 0; i < frames.size(); i++)
        {
            Frames.put(out, i, frames.get(i));
        }
        assertEquals(frames.size(), port.transmit(out));
        assertEquals(0, out.size(), "transmit empties the vector");

        final PacketVector in = new PacketVector();
        assertEquals(DpdkPort.RX_BURST, port.receive(in), "one receive takes at most a burst");
        while (in.size() < frames.size() && port.receive(in) > 0)
        {
            // the rest, a burst at a time
        }
        assertEquals(frames.size(), in.size());
        for (int i = 0; i < frames.size(); i++)
        {
            assertArrayEquals(frames.get(i), Frames.get(in, i), "frame " + i);
            assertEquals(PacketVector.NEXT_FORWARD, in.next(i));
            assertNotEquals(0, in.mbuf(i));
        }
        assertEquals(0, port.receive(new PacketVector()), "nothing more in the ring");
        drop(port, in);
    }

    @Test
    void framesReadFromAPcapAreWrittenToAPcapByteExact(@TempDir final Path dir) throws Exception
    {
        final Path input = dir.resolve("in.pcap");
        final Path output = dir.resolve("out.pcap");
        final List<byte[]> frames = Frames.make(300, 2);  // more than one vector
        PcapFile.write(input, frames);
        final EthDevice device = open("net_pcap_exact0,rx_pcap=" + input + ",tx_pcap=" + output, PortConfig.queues(1));
        final DpdkPort port = device.start().port(0);

        int forwarded = 0;
        final PacketVector vector = new PacketVector();
        for (int tries = 0; forwarded < frames.size() && tries < 1000; tries++)
        {
            port.receive(vector);
            forwarded += port.transmit(vector);
        }
        assertEquals(frames.size(), forwarded);
        final PortStats stats = device.stats();
        device.close();  // flushes the capture

        final List<byte[]> written = PcapFile.read(output);
        assertEquals(frames.size(), written.size());
        for (int i = 0; i < frames.size(); i++)
        {
            assertArrayEquals(frames.get(i), written.get(i), "frame " + i);
        }
        final long bytes = frames.stream().mapToLong(f -> f.length).sum();
        assertAll(
            () -> assertEquals(frames.size(), stats.rxPackets(), "rxPackets"),
            () -> assertEquals(frames.size(), stats.txPackets(), "txPackets"),
            () -> assertEquals(bytes, stats.rxBytes(), "rxBytes"),
            () -> assertEquals(bytes, stats.txBytes(), "txBytes"),
            () -> assertEquals(0, stats.rxDropped() + stats.txDropped() + stats.rxErrors() + stats.txErrors()));
    }

    @Test
    void transmitSendsForwardedPacketsAndFreesTheRest()
    {
        final EthDevice device = open("net_ring_mixed0", PortConfig.queues(1)).start();
        final DpdkPort port = device.port(0);
        final List<byte[]> frames = Frames.make(8, 3);
        final PacketVector out = new PacketVector();
        port.allocate(out, frames.size());
        for (int i = 0; i < frames.size(); i++)
        {
            Frames.put(out, i, frames.get(i));
        }
        out.next(1, PacketVector.NEXT_DROP);
        out.next(4, PacketVector.NEXT_PUNT);
        out.next(6, PacketVector.NEXT_CONSUMED);
        assertEquals(5, port.transmit(out));

        final PacketVector in = new PacketVector();
        assertEquals(5, port.receive(in));
        final int[] sent = {0, 2, 3, 5, 7};
        for (int i = 0; i < sent.length; i++)
        {
            assertArrayEquals(frames.get(sent[i]), Frames.get(in, i), "frame " + sent[i] + ", in order");
        }
        drop(port, in);
        final PortStats stats = device.stats();
        assertEquals(5, stats.txPackets());
        assertEquals(5, stats.rxPackets());
        assertEquals(0, stats.txDropped());
    }

    @Test
    void countersMoveAndReset()
    {
        final EthDevice device = open("net_ring_count0", PortConfig.queues(1)).start();
        final DpdkPort port = device.port(0);
        assertEquals(0, device.stats().txPackets());
        loopBack(port, 10);
        assertEquals(10, device.stats().txPackets());
        assertEquals(10, device.stats().rxPackets());
        assertEquals(device.stats(), port.stats(), "a queue's port reports its device");
        device.resetStats();
        assertEquals(0, device.stats().txPackets());
        assertEquals(0, device.stats().rxPackets());
    }

    @Test
    void aPacketOutsideItsBufferIsDroppedAndCounted()
    {
        final EthDevice device = open("net_ring_bad0", PortConfig.queues(1)).start();
        final DpdkPort port = device.port(0);
        final PacketVector out = new PacketVector();
        port.allocate(out, 2);
        out.data(0, out.offset(0), 100);
        out.data(1, out.bufferCapacity(1) - 10, 100);  // runs 90 bytes past the end
        assertEquals(1, port.transmit(out));
        assertEquals(1, device.stats().txDropped());
        final PacketVector in = new PacketVector();
        assertEquals(1, port.receive(in));
        drop(port, in);
    }

    @Test
    void twoQueuesOfADeviceThatHashesUseRss()
    {
        final EthDevice one = open("net_null_one0", PortConfig.queues(1));
        assertEquals(0, one.rssHashFunctions(), "one queue: no RSS");

        final EthDevice two = open("net_null_two0", PortConfig.queues(2)).start();
        assertNotEquals(0, two.rssHashFunctions(), "two queues of net_null: RSS on");
        assertEquals(2, two.rxQueues());
        for (int q = 0; q < 2; q++)
        {
            final DpdkPort port = two.port(q);
            final PacketVector vector = new PacketVector();
            assertTrue(port.receive(vector) > 0, "net_null makes packets on queue " + q);
            port.transmit(vector);  // net_null frees what it is sent
        }
        assertTrue(two.stats().rxPackets() > 0);
        assertThrows(IllegalArgumentException.class, () -> two.port(2));
    }

    @Test
    void macAddressAndLink()
    {
        final EthDevice device = open("net_null_mac0", PortConfig.queues(1));
        final byte[] mac = device.macAddress();
        assertEquals(6, mac.length);
        assertEquals(0, mac[0] & 1, "unicast");
        assertTrue(mac[0] != 0 || mac[1] != 0 || mac[2] != 0 || mac[3] != 0 || mac[4] != 0 || mac[5] != 0,
            "net_null makes up a MAC address");
        assertEquals("net_null", device.driver());

        final EthDevice ring = open("net_ring_link0", PortConfig.queues(1));
        assertTrue(!ring.link().up(), "down before start");
        ring.start();
        assertTrue(ring.link().up(), "up once started");
        assertTrue(ring.link().speedMbps() > 0);
        ring.stop();
        assertTrue(!ring.link().up(), "down once stopped");
    }

    @Test
    void aClosedDeviceCanBeOpenedAgain()
    {
        final EthDevice first = EthDevice.open("net_ring_again0", PortConfig.queues(1), pool).start();
        loopBack(first.port(0), 3);
        first.close();
        final EthDevice second = open("net_ring_again0", PortConfig.queues(1)).start();
        loopBack(second.port(0), 3);
        assertEquals(3, second.stats().txPackets(), "a fresh port: counters from 0");
    }

    @Test
    void anUnknownDriverIsNamedWithTheFix()
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> open("net_bogus0", PortConfig.queues(1)));
        assertTrue(ex.getMessage().contains("\"net_bogus0\""), ex.getMessage());
        assertTrue(ex.getMessage().contains("net_pcap0,rx_pcap="), "names the right form: " + ex.getMessage());
    }

    @Test
    void aMissingCaptureFileIsNamedWithWhatDpdkSaid(@TempDir final Path dir)
    {
        final Path missing = dir.resolve("no-such.pcap");
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> open("net_pcap_missing0,rx_pcap=" + missing + ",tx_pcap=" + dir.resolve("out.pcap"),
                PortConfig.queues(1)));
        assertTrue(ex.getMessage().contains("Couldn't open " + missing), "DPDK's own words: " + ex.getMessage());
        assertTrue(ex.getMessage().contains("driver refused"), ex.getMessage());
    }

    @Test
    void moreQueuesThanTheDeviceHasAreRefused(@TempDir final Path dir) throws Exception
    {
        final Path input = dir.resolve("in.pcap");
        PcapFile.write(input, Frames.make(1, 4));
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> open("net_pcap_queues0,rx_pcap=" + input + ",tx_pcap=" + dir.resolve("out.pcap"),
                PortConfig.queues(2)));
        assertTrue(ex.getMessage().contains("1 to 1 RX"), ex.getMessage());
    }

    @Test
    void ealStartsOncePerProcess()
    {
        final Eal eal = Eal.initForTests();
        assertSame(eal, Eal.init(Eal.testArguments()), "the same arguments: the running EAL");
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> Eal.init("--no-huge"));
        assertTrue(ex.getMessage().contains("once per process"), ex.getMessage());
        assertEquals(0, eal.mainLcore());
    }

    @Test
    void aWorkerThreadBecomesAnLcoreOfItsOwn() throws Exception
    {
        final AtomicInteger registered = new AtomicInteger(-2);
        final AtomicInteger seen = new AtomicInteger(-2);
        final AtomicInteger after = new AtomicInteger(-2);
        final Thread worker = new Thread(() -> {
            registered.set(Eal.registerThread());
            seen.set(Eal.lcoreId());
            Eal.unregisterThread();
            after.set(Eal.lcoreId());
        });
        assertEquals(-1, lcoreIdOfANewThread(), "a plain thread is no lcore");
        worker.start();
        worker.join();
        assertTrue(registered.get() > 0, "an lcore other than the main one: " + registered.get());
        assertEquals(registered.get(), seen.get());
        assertEquals(-1, after.get());
    }

    @Test
    void receiveTransmitAndAllocateAllocateNothingOnTheHeap()
    {
        final DpdkPort port = open("net_ring_gc0", PortConfig.queues(1)).start().port(0);
        final PacketVector out = new PacketVector();
        final PacketVector in = new PacketVector();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        cycle(port, out, in, 20_000);  // JIT warm-up
        final long before = threads.getCurrentThreadAllocatedBytes();
        cycle(port, out, in, 20_000);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, allocated + " bytes allocated by 20,000 allocate/transmit/receive/free cycles");
    }

    /** Allocate 32, send them into the ring, receive them, free them. */
    private static void cycle(final DpdkPort port, final PacketVector out, final PacketVector in, final int times)
    {
        for (int t = 0; t < times; t++)
        {
            if (port.allocate(out, 32) != 32)
            {
                throw new AssertionError("pool ran dry");
            }
            for (int i = 0; i < 32; i++)
            {
                out.data(i, out.offset(i), 64);
            }
            port.transmit(out);
            port.receive(in);
            for (int i = 0; i < in.size(); i++)
            {
                in.next(i, PacketVector.NEXT_DROP);
            }
            port.transmit(in);
        }
    }

    private static void loopBack(final DpdkPort port, final int count)
    {
        final PacketVector vector = new PacketVector();
        port.allocate(vector, count);
        for (int i = 0; i < count; i++)
        {
            vector.data(i, vector.offset(i), 60);
        }
        assertEquals(count, port.transmit(vector));
        assertEquals(count, port.receive(vector));
        drop(port, vector);
    }

    private static void drop(final Port port, final PacketVector vector)
    {
        for (int i = 0; i < vector.size(); i++)
        {
            vector.next(i, PacketVector.NEXT_DROP);
        }
        assertEquals(0, port.transmit(vector));
    }

    private static int lcoreIdOfANewThread() throws InterruptedException
    {
        final AtomicInteger id = new AtomicInteger(-2);
        final Thread t = new Thread(() -> id.set(Eal.lcoreId()));
        t.start();
        t.join();
        return id.get();
    }

    private EthDevice open(final String devargs, final PortConfig config)
    {
        final EthDevice device = EthDevice.open(devargs, config, pool);
        opened.add(device);
        return device;
    }
}
