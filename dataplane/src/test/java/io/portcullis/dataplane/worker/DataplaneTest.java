package io.portcullis.dataplane.worker;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import io.portcullis.dataplane.api.ControlPacketListener;
import io.portcullis.dataplane.api.DataplaneCommands;
import io.portcullis.dataplane.api.SaExpiryListener;
import io.portcullis.dataplane.api.SessionTraffic;
import io.portcullis.dataplane.counters.CountersFile;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.ip.Ipv4Packets;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.port.MemoryPool;
import io.portcullis.dataplane.port.MemoryPort;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.worker.ClientPeer.*;
import static io.portcullis.dataplane.worker.TestNetwork.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dataplane as the control plane sees it ({@link DataplaneCommands} and
 * {@link ControlPacketListener}), over memory ports: state installed through the router makes
 * traffic flow, datagrams the control plane sends leave in clear or through their SA, punted
 * L2TP arrives with the SPI it came through, and with two workers a session's outbound packets
 * are encrypted by the worker that owns its SA, whichever worker received them.
 */
class DataplaneTest
{
    /** The appliance's ids of the client's session ({@link ClientPeer#applianceSession}). */
    private static final int CLIENT_TUNNEL_ID = 1;
    private static final int CLIENT_SESSION_ID = 1;

    private final MemoryPool pool = new MemoryPool(2048);
    private final List<MemoryPort> wans = new ArrayList<>();
    private final List<MemoryPort> lans = new ArrayList<>();
    private final CountersManager counters = CountersFile.inMemory(1024);
    private final CachedNanoClock clock = new CachedNanoClock();
    private final ClientPeer client = new ClientPeer(CLIENT, WAN, HOST);
    private final List<String> datagrams = new ArrayList<>();
    private Dataplane dataplane;
    private Agent control;

    @AfterEach
    void close()
    {
        if (dataplane != null)
        {
            dataplane.close();
        }
        client.close();
        wans.forEach(MemoryPort::close);
        lans.forEach(MemoryPort::close);
        pool.close();
    }

    private void start(final int workers, final int espSaHandle)
    {
        for (int w = 0; w < workers; w++)
        {
            wans.add(new MemoryPort(pool));
            lans.add(new MemoryPort(pool));
        }
        dataplane = new Dataplane(wans, lans, new Dataplane.PortSettings(WAN_MAC, ip(WAN), 1500),
            new Dataplane.PortSettings(LAN_MAC, ip(LAN), 1500), 1300, WorkerBuilder.Limits.defaults(), counters, clock);
        for (int w = 0; w < workers; w++)
        {
            dataplane.built(w).neighbours().addStatic(ip(GATEWAY), GATEWAY_MAC);
            dataplane.built(w).neighbours().addStatic(ip(HOST), HOST_MAC);
        }
        control = dataplane.control(listener(), SaExpiryListener.NONE);
        final DataplaneCommands commands = dataplane.commands();
        commands.addSa(0, client.applianceSas()[0]);
        commands.addSa(espSaHandle, client.applianceSas()[1]);
        commands.addClient(client.applianceSession(CLIENT_PPP, espSaHandle), 1400);
        dataplane.commands().addRoute(ip("10.1.0.0"), 24, 0, Worker.PORT_LAN, 1500);
        dataplane.commands().addRoute(0, 0, ip(GATEWAY), Worker.PORT_WAN, 1500);
        runAll();
        assertEquals(0, dataplane.rejected(), () -> dataplane.rejections().toString());
    }

    private ControlPacketListener listener()
    {
        return (localAddress, localPort, remoteAddress, remotePort, payload, inboundSpi, arrivalNs) ->
        {
            final byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            datagrams.add(Packets.hex(new byte[] {(byte)(localAddress >>> 24)}) + " " + localPort + " " + remotePort +
                " spi=" + Integer.toHexString(inboundSpi) + " " + Packets.hex(bytes));
        };
    }

    private void runAll()
    {
        try
        {
            for (int spin = 0; spin < 4; spin++)
            {
                control.doWork();
                dataplane.workers().forEach(Worker::doWork);
            }
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }

    @Test
    void stateInstalledThroughTheCommandsCarriesTrafficBothWays()
    {
        start(1, 7);
        final byte[] query = Packets.udp(CLIENT_PPP, HOST, 40000, 53, "query".getBytes());
        wans.getFirst().offer(ethernet(WAN_MAC, GATEWAY_MAC, client.sends(query)));
        lans.getFirst().offer(ethernet(LAN_MAC, HOST_MAC, Packets.udp(HOST, CLIENT_PPP, 53, 40000, "answer".getBytes())));
        runAll();
        assertArrayEquals(ttlMinusOne(query), strip(lans.getFirst().poll()));
        assertArrayEquals(ttlMinusOne(Packets.udp(HOST, CLIENT_PPP, 53, 40000, "answer".getBytes())),
            client.receives(strip(wans.getFirst().poll())));
        assertEquals(pool.size(), pool.available(), "every buffer back in the pool");
    }

    @Test
    void theGatewayAddressTheControlPlaneAddsAnswersItsClientsPings()
    {
        start(1, 7);
        final String gateway = "10.99.0.1";  // the clients' PPP peer, on no port
        dataplane.commands().addLocalAddress(ip(gateway));
        runAll();
        final byte[] ping = Ipv4Packets.echoRequest(CLIENT_PPP, gateway, 9, 1, "peer?".getBytes());
        wans.getFirst().offer(ethernet(WAN_MAC, GATEWAY_MAC, client.sends(ping)));
        runAll();
        final byte[] reply = wans.getFirst().poll();
        assertNotNull(reply, "no echo reply");
        WorkerTest.assertEchoReply(ping, ClientPeer.innerPacket(client.decrypts(strip(reply))));
        assertNull(wans.getFirst().poll(), "the request was not forwarded by the default route");
        assertNull(lans.getFirst().poll());
        assertEquals(pool.size(), pool.available(), "every buffer back in the pool");
    }

    @Test
    void datagramsTheControlPlaneSendsLeaveInClearOrThroughTheirSa()
    {
        start(1, 7);
        final byte[] ike = "an IKE message".getBytes();
        final byte[] l2tp = sccrq();
        dataplane.commands().sendUdp(ip(WAN), 500, ip(CLIENT), 500, ByteBuffer.wrap(ike), DataplaneCommands.NO_SA);
        dataplane.commands().sendUdp(ip(WAN), 1701, ip(CLIENT), 1701, ByteBuffer.wrap(l2tp), 7);
        runAll();

        final byte[] clear = wans.getFirst().poll();
        assertNotNull(clear, "nothing sent in clear");
        assertEquals(GATEWAY_MAC, mac(clear, 0));
        assertUdp(strip(clear), WAN, CLIENT, 500, 500, ike);

        final byte[] protectedOne = strip(wans.getFirst().poll());
        assertEquals(Ipv4.PROTOCOL_ESP, protectedOne[Ipv4.PROTOCOL]);
        final byte[] inside = client.decrypts(protectedOne);
        assertUdp(inside, WAN, CLIENT, 1701, 1701, l2tp);
        assertNull(wans.getFirst().poll());
        assertEquals(2, counter("worker-0: datagrams sent for the control plane"));
    }

    @Test
    void puntedL2tpControlReachesTheListenerWithTheSpiItCameThrough()
    {
        start(1, 7);
        final byte[] l2tp = sccrq();
        wans.getFirst().offer(ethernet(WAN_MAC, GATEWAY_MAC, client.encrypts(Packets.udp(CLIENT, WAN, 1701, 1701, l2tp))));
        wans.getFirst().offer(ethernet(WAN_MAC, GATEWAY_MAC, Packets.udp(CLIENT, WAN, 500, 500, "ike".getBytes())));
        runAll();
        // IKE on 500 is classified (and punted) before esp4-decrypt runs, so it comes first.
        assertEquals(List.of(
            "c0 500 500 spi=0 " + Packets.hex("ike".getBytes()),
            "c0 1701 1701 spi=2000 " + Packets.hex(l2tp)), datagrams);
    }

    @Test
    void commandsWaitInOrderWhenTheRingIsFull()
    {
        final var ring = Rings.oneToOne(1024);
        final var routes = new io.portcullis.dataplane.ip.RouteTable(64);
        final List<String> results = new ArrayList<>();
        final WorkerCommandAdapter adapter = new WorkerCommandAdapter(ring, null,
            new io.portcullis.dataplane.l2tp.SessionTable(), routes, new WorkerCommandAdapter.Listener()
            {
                public void onApplied(final long correlationId)
                {
                    results.add(correlationId + " ok");
                }

                public void onRejected(final long correlationId, final String reason)
                {
                    results.add(correlationId + " " + reason);
                }
            });
        final WorkerCommandRouter router = new WorkerCommandRouter(List.of(ring));
        for (int k = 0; k < 40; k++)   // 40 commands of 48 bytes do not fit 1 KiB
        {
            router.addRoute(ip("10.2." + k + ".0"), 24, 0, Worker.PORT_LAN, 1500 - k);
        }
        assertTrue(router.pendingCount() > 0, "some commands had to wait");
        dataplane = null;
        int rounds = 0;
        while (router.pendingCount() > 0 || adapter.poll(8) > 0)
        {
            router.deliverPending();
            adapter.poll(8);
            assertTrue(++rounds < 100);
        }
        assertEquals(40, results.size());
        for (int k = 0; k < 40; k++)
        {
            assertEquals((k + 1) + " ok", results.get(k), "applied in the order given");
            assertEquals(1500 - k, routes.mtu(routes.find(ip("10.2." + k + ".0"), 24)));
        }
    }

    /**
     * Accounting (RFC 2866 §5.3/5.4/5.8/5.9): every inner IP packet the client sends counts as
     * input after l2tp-decap, every one sent to it as output before l2tp-encap, IP header
     * included; the answer comes back through the executor the asker named, and asking just
     * before removing the client reads its final counts.
     */
    @Test
    void sessionTrafficCountsExactInnerBytesBothWays()
    {
        start(1, 7);
        final int[] clientPayloads = {5, 100, 1000};
        long input = 0;
        for (final int size : clientPayloads)
        {
            final byte[] packet = Packets.udp(CLIENT_PPP, HOST, 40000, 53, new byte[size]);
            input += packet.length;
            wans.getFirst().offer(ethernet(WAN_MAC, GATEWAY_MAC, client.sends(packet)));
        }
        final byte[] answer = Packets.udp(HOST, CLIENT_PPP, 53, 40000, new byte[300]);
        lans.getFirst().offer(ethernet(LAN_MAC, HOST_MAC, answer));
        lans.getFirst().offer(ethernet(LAN_MAC, HOST_MAC, answer));
        runAll();
        assertEquals(3, drain(lans.getFirst()), "the client's packets reached the LAN");
        assertEquals(2, drain(wans.getFirst()), "the host's packets reached the client");

        final List<String> replyThreadWork = new ArrayList<>();
        final List<SessionTraffic> answers = new ArrayList<>();
        final Executor loop = task ->
        {
            replyThreadWork.add("queued");
            task.run();
        };
        dataplane.commands().querySessionTraffic(CLIENT_TUNNEL_ID, CLIENT_SESSION_ID, loop, answers::add);
        dataplane.commands().removeClient(CLIENT_TUNNEL_ID, CLIENT_SESSION_ID);
        dataplane.commands().querySessionTraffic(CLIENT_TUNNEL_ID, CLIENT_SESSION_ID, loop, answers::add);
        runAll();

        assertEquals(2, answers.size());
        assertEquals(List.of("queued", "queued"), replyThreadWork, "answers go through the asker's executor");
        assertEquals(new SessionTraffic(input, 2L * answer.length, 3, 2), answers.get(0));
        assertEquals(33 + 128 + 1028, input, "20-byte IPv4 + 8-byte UDP headers counted");
        assertNull(answers.get(1), "no worker has the session once it is removed");
        assertEquals(0, dataplane.commands().pendingQueries());
    }

    /** Two workers: input counted where the ESP arrives, output on the SA's owner; the answer is the sum. */
    @Test
    void sessionTrafficIsSummedOverWorkers()
    {
        start(2, 3);
        final byte[] query = Packets.udp(CLIENT_PPP, HOST, 40000, 53, "query".getBytes());
        wans.get(0).offer(ethernet(WAN_MAC, GATEWAY_MAC, client.sends(query)));
        final byte[] answer = Packets.udp(HOST, CLIENT_PPP, 53, 40000, new byte[64]);
        for (int k = 0; k < 4; k++)
        {
            lans.get(k % 2).offer(ethernet(LAN_MAC, HOST_MAC, answer));
        }
        runAll();
        final List<SessionTraffic> answers = new ArrayList<>();
        dataplane.commands().querySessionTraffic(CLIENT_TUNNEL_ID, CLIENT_SESSION_ID, Runnable::run, answers::add);
        runAll();
        assertEquals(List.of(new SessionTraffic(query.length, 4L * answer.length, 1, 4)),
            answers);
    }

    private static int drain(final MemoryPort port)
    {
        int count = 0;
        while (port.poll() != null)
        {
            count++;
        }
        return count;
    }

    /**
     * Two workers; the session's SA handle 3 is owned by worker 1. The LAN host's packets arrive
     * on worker 0's LAN queue, are handed to worker 1 and leave on worker 1's WAN queue, all
     * with one sequence of ESP numbers that the client's replay window accepts.
     */
    @Test
    void twoWorkersHandClientBoundPacketsToTheSaOwner()
    {
        start(2, 3);
        assertEquals(1, SaOwnership.owner(3, 2));
        for (int k = 0; k < 10; k++)
        {
            final int w = k % 2;   // RSS spreads the LAN host's flows over both queues
            lans.get(w).offer(ethernet(LAN_MAC, HOST_MAC, Packets.udp(HOST, CLIENT_PPP, 53, 40000 + k, new byte[] {(byte)k})));
        }
        // The client's packets reach worker 0 (as RSS would pick for its SA): decrypted there.
        final byte[] query = Packets.udp(CLIENT_PPP, HOST, 40000, 53, "query".getBytes());
        wans.get(0).offer(ethernet(WAN_MAC, GATEWAY_MAC, client.sends(query)));
        runAll();

        assertArrayEquals(ttlMinusOne(query), strip(lans.get(0).poll()));
        assertNull(wans.get(0).poll(), "worker 0 does not own the SA: it sends nothing on the WAN");
        final List<Integer> received = new ArrayList<>();
        for (byte[] frame = wans.get(1).poll(); frame != null; frame = wans.get(1).poll())
        {
            final byte[] inner = client.receives(strip(frame));
            received.add((int)inner[inner.length - 1]);
        }
        assertEquals(10, received.size());
        assertEquals(5, counter("worker-0: handed to the worker owning the SA"));
        assertEquals(5, counter("worker-1: received from other workers"));
        assertEquals(0, client.esp.count(io.portcullis.dataplane.esp.EspCounter.REPLAY));
        assertEquals(pool.size(), pool.available(), "every buffer back in the pool");
    }

    /**
     * ARP replies reach one RX queue only (no IP header to hash), so what one worker learns is
     * shared with the others through the hand-off rings: worker 1 asks for a LAN host, the reply
     * lands on worker 0, and worker 1's next packet for the host goes out resolved.
     */
    @Test
    void whatArpTeachesOneWorkerReachesTheOthers()
    {
        start(2, 3);
        final String other = "10.1.0.77";
        final long otherMac = 0x02_00_00_00_00_77L;
        wans.get(1).offer(ethernet(WAN_MAC, GATEWAY_MAC, client.sends(Packets.udp(CLIENT_PPP, other, 1, 2, new byte[4]))));
        runAll();
        final byte[] request = lans.get(1).poll();
        assertNotNull(request, "worker 1 asks for the host");
        assertEquals(0x0806, ByteBuffer.wrap(request).getShort(12) & 0xFFFF);
        lans.get(0).offer(arpReply(otherMac, ip(other), LAN_MAC, ip(LAN)));   // the answer reaches worker 0
        runAll();
        final byte[] query = Packets.udp(CLIENT_PPP, other, 1, 2, new byte[4]);
        wans.get(1).offer(ethernet(WAN_MAC, GATEWAY_MAC, client.sends(query)));
        runAll();
        final byte[] onLan = lans.get(1).poll();
        assertNotNull(onLan, () -> "worker 1 forwards once worker 0 has shared the neighbour: states " +
            dataplane.built(0).neighbours().state(ip(other)) + "/" + dataplane.built(1).neighbours().state(ip(other)) +
            "; " + moved());
        assertEquals(otherMac, mac(onLan, 0));
        assertArrayEquals(ttlMinusOne(query), strip(onLan));
    }

    /**
     * The fast path allocates nothing per packet: with two workers, client traffic decrypted on
     * the WAN and LAN traffic encrypted after a hand-off, replayed for thousands of duty cycles,
     * the workers' thread allocates no heap at all. The inbound SA's replay check is off because
     * the same ESP packets come back every lap.
     */
    @Test
    void theWorkersAllocateNothingPerPacket()
    {
        start(2, 3);
        final var noReplayCheck = client.applianceSas()[0];
        dataplane.commands().removeSa(0, noReplayCheck.spi(), true);
        dataplane.commands().addSa(0, new io.portcullis.dataplane.api.EspSaConfig(noReplayCheck.spi(), true,
            noReplayCheck.mode(), noReplayCheck.cipher(), noReplayCheck.cipherKey(), noReplayCheck.integrity(),
            noReplayCheck.integrityKey(), false, 0, noReplayCheck.localAddress(), noReplayCheck.remoteAddress(), null,
            noReplayCheck.lifetime()));
        runAll();
        final List<byte[]> fromClient = new ArrayList<>();
        final List<byte[]> toClient = new ArrayList<>();
        for (int k = 0; k < 64; k++)
        {
            fromClient.add(ethernet(WAN_MAC, GATEWAY_MAC, client.sends(Packets.udp(CLIENT_PPP, HOST, 40000, 9,
                new byte[64 + k * 16]))));
            toClient.add(ethernet(LAN_MAC, HOST_MAC, Packets.udp(HOST, CLIENT_PPP, 9, 40000, new byte[64 + k * 16])));
        }
        wans.get(0).replay(fromClient);
        lans.get(0).replay(toClient);
        wans.forEach(port -> port.captureTransmitted(false));   // the test port's copies are not the workers'
        lans.forEach(port -> port.captureTransmitted(false));
        final List<Worker> workers = dataplane.workers();
        final long bytes = io.portcullis.dataplane.ip.Allocations.bytesAllocatedBy(() ->
        {
            for (int cycle = 0; cycle < 200; cycle++)
            {
                workers.get(0).doWork();
                workers.get(1).doWork();
            }
        });
        assertEquals(0, bytes, () -> "bytes allocated by 400 duty cycles of ~256 packets each; " + moved());
        assertTrue(counter("worker-0 esp4: decrypted") > 10_000, "the decap path ran");
        assertTrue(counter("worker-1 esp4: encrypted") > 10_000, "the encap path ran, after the hand-off");
        assertEquals(0, counter("worker-0: hand-off ring full"));
    }

    private String moved()
    {
        final StringBuilder out = new StringBuilder();
        counters.forEach((value, id, label) ->
        {
            if (value != 0)
            {
                out.append(label).append('=').append(value).append("; ");
            }
        });
        return out.toString();
    }

    private long counter(final String label)
    {
        final long[] value = {-1};
        counters.forEach((v, id, l) ->
        {
            if (l.equals(label))
            {
                value[0] = v;
            }
        });
        return value[0];
    }

    /** An SCCRQ (RFC 2661 §6.1) header with its Message Type AVP: T, L and S bits, tunnel 0. */
    private static byte[] sccrq()
    {
        return Packets.hex("c80200140000000000000000800800000000" + "0001");
    }

    /** RFC 791 and RFC 768 as a receiver checks them: header checksum, lengths, ports, UDP checksum. */
    private static void assertUdp(
        final byte[] packet, final String source, final String destination, final int sourcePort,
        final int destinationPort, final byte[] payload)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        assertTrue(Ipv4.checksumValid(buffer, 0, 20), "IPv4 header checksum");
        assertEquals(packet.length, Ipv4.totalLength(buffer, 0));
        assertEquals(Ipv4.PROTOCOL_UDP, Ipv4.protocol(buffer, 0));
        assertEquals(ip(source), Ipv4.source(buffer, 0));
        assertEquals(ip(destination), Ipv4.destination(buffer, 0));
        final ByteBuffer b = ByteBuffer.wrap(packet);
        assertEquals(sourcePort, b.getShort(20) & 0xFFFF);
        assertEquals(destinationPort, b.getShort(22) & 0xFFFF);
        assertEquals(8 + payload.length, b.getShort(24) & 0xFFFF);
        assertArrayEquals(payload, java.util.Arrays.copyOfRange(packet, 28, packet.length));
        assertEquals(0, io.portcullis.dataplane.esp.NatTraversal.transportChecksum(buffer, 20, packet.length - 20,
            Ipv4.PROTOCOL_UDP, Ipv4.source(buffer, 0), Ipv4.destination(buffer, 0)), "UDP checksum");
    }
}
