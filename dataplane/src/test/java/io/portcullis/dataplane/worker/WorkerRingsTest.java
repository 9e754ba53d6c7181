package io.portcullis.dataplane.worker;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.api.SaExpiryListener;
import io.portcullis.dataplane.esp.EspCounter;
import io.portcullis.dataplane.esp.EspTestBed;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.esp.Transforms;
import io.portcullis.dataplane.ip.RouteTable;
import io.portcullis.dataplane.l2tp.SessionTable;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rings between the control plane and a worker: commands in, punted packets and expiries out. */
class WorkerRingsTest
{
    private final List<String> results = new ArrayList<>();
    private final WorkerCommandAdapter.Listener listener = new WorkerCommandAdapter.Listener()
    {
        public void onApplied(final long correlationId)
        {
            results.add(correlationId + " ok");
        }

        public void onRejected(final long correlationId, final String reason)
        {
            results.add(correlationId + " rejected: " + reason);
        }
    };

    @Test
    void saCommandsInstallWorkingSasAndLeaveNoKeysInTheRing()
    {
        final OneToOneRingBuffer ring = Rings.oneToOne(64 * 1024);
        final WorkerCommandProxy proxy = new WorkerCommandProxy(ring);
        try (EspTestBed bed = new EspTestBed())
        {
            final WorkerCommandAdapter adapter = new WorkerCommandAdapter(ring, bed.saTable, new SessionTable(), new RouteTable(16), listener);
            final Transforms t = Transforms.AES_CBC_256_HMAC_SHA256_128;
            final EspSaConfig.NatT natT = new EspSaConfig.NatT(4500, 31000, Packets.address("10.0.0.2"), 0);
            assertTrue(proxy.addSa(1, 7, t.sa(0x1234, false, EspMode.TRANSPORT, true, "192.0.2.1", "198.51.100.7", natT)));
            assertTrue(proxy.addSa(2, 0, t.sa(0x1234, true, EspMode.TRANSPORT, true, "198.51.100.7", "192.0.2.1", natT)));
            assertTrue(proxy.addSa(3, 0, t.sa(0x1234, true, EspMode.TRANSPORT, true, "198.51.100.7", "192.0.2.1", natT)));

            assertEquals(2, adapter.poll(2), "bounded per duty cycle");
            assertEquals(1, adapter.poll(10));
            assertEquals(List.of("1 ok", "2 ok", "3 rejected: SPI already installed: 0x1234"), results);
            assertFalse(contains(ring.buffer().byteArray() != null ? ring.buffer().byteArray() :
                bytesOf(ring), t.cipherKey()), "cipher key left in the ring");

            final byte[] plain = Packets.udp("192.0.2.1", "198.51.100.7", 1701, 1701, new byte[50]);
            final byte[] wire = bed.encrypt(7, plain);
            assertEquals(17, wire[9], "NAT-T from the command's ports");
            assertEquals(31000, java.nio.ByteBuffer.wrap(wire).getShort(22) & 0xFFFF, "peer's NAT-T port");
            // Loop it back as if the peer had sent it: to our port 4500.
            java.nio.ByteBuffer.wrap(wire).putShort(20, (short)31000).putShort(22, (short)4500);
            assertArrayEquals(Packets.withoutUdpChecksum(plain), bed.decrypt(wire).packet(),
                "NAT-T transport without both original addresses: UDP checksum zeroed (RFC 3948 §3.1.2)");

            assertTrue(proxy.removeSa(4, 7, 0, false));
            assertTrue(proxy.removeSa(5, 0, 0x1234, true));
            assertTrue(proxy.removeSa(6, 0, 0x1234, true));
            adapter.poll(10);
            assertEquals(List.of("4 ok", "5 ok", "6 rejected: no such inbound SA, SPI 0x1234"), results.subList(3, 6));
            bed.encrypt(7, List.of(plain));
            assertEquals(1, bed.count(EspCounter.NO_SA));
        }
    }

    /** A rekey installs the new outbound SA under the old one's handle; removing the old one then leaves the new. */
    @Test
    void removingAReplacedOutboundSaKeepsItsSuccessor()
    {
        final OneToOneRingBuffer ring = Rings.oneToOne(64 * 1024);
        final WorkerCommandProxy proxy = new WorkerCommandProxy(ring);
        try (EspTestBed bed = new EspTestBed())
        {
            final WorkerCommandAdapter adapter = new WorkerCommandAdapter(ring, bed.saTable, new SessionTable(), new RouteTable(16), listener);
            final Transforms t = Transforms.AES_GCM_128;
            assertTrue(proxy.addSa(1, 7, t.sa(0x1111, false, EspMode.TRANSPORT, false, "192.0.2.1", "198.51.100.7", null)));
            assertTrue(proxy.addSa(2, 7, t.sa(0x2222, false, EspMode.TRANSPORT, false, "192.0.2.1", "198.51.100.7", null)));
            assertTrue(proxy.removeSa(3, 7, 0x1111, false));
            adapter.poll(10);
            assertEquals(List.of("1 ok", "2 ok", "3 ok"), results);

            final byte[] plain = Packets.udp("192.0.2.1", "198.51.100.7", 1701, 1701, new byte[20]);
            assertEquals(0x2222, java.nio.ByteBuffer.wrap(bed.encrypt(7, plain)).getInt(20), "the successor's SPI");

            assertTrue(proxy.removeSa(4, 7, 0x2222, false));
            adapter.poll(10);
            bed.encrypt(7, List.of(plain));
            assertEquals(1, bed.count(EspCounter.NO_SA));
        }
    }

    @Test
    void invalidCommandsAreRejectedWithTheirRule()
    {
        final OneToOneRingBuffer ring = Rings.oneToOne(64 * 1024);
        final WorkerCommandProxy proxy = new WorkerCommandProxy(ring);
        try (EspTestBed bed = new EspTestBed())
        {
            final WorkerCommandAdapter adapter = new WorkerCommandAdapter(ring, bed.saTable, new SessionTable(), new RouteTable(16), listener);
            final Transforms t = Transforms.AES_GCM_128;
            proxy.addSa(1, 0, t.sa(0x1000, false, EspMode.TUNNEL, false, "192.0.2.1", "198.51.100.7", null));
            final var scratch = new org.agrona.concurrent.UnsafeBuffer(new byte[20]);
            ring.write(WorkerCommandDescriptor.ADD_SA, scratch, 0, 20);
            ring.write(99, scratch, 0, 8);
            adapter.poll(10);
            assertEquals(3, results.size());
            assertTrue(results.get(0).contains("handle out of range"), results.get(0));
            assertTrue(results.get(1).contains("truncated"), results.get(1));
            assertTrue(results.get(2).contains("unknown command type 99"), results.get(2));

            ring.write(WorkerCommandDescriptor.QUERY_SESSION, scratch, 0, 20);  // queryId cut short
            adapter.poll(10);
            assertEquals("0 rejected: QUERY_SESSION of 20 bytes is truncated", results.get(3));
        }
    }

    @Test
    void clientAndRouteCommandsInstallAndRemoveSessionsAndRoutes()
    {
        final OneToOneRingBuffer ring = Rings.oneToOne(64 * 1024);
        final WorkerCommandProxy proxy = new WorkerCommandProxy(ring);
        final SessionTable sessions = new SessionTable();
        final RouteTable routes = new RouteTable(16);
        try (EspTestBed bed = new EspTestBed())
        {
            final WorkerCommandAdapter adapter = new WorkerCommandAdapter(ring, bed.saTable, sessions, routes, listener);
            final int client = Packets.address("10.99.0.2");
            final L2tpSessionConfig session = L2tpSessionConfig
                .of(7, 9, 70, 90, Packets.address("192.0.2.1"), Packets.address("198.51.100.7"), client, 3)
                .withSequencing(true);
            proxy.addClient(1, session, 1400);
            proxy.addClient(2, session, 1400);
            proxy.addRoute(3, Packets.address("10.1.0.0"), 24, 0, 1, 1500);
            proxy.addRoute(4, 0, 40, 0, 1, 1500);
            adapter.poll(10);
            assertEquals(List.of("1 ok", "2 rejected: a route for the client address already exists", "3 ok",
                "4 rejected: prefix length 40 is not 0..32"), results);

            final int route = routes.lookup(client);
            assertEquals(RouteTable.KIND_CLIENT, routes.kind(route));
            assertEquals(1400, routes.mtu(route));
            assertEquals(sessions.lookup(7, 9).handle(), routes.session(route));
            assertEquals(1, routes.port(routes.lookup(Packets.address("10.1.0.77"))));

            proxy.removeClient(5, 7, 9);
            proxy.removeClient(6, 7, 9);
            proxy.removeRoute(7, Packets.address("10.1.0.0"), 24);
            adapter.poll(10);
            assertEquals(List.of("5 ok", "6 rejected: no such session 7/9", "7 ok"), results.subList(4, 7));
            assertEquals(RouteTable.NO_ROUTE, routes.lookup(client));
            assertEquals(0, sessions.size());
        }
    }

    @Test
    void puntedPacketsArriveWithTheirMetadata()
    {
        final ManyToOneRingBuffer ring = Rings.manyToOne(4096);
        final PuntProxy proxy = new PuntProxy(ring);
        final byte[] ike = Packets.udp("198.51.100.7", "192.0.2.1", 4500, 4500, new byte[] {0, 0, 0, 0, 1, 2, 3});
        final PacketVector vector = new PacketVector();
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment buffer = arena.allocate(2048);
            MemorySegment.copy(ike, 0, buffer, ValueLayout.JAVA_BYTE, 128, ike.length);
            vector.add(buffer.address(), 2048, 128, ike.length);
            int queued = 0;
            while (proxy.punt(vector, 0, 3, PuntDescriptor.REASON_IKE_NATT, 123_456L))
            {
                queued++;
            }
            assertTrue(queued > 10);
            assertEquals(1, proxy.full());

            final List<String> seen = new ArrayList<>();
            final PuntAdapter adapter = new PuntAdapter(ring,
                (packet, offset, length, port, reason, arrivalNs, src, srcPort, dst, dstPort, spi) ->
                {
                    final byte[] bytes = new byte[length];
                    packet.getBytes(offset, bytes);
                    assertArrayEquals(ike, bytes);
                    seen.add(port + " " + reason + " " + arrivalNs + " " + Integer.toHexString(src) + ":" + srcPort +
                        " " + Integer.toHexString(dst) + ":" + dstPort);
                });
            assertEquals(queued, adapter.poll(1000));
            assertEquals("3 2 123456 c6336407:4500 c0000201:4500", seen.getFirst());
        }
    }

    @Test
    void expiriesCrossTheRing()
    {
        final ManyToOneRingBuffer ring = Rings.manyToOne(4096);
        final SaExpiryProxy proxy = new SaExpiryProxy(ring);
        proxy.onSoftExpiry(0xabc, true, SaExpiryListener.Limit.BYTES);
        proxy.onHardExpiry(0xdef, false, SaExpiryListener.Limit.SEQUENCE_NUMBER);
        final List<String> seen = new ArrayList<>();
        new SaExpiryAdapter(ring, new SaExpiryListener()
        {
            public void onSoftExpiry(final int spi, final boolean inbound, final Limit limit)
            {
                seen.add("soft " + Integer.toHexString(spi) + " " + inbound + " " + limit);
            }

            public void onHardExpiry(final int spi, final boolean inbound, final Limit limit)
            {
                seen.add("hard " + Integer.toHexString(spi) + " " + inbound + " " + limit);
            }
        }).poll(10);
        assertEquals(List.of("soft abc true BYTES", "hard def false SEQUENCE_NUMBER"), seen);
    }

    private static byte[] bytesOf(final OneToOneRingBuffer ring)
    {
        final byte[] bytes = new byte[ring.buffer().capacity()];
        ring.buffer().getBytes(0, bytes);
        return bytes;
    }

    private static boolean contains(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            for (int k = 0; k < needle.length; k++)
            {
                if (haystack[i + k] != needle[k])
                {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
