package io.portcullis.dataplane.worker;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.portcullis.dataplane.packet.InternetChecksum;
import io.portcullis.dataplane.ip.Ipv4Packets;
import io.portcullis.dataplane.api.DataplaneCommands;
import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.counters.CountersFile;
import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.esp.EspCounter;
import io.portcullis.dataplane.esp.EspTestBed;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.esp.Transforms;
import io.portcullis.dataplane.ethernet.ArpInput;
import io.portcullis.dataplane.ethernet.EthernetCounter;
import io.portcullis.dataplane.ethernet.EthernetInput;
import io.portcullis.dataplane.ethernet.EthernetOutput;
import io.portcullis.dataplane.ethernet.NeighbourCache;
import io.portcullis.dataplane.ip.IcmpInput;
import io.portcullis.dataplane.ip.IpCounter;
import io.portcullis.dataplane.ip.Ipv4Forward;
import io.portcullis.dataplane.ip.Ipv4Input;
import io.portcullis.dataplane.ip.Ipv4Fragmenter;
import io.portcullis.dataplane.ip.Ipv4Reassembly;
import io.portcullis.dataplane.ip.RouteTable;
import io.portcullis.dataplane.ip.TcpMssClampNode;
import io.portcullis.dataplane.ip.TokenBucket;
import io.portcullis.dataplane.ip.TunnelOverhead;
import io.portcullis.dataplane.l2tp.L2tpCounter;
import io.portcullis.dataplane.l2tp.L2tpDecap;
import io.portcullis.dataplane.l2tp.L2tpEncap;
import io.portcullis.dataplane.l2tp.L2tpPackets;
import io.portcullis.dataplane.l2tp.SessionTable;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketVector;
import io.portcullis.dataplane.port.Eal;
import io.portcullis.dataplane.port.EthDevice;
import io.portcullis.dataplane.port.MemoryPool;
import io.portcullis.dataplane.port.MemoryPort;
import io.portcullis.dataplane.port.Mempool;
import io.portcullis.dataplane.port.PcapFile;
import io.portcullis.dataplane.port.Port;
import io.portcullis.dataplane.port.PortConfig;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.portcullis.dataplane.worker.TestNetwork.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * One worker between a WAN and a LAN {@link MemoryPort}: a client's L2TP/IPsec traffic comes in
 * as Ethernet frames and leaves on the LAN as plain IP, the LAN's answer goes back encrypted,
 * ARP is answered, IKE is punted, cleartext L2TP is refused. The client's side is built with
 * the same node types run as the client would (its own SAs and session).
 */
class WorkerTest
{
    private static final int MAX_MSS = 1300;

    private final MemoryPool pool = new MemoryPool(512);
    private final MemoryPort wan = new MemoryPort(pool);
    private final MemoryPort lan = new MemoryPort(pool);
    private final EspTestBed server = new EspTestBed();
    private final EspTestBed client = new EspTestBed();
    private final CountersManager counters = CountersFile.inMemory(256);
    private final NodeCounters<IpCounter> ipCounters = new NodeCounters<>(counters, "ip4", IpCounter.class);
    private final NodeCounters<EthernetCounter> ethCounters = new NodeCounters<>(counters, "eth", EthernetCounter.class);
    private final NodeCounters<L2tpCounter> l2tpCounters = new NodeCounters<>(counters, "l2tp", L2tpCounter.class);
    private final NodeCounters<WorkerCounter> workerCounters = new NodeCounters<>(counters, "worker", WorkerCounter.class);
    private final OneToOneRingBuffer commandRing = Rings.oneToOne(64 * 1024);
    private final ManyToOneRingBuffer puntRing = Rings.manyToOne(64 * 1024);
    private final CachedNanoClock clock = new CachedNanoClock();

    private final SessionTable clientSessions = new SessionTable();
    private final L2tpEncap clientEncap = new L2tpEncap(clientSessions,
        new NodeCounters<>(CountersFile.inMemory(64), "client-l2tp", L2tpCounter.class));
    private final L2tpDecap clientDecap = new L2tpDecap(clientSessions,
        new NodeCounters<>(CountersFile.inMemory(64), "client-l2tp", L2tpCounter.class));
    private int clientSa;
    private EspSaConfig serverOutboundSa;
    private int clientSession;
    private Worker worker;

    @AfterEach
    void close()
    {
        server.close();
        client.close();
        wan.close();
        lan.close();
        pool.close();
    }

    private void build()
    {
        build(wan, lan);
    }

    private void build(final Port wanPort, final Port lanPort)
    {
        final Transforms t = Transforms.AES_GCM_128;
        serverOutboundSa = t.sa(0x1000, false, EspMode.TRANSPORT, false, WAN, CLIENT, null);
        final int serverSa = server.addOutbound(serverOutboundSa);
        server.addInbound(t.sa(0x2000, true, EspMode.TRANSPORT, false, CLIENT, WAN, null));
        clientSa = client.addOutbound(t.sa(0x2000, false, EspMode.TRANSPORT, false, CLIENT, WAN, null));
        client.addInbound(t.sa(0x1000, true, EspMode.TRANSPORT, false, WAN, CLIENT, null));

        final SessionTable sessions = new SessionTable();
        this.sessions = sessions;
        final int session = sessions.add(L2tpSessionConfig.of(1, 1, 2, 2, ip(WAN), ip(CLIENT), ip(CLIENT_PPP), serverSa));
        clientSession = clientSessions.add(L2tpSessionConfig.of(2, 2, 1, 1, ip(CLIENT), ip(WAN), ip(HOST), clientSa));

        final RouteTable routes = new RouteTable(64);
        this.routes = routes;
        routes.addLocal(ip(WAN));
        routes.addLocal(ip(LAN));
        routes.addLan(ip("10.1.0.0"), 24, 0, Worker.PORT_LAN, 1500);
        routes.addLan(0, 0, ip(GATEWAY), Worker.PORT_WAN, 1500);
        routes.addClient(ip(CLIENT_PPP), session, 1400);
        final NeighbourCache neighbours = new NeighbourCache(64, 30_000_000_000L, 1_000_000_000L, 3, clock);
        neighbours.addStatic(ip(GATEWAY), GATEWAY_MAC);
        neighbours.addStatic(ip(HOST), HOST_MAC);
        this.neighbours = neighbours;

        graph = new Worker.Graph(
            wanPort, lanPort,
            new WorkerCommandAdapter(commandRing, server.saTable, sessions, routes, new WorkerCommandAdapter.Listener()
            {
                public void onApplied(final long correlationId)
                {
                }

                public void onRejected(final long correlationId, final String reason)
                {
                }
            }),
            new PuntProxy(puntRing),
            new EthernetInput(WAN_MAC, ethCounters),
            new ArpInput(WAN_MAC, address -> address == ip(WAN), neighbours, ethCounters),
            new EthernetOutput(routes, neighbours, WAN_MAC, ethCounters, WorkerBuilder.arpQueue(ethCounters)),
            new EthernetInput(LAN_MAC, ethCounters),
            new ArpInput(LAN_MAC, address -> address == ip(LAN), neighbours, ethCounters),
            new EthernetOutput(routes, neighbours, LAN_MAC, ethCounters, WorkerBuilder.arpQueue(ethCounters)),
            new Ipv4Input(ipCounters, false),
            new Ipv4Forward(routes, ipCounters, new TokenBucket(100, 10, 0), clock, WorkerBuilder.icmpSource(routes,
                new Worker.Interface(WAN_MAC, ip(WAN)), new Worker.Interface(LAN_MAC, ip(LAN)))),
            new IcmpInput(ipCounters),
            server.inbound,
            server.outbound,
            new L2tpDecap(sessions, l2tpCounters),
            new L2tpEncap(sessions, l2tpCounters),
            new TcpMssClampNode(ipCounters, MAX_MSS),
            new Ipv4Reassembly(16, 9000, 64, 256 * 1024, 30_000_000_000L, clock, ipCounters),
            ipCounters,
            routes,
            neighbours,
            new Worker.Interface(WAN_MAC, ip(WAN)),
            new Worker.Interface(LAN_MAC, ip(LAN)),
            workerCounters,
            new DutyCycleClock(clock));
        worker = new Worker("worker-0", graph);
    }

    @Test
    void clientTrafficReachesTheLanAndTheAnswerGoesBackEncrypted()
    {
        build();
        final byte[] fromClient = Packets.udp(CLIENT_PPP, HOST, 40000, 53, "query".getBytes());
        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, clientSends(fromClient)));
        worker.doWork();

        final byte[] onLan = lan.poll();
        assertNotNull(onLan, "nothing on the LAN: " + counters());
        assertEquals(HOST_MAC, mac(onLan, 0));
        assertEquals(LAN_MAC, mac(onLan, 6));
        assertArrayEquals(ttlMinusOne(fromClient), Arrays.copyOfRange(onLan, 14, onLan.length));

        final byte[] answer = Packets.udp(HOST, CLIENT_PPP, 53, 40000, "answer".getBytes());
        lan.offer(ethernet(LAN_MAC, HOST_MAC, answer));
        worker.doWork();

        final byte[] onWan = wan.poll();
        assertNotNull(onWan, "nothing on the WAN: " + counters());
        assertEquals(GATEWAY_MAC, mac(onWan, 0));
        assertEquals(WAN_MAC, mac(onWan, 6));
        assertEquals(Ipv4.PROTOCOL_ESP, onWan[14 + Ipv4.PROTOCOL]);
        assertArrayEquals(ttlMinusOne(answer), clientReceives(Arrays.copyOfRange(onWan, 14, onWan.length)));
        assertEquals(1, server.count(EspCounter.DECRYPTED));
        assertEquals(1, server.count(EspCounter.ENCRYPTED));
        assertEquals(pool.size(), pool.available(), "every buffer back in the pool");
    }

    @Test
    void synsAreClampedBothWays()
    {
        build();
        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, clientSends(tcpSyn(CLIENT_PPP, HOST, 1460))));
        worker.doWork();
        final byte[] onLan = lan.poll();
        assertNotNull(onLan, counters());
        assertEquals(MAX_MSS, mss(Arrays.copyOfRange(onLan, 14, onLan.length)));

        lan.offer(ethernet(LAN_MAC, HOST_MAC, tcpSyn(HOST, CLIENT_PPP, 1460)));
        worker.doWork();
        final byte[] onWan = wan.poll();
        assertNotNull(onWan, counters());
        final byte[] atClient = clientReceives(Arrays.copyOfRange(onWan, 14, onWan.length));
        assertEquals(MAX_MSS, mss(atClient));
        assertEquals(0, io.portcullis.dataplane.esp.NatTraversal.transportChecksum(new UnsafeBuffer(atClient), 20,
            atClient.length - 20, Ipv4.PROTOCOL_TCP, ip(HOST), ip(CLIENT_PPP)), "TCP checksum still right");
    }

    @Test
    void theAppliancesAddressesAnswerPingsFromItsClientsAndTheLan()
    {
        build();
        final byte[] data = "is the gateway up?".getBytes();
        // A client, through its tunnel, pings the appliance's LAN address: the reply goes back encrypted.
        final byte[] fromClient = Ipv4Packets.echoRequest(CLIENT_PPP, LAN, 0x4711, 1, data);
        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, clientSends(fromClient)));
        worker.doWork();
        assertNull(lan.poll(), "the request stays in the appliance");
        final byte[] onWan = wan.poll();
        assertNotNull(onWan, "no reply into the tunnel: " + counters());
        assertEquals(Ipv4.PROTOCOL_ESP, onWan[14 + Ipv4.PROTOCOL]);
        assertEchoReply(fromClient, clientReceivesFromTheAppliance(strip(onWan)));

        // A LAN host pings the LAN address and the WAN address: both answered onto the LAN.
        for (final String us : new String[] {LAN, WAN})
        {
            final byte[] fromHost = Ipv4Packets.echoRequest(HOST, us, 7, 2, data);
            lan.offer(ethernet(LAN_MAC, HOST_MAC, fromHost));
            worker.doWork();
            final byte[] onLan = lan.poll();
            assertNotNull(onLan, "no reply from " + us + ": " + counters());
            assertEquals(HOST_MAC, mac(onLan, 0));
            assertEquals(LAN_MAC, mac(onLan, 6));
            assertEchoReply(fromHost, strip(onLan));
            assertNull(wan.poll());
        }
        assertEquals(3, ipCounters.get(IpCounter.ECHO_REPLIED));

        // Nothing else listens there: a SYN to the appliance is dropped, counted, its buffer freed.
        lan.offer(ethernet(LAN_MAC, HOST_MAC, tcpSyn(HOST, LAN, 1460)));
        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, clientSends(tcpSyn(CLIENT_PPP, LAN, 1460))));
        worker.doWork();
        assertNull(lan.poll());
        assertNull(wan.poll());
        assertEquals(2, workerCounters.get(WorkerCounter.LOCAL_NOT_SERVED));
        assertEquals(pool.size(), pool.available(), "every buffer back in the pool");
    }

    /**
     * From the WAN, the appliance's WAN address answers pings; a ping through the appliance to a
     * LAN host is not answered in that host's name (nor forwarded: the WAN side takes only what
     * is for the appliance), but dropped and counted.
     */
    @Test
    void fromTheWanOnlyTheAppliancesOwnAddressesAnswerPings()
    {
        build();
        final byte[] data = "anyone there?".getBytes();
        final byte[] toUs = Ipv4Packets.echoRequest(GATEWAY, WAN, 9, 1, data);
        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, toUs));
        worker.doWork();
        final byte[] reply = wan.poll();
        assertNotNull(reply, "no reply from the WAN address: " + counters());
        assertEchoReply(toUs, strip(reply));

        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, Ipv4Packets.echoRequest(GATEWAY, HOST, 9, 2, data)));
        worker.doWork();
        assertNull(wan.poll(), "answered in the LAN host's name");
        assertNull(lan.poll(), "forwarded from the WAN");
        assertEquals(1, workerCounters.get(WorkerCounter.WAN_NOT_FOR_US));
        assertEquals(1, ipCounters.get(IpCounter.ECHO_REPLIED));
        assertEquals(pool.size(), pool.available(), "every buffer back in the pool");
    }

    @Test
    void fromTheWanOnlyWhatIsAddressedToTheApplianceIsTaken()
    {
        build();
        // A client's valid ESP, IKE and NAT-T, sent to a LAN host instead of to the appliance:
        // ESP's ICV does not cover the outer header, so the SA alone would have taken it.
        final byte[] esp = clientSends(Packets.udp(CLIENT_PPP, HOST, 40000, 53, "query".getBytes()));
        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, withDestination(esp, HOST)));
        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, Packets.udp(CLIENT, HOST, 500, 500, new byte[28])));
        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, Packets.udp(CLIENT, HOST, 4500, 4500, new byte[28])));
        worker.doWork();
        assertNull(lan.poll(), "taken from the WAN for a LAN host");
        assertNull(wan.poll());
        assertEquals(0, new PuntAdapter(puntRing, (packet, offset, length, port, reason, arrivalNs, src, srcPort, dst,
            dstPort, spi) -> { }).poll(10), "punted");
        assertEquals(3, workerCounters.get(WorkerCounter.WAN_NOT_FOR_US));
        assertEquals(0, server.count(EspCounter.DECRYPTED));

        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, esp));  // the same ESP to the appliance's address
        worker.doWork();
        assertNotNull(lan.poll(), "nothing on the LAN: " + counters());
        assertEquals(1, server.count(EspCounter.DECRYPTED));
        assertEquals(pool.size(), pool.available(), "every buffer back in the pool");
    }

    /** {@code packet} (IPv4) sent to {@code destination} instead, its header checksum right. */
    private static byte[] withDestination(final byte[] packet, final String destination)
    {
        final byte[] copy = packet.clone();
        final UnsafeBuffer buf = new UnsafeBuffer(copy);
        buf.putInt(Ipv4.DESTINATION, ip(destination), java.nio.ByteOrder.BIG_ENDIAN);
        Ipv4.updateChecksum(buf, 0, 20);
        return copy;
    }

    /** RFC 792: type 0, same identifier, sequence and data, from the address asked, checksums right. */
    static void assertEchoReply(final byte[] request, final byte[] reply)
    {
        assertEquals(request.length, reply.length);
        final UnsafeBuffer buf = new UnsafeBuffer(reply);
        assertEquals(Ipv4.destination(new UnsafeBuffer(request), 0), Ipv4.source(buf, 0));
        assertEquals(Ipv4.source(new UnsafeBuffer(request), 0), Ipv4.destination(buf, 0));
        assertTrue(Ipv4.checksumValid(buf, 0, 20), "IPv4 header checksum");
        assertEquals(0, reply[20], "echo reply");
        assertArrayEquals(Arrays.copyOfRange(request, 24, request.length), Arrays.copyOfRange(reply, 24, reply.length));
        assertEquals(0, InternetChecksum.fold(InternetChecksum.sum(buf, 20, reply.length - 20, 0)), "ICMP checksum");
    }

    /** A TCP SYN with one option, MSS (RFC 793 §3.1), checksum right. */
    private static byte[] tcpSyn(final String source, final String destination, final int mss)
    {
        final ByteBuffer b = ByteBuffer.allocate(20 + 24);
        b.put((byte)0x45).put((byte)0).putShort((short)44).putInt(0).put((byte)64).put((byte)Ipv4.PROTOCOL_TCP)
            .putShort((short)0).putInt(ip(source)).putInt(ip(destination));
        b.putShort((short)40000).putShort((short)443).putInt(1).putInt(0).put((byte)0x60).put((byte)0x02)
            .putShort((short)65535).putShort((short)0).putShort((short)0)
            .put((byte)2).put((byte)4).putShort((short)mss);
        final byte[] packet = b.array();
        final UnsafeBuffer buf = new UnsafeBuffer(packet);
        Ipv4.updateChecksum(buf, 0, 20);
        final int checksum = io.portcullis.dataplane.esp.NatTraversal.transportChecksum(buf, 20, 24, Ipv4.PROTOCOL_TCP,
            ip(source), ip(destination));
        buf.putShort(36, (short)checksum, java.nio.ByteOrder.BIG_ENDIAN);
        return packet;
    }

    private static int mss(final byte[] packet)
    {
        return ByteBuffer.wrap(packet).getShort(20 + 22) & 0xFFFF;
    }

    @Test
    void firstPacketToAnUnresolvedHostLeavesAfterTheArpReply()
    {
        build();
        final String other = "10.1.0.77";  // on the LAN, never heard from
        final byte[] query = Packets.udp(CLIENT_PPP, other, 1, 2, "first ping".getBytes());
        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, clientSends(query)));
        worker.doWork();
        assertEquals(1, ethCounters.get(EthernetCounter.ARP_QUEUE_HELD));
        assertEquals(0, ethCounters.get(EthernetCounter.NEIGHBOUR_UNRESOLVED));
        final byte[] request = lan.poll();
        assertNotNull(request, "no ARP request on the LAN: " + counters());
        assertEquals(0xFFFF_FFFF_FFFFL, mac(request, 0));
        assertEquals(0x0806, ByteBuffer.wrap(request).getShort(12) & 0xFFFF);
        assertEquals(1, ByteBuffer.wrap(request).getShort(20));           // op: request
        assertEquals(ip(LAN), ByteBuffer.wrap(request).getInt(28));      // sender: our LAN address
        assertEquals(ip(other), ByteBuffer.wrap(request).getInt(38));    // target
        assertNull(lan.poll(), "the packet waits for the answer");
        assertNull(wan.poll());

        // RFC 1122 §2.3.2.2: the answer sends the held packet, unchanged but for TTL.
        lan.offer(ClientPeer.arpReply(0x02_00_00_00_00_77L, ip(other), LAN_MAC, ip(LAN)));
        worker.doWork();
        final byte[] onLan = lan.poll();
        assertNotNull(onLan, counters());
        assertEquals(0x02_00_00_00_00_77L, mac(onLan, 0));
        assertEquals(LAN_MAC, mac(onLan, 6));
        assertArrayEquals(ttlMinusOne(query), strip(onLan));
        assertNull(lan.poll());
        assertEquals(1, ethCounters.get(EthernetCounter.ARP_QUEUE_RELEASED));
        assertEquals(pool.size(), pool.available(), "every buffer back in the pool");
    }

    @Test
    void aBurstToAnUnresolvedHostKeepsItsLatestPacketsAndAnUnansweredOneIsDropped()
    {
        build();
        final String other = "10.1.0.78";
        final List<byte[]> queries = new ArrayList<>();
        for (int k = 0; k < 6; k++)
        {
            queries.add(Packets.udp(CLIENT_PPP, other, 1, 2, ("query " + k).getBytes()));
            wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, clientSends(queries.getLast())));
        }
        worker.doWork();
        assertEquals(6, ethCounters.get(EthernetCounter.ARP_QUEUE_HELD));
        assertEquals(2, ethCounters.get(EthernetCounter.ARP_QUEUE_OVERFLOW), "two pushed out by newer ones");
        lan.drainTransmitted();  // the ARP request
        lan.offer(ClientPeer.arpReply(0x02_00_00_00_00_78L, ip(other), LAN_MAC, ip(LAN)));
        worker.doWork();
        final List<byte[]> sent = lan.drainTransmitted();
        assertEquals(4, sent.size(), counters());
        for (int k = 0; k < 4; k++)
        {
            assertArrayEquals(ttlMinusOne(queries.get(k + 2)), strip(sent.get(k)), "in order, the latest four");
        }

        // Nobody answers for .79: three requests a second apart, then ARP gives up and the held
        // packet is dropped.
        clock.update(0);
        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, clientSends(Packets.udp(CLIENT_PPP, "10.1.0.79", 1, 2, new byte[8]))));
        int requests = 0;
        for (int second = 0; second <= 4; second++)
        {
            clock.update(second * 1_000_000_000L);
            worker.doWork();
            requests += lan.drainTransmitted().size();
        }
        assertEquals(3, requests);
        assertEquals(1, ethCounters.get(EthernetCounter.ARP_RESOLUTION_FAILED), counters());
        assertEquals(pool.size(), pool.available(), "every buffer back in the pool");
    }

    /**
     * The same over real DPDK net_pcap ports: the held mbuf outlives bursts in which the port
     * receives and frees hundreds of others, and tshark reads it intact on the LAN.
     */
    @Test
    void aHeldMbufSurvivesLaterBurstsOnDpdkPorts(@TempDir final Path dir)
        throws Exception
    {
        build();
        final String other = "10.1.0.77";
        final byte[] query = Packets.udp(CLIENT_PPP, other, 40000, 50000, "held across bursts".getBytes());
        final Path wanIn = dir.resolve("wan-in.pcap");
        final Path lanIn = dir.resolve("lan-in.pcap");
        final Path lanOut = dir.resolve("lan-out.pcap");
        PcapFile.write(wanIn, List.of(ethernet(WAN_MAC, GATEWAY_MAC, clientSends(query))));
        final List<byte[]> lanFrames = new ArrayList<>();
        for (int k = 0; k < 600; k++)   // not for us: received, dropped, their mbufs reused
        {
            lanFrames.add(ethernet(0x02_00_00_00_00_EEL, HOST_MAC,
                Packets.udp(HOST, "10.1.0.99", 9, 9, new byte[200])));
        }
        lanFrames.add(ClientPeer.arpReply(0x02_00_00_00_00_77L, ip(other), LAN_MAC, ip(LAN)));
        PcapFile.write(lanIn, lanFrames);
        Eal.initForTests();
        final Mempool mbufs = Mempool.create("arp-queue-test", 1023);
        final PortConfig one = PortConfig.queues(1);
        final var wanDevice = EthDevice.open(
            "net_pcap_aqwan0,rx_pcap=" + wanIn + ",tx_pcap=" + dir.resolve("wan-out.pcap"), one, mbufs);
        final var lanDevice = EthDevice.open("net_pcap_aqlan0,rx_pcap=" + lanIn + ",tx_pcap=" + lanOut, one, mbufs);
        try
        {
            final Worker onDpdk =
                new Worker("worker-pcap", rewire(wanDevice.start().port(0), lanDevice.start().port(0)));
            for (int spin = 0; spin < 200; spin++)
            {
                onDpdk.doWork();
            }
        }
        finally
        {
            wanDevice.close();
            lanDevice.close();
        }
        mbufs.close();
        assertEquals(1, ethCounters.get(EthernetCounter.ARP_QUEUE_HELD));
        assertEquals(1, ethCounters.get(EthernetCounter.ARP_QUEUE_RELEASED));
        final List<String> lines = Tshark.fields(lanOut, List.of(), "eth.dst", "arp.opcode", "ip.src", "ip.dst",
            "ip.ttl", "data.data");
        assertEquals(List.of(
            "ff:ff:ff:ff:ff:ff\t1\t\t\t\t",
            "02:00:00:00:00:77\t\t" + CLIENT_PPP + "\t" + other + "\t63\t" +
                Packets.hex("held across bursts".getBytes())),
            lines, counters());
    }

    @Test
    void bigPacketsToAClientAreFragmentedOrAnsweredWithIcmpWhenDfIsSet()
    {
        build();
        final byte[] payload = new byte[1450];
        for (int k = 0; k < payload.length; k++)
        {
            payload[k] = (byte)k;
        }
        final byte[] big = Packets.udp(HOST, CLIENT_PPP, 7000, 7001, payload);
        big[Ipv4.FLAGS_FRAGMENT] = 0;  // DF clear
        Ipv4.updateChecksum(new UnsafeBuffer(big), 0, 20);
        lan.offer(ethernet(LAN_MAC, HOST_MAC, big));
        worker.doWork();

        // RFC 791: two fragments of at most the client route's 1400 bytes, each in its own ESP packet.
        final byte[] first = clientReceives(strip(wan.poll()));
        final byte[] second = clientReceives(strip(wan.poll()));
        assertNull(wan.poll());
        assertEquals(1400 - 20 - (1400 - 20) % 8 + 20, first.length);
        assertEquals(0x2000, ByteBuffer.wrap(first).getShort(Ipv4.FLAGS_FRAGMENT) & 0xFFFF, "MF, offset 0");
        final int offset = (first.length - 20) / 8;
        assertEquals(offset, ByteBuffer.wrap(second).getShort(Ipv4.FLAGS_FRAGMENT) & 0x1FFF);
        final byte[] joined = new byte[big.length - 20];
        System.arraycopy(first, 20, joined, 0, first.length - 20);
        System.arraycopy(second, 20, joined, first.length - 20, second.length - 20);
        assertArrayEquals(Arrays.copyOfRange(big, 20, big.length), joined);
        assertEquals(2, workerCounters.get(WorkerCounter.FRAGMENTS_MADE));

        // DF set: RFC 1191, an ICMP "fragmentation needed" with the route's MTU goes back to the host.
        lan.offer(ethernet(LAN_MAC, HOST_MAC, Packets.udp(HOST, CLIENT_PPP, 7000, 7001, payload)));
        worker.doWork();
        assertNull(wan.poll());
        final byte[] icmp = strip(lan.poll());
        assertEquals(1, icmp[Ipv4.PROTOCOL]);
        assertEquals(ip(HOST), ByteBuffer.wrap(icmp).getInt(Ipv4.DESTINATION));
        assertEquals(3, icmp[20]);
        assertEquals(4, icmp[21]);
        assertEquals(1400, ByteBuffer.wrap(icmp).getShort(26) & 0xFFFF);
        assertEquals(pool.size(), pool.available(), "every buffer back in the pool");
    }

    /**
     * RFC 4459 §3.1: a LAN packet that fits the client's PPP MTU but whose
     * ESP packet does not fit the WAN route's MTU leaves in outer fragments, which the client
     * reassembles before it decrypts; tshark, given the SA's key, reassembles and decrypts them
     * to the same packet. With DF set it is answered with ICMP fragmentation needed instead
     * (RFC 1191), whose next-hop MTU is the largest packet the tunnel carries whole.
     */
    @Test
    void encryptedPacketsOverTheWanMtuAreFragmentedOrAnsweredWithIcmpWhenDfIsSet(@TempDir final Path dir)
        throws Exception
    {
        build();
        final int wanMtu = 1400;
        graph.routes().addLan(0, 0, ip(GATEWAY), Worker.PORT_WAN, wanMtu);
        final byte[] payload = new byte[1400 - 28];
        for (int k = 0; k < payload.length; k++)
        {
            payload[k] = (byte)(k * 7);
        }
        final byte[] big = dfClear(Packets.udp(HOST, CLIENT_PPP, 7000, 7001, payload));
        assertEquals(1400, big.length, "fits the client route's MTU");
        lan.offer(ethernet(LAN_MAC, HOST_MAC, big));
        worker.doWork();
        final List<byte[]> frames = wan.drainTransmitted();
        assertEquals(2, frames.size(), counters());
        final byte[] first = strip(frames.get(0));
        final byte[] second = strip(frames.get(1));
        assertEquals(wanMtu - (wanMtu - 20) % 8, first.length, "RFC 791: as much as fits, in 8-byte units");
        assertEquals(0x2000, ByteBuffer.wrap(first).getShort(Ipv4.FLAGS_FRAGMENT) & 0xFFFF, "MF, offset 0");
        assertEquals((first.length - 20) / 8, ByteBuffer.wrap(second).getShort(Ipv4.FLAGS_FRAGMENT) & 0xFFFF);
        assertEquals(Ipv4.PROTOCOL_ESP, first[Ipv4.PROTOCOL]);
        assertEquals(2, workerCounters.get(WorkerCounter.FRAGMENTS_MADE));
        assertArrayEquals(ttlMinusOne(big), clientReceives(joined(first, second)), "the client's reassembly");

        final Path wanOut = dir.resolve("wan-out.pcap");
        PcapFile.write(wanOut, frames);
        final List<String> lines = Tshark.fields(wanOut, List.of(serverOutboundSa), "ip.flags.mf", "ip.frag_offset",
            "esp.spi", "l2tp.tunnel", "l2tp.session", "ppp.protocol", "udp.dstport", "data.data");
        assertEquals(2, lines.size());
        assertEquals("1\t0\t\t\t\t\t\t", lines.get(0).substring(0, 9), "the first fragment, not yet dissected");
        // outer and inner IPv4 header, each unfragmented once reassembled (offsets in 8-byte units)
        assertEquals("0,0\t" + (first.length - 20) / 8 + ",0\t0x00001000\t2\t2\t0x0021\t1701,7001\t" +
            Packets.hex(payload),
            lines.get(1), "tshark reassembles, decrypts and finds the LAN host's datagram");

        // DF set: the tunnel leaves room for at most this much (AES-GCM-128, no NAT-T, L2TP with
        // Length, PPP with address and control), computed by the MSS clamp's own arithmetic.
        final int tunnelMtu = TunnelOverhead.innerMtu(wanMtu, false, 8, 4, 16, 8, 4);
        lan.offer(ethernet(LAN_MAC, HOST_MAC, Packets.udp(HOST, CLIENT_PPP, 7000, 7001, new byte[tunnelMtu - 28])));
        lan.offer(ethernet(LAN_MAC, HOST_MAC, Packets.udp(HOST, CLIENT_PPP, 7000, 7001, new byte[tunnelMtu - 27])));
        worker.doWork();
        final List<byte[]> whole = wan.drainTransmitted();
        assertEquals(1, whole.size(), "a DF packet of exactly the tunnel MTU goes whole");
        assertEquals(wanMtu, whole.getFirst().length - 14);
        final byte[] icmp = strip(lan.poll());
        assertEquals(1, icmp[Ipv4.PROTOCOL]);
        assertEquals(ip(LAN), ByteBuffer.wrap(icmp).getInt(Ipv4.SOURCE), "RFC 1812 4.3.2.4: the LAN port's address");
        assertEquals(ip(HOST), ByteBuffer.wrap(icmp).getInt(Ipv4.DESTINATION));
        assertEquals(3, icmp[20]);
        assertEquals(4, icmp[21]);
        assertEquals(tunnelMtu, ByteBuffer.wrap(icmp).getShort(26) & 0xFFFF);
        assertEquals(1, ipCounters.get(IpCounter.TOO_BIG_FOR_TUNNEL_DF));

        // The worker keeps each session's tunnel MTU between packets; a route change must reach it.
        final int smallerWanMtu = wanMtu - 100;
        graph.routes().addLan(0, 0, ip(GATEWAY), Worker.PORT_WAN, smallerWanMtu);
        final int smallerTunnelMtu = TunnelOverhead.innerMtu(smallerWanMtu, false, 8, 4, 16, 8, 4);
        lan.offer(ethernet(LAN_MAC, HOST_MAC, Packets.udp(HOST, CLIENT_PPP, 7000, 7001, new byte[tunnelMtu - 28])));
        worker.doWork();
        assertEquals(0, wan.drainTransmitted().size(), "what fitted the old route no longer goes whole");
        final byte[] afterChange = strip(lan.poll());
        assertEquals(smallerTunnelMtu, ByteBuffer.wrap(afterChange).getShort(26) & 0xFFFF, "the new route's tunnel MTU");
        assertEquals(2, ipCounters.get(IpCounter.TOO_BIG_FOR_TUNNEL_DF));
        assertEquals(pool.size(), pool.available(), "every buffer back in the pool");
    }

    /** RFC 1812 §4.3.2.4: an ICMP error's source is the address of the port the offending packet came in by. */
    @Test
    void icmpErrorsComeFromThePortTheOffendingPacketCameIn()
    {
        build();
        lan.offer(ethernet(LAN_MAC, HOST_MAC, ttlOne(Packets.udp(HOST, CLIENT_PPP, 7000, 7001, new byte[8]))));
        worker.doWork();
        final byte[] fromLan = strip(lan.poll());
        assertEquals(11, fromLan[20], "time exceeded");
        assertEquals(ip(LAN), ByteBuffer.wrap(fromLan).getInt(Ipv4.SOURCE));
        assertEquals(ip(HOST), ByteBuffer.wrap(fromLan).getInt(Ipv4.DESTINATION));

        final byte[] expiring = ttlOne(Packets.udp(CLIENT_PPP, HOST, 7001, 7000, new byte[8]));
        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, clientSends(expiring)));
        // The test client's session takes only packets from HOST; this one comes from the appliance.
        clientSessions.update(clientSession, L2tpSessionConfig.of(2, 2, 1, 1, ip(CLIENT), ip(WAN), ip(WAN), clientSa));
        worker.doWork();
        final byte[] toClient = clientReceives(strip(wan.poll()));
        assertEquals(11, toClient[20], "time exceeded");
        assertEquals(ip(WAN), ByteBuffer.wrap(toClient).getInt(Ipv4.SOURCE), "the tunnel's end on the WAN");
        assertEquals(ip(CLIENT_PPP), ByteBuffer.wrap(toClient).getInt(Ipv4.DESTINATION));
        assertNull(lan.poll());
    }

    private static byte[] dfClear(final byte[] packet)
    {
        final byte[] copy = packet.clone();
        copy[Ipv4.FLAGS_FRAGMENT] = 0;
        Ipv4.updateChecksum(new UnsafeBuffer(copy), 0, 20);
        return copy;
    }

    private static byte[] ttlOne(final byte[] packet)
    {
        final byte[] copy = packet.clone();
        copy[Ipv4.TTL] = 1;
        Ipv4.updateChecksum(new UnsafeBuffer(copy), 0, 20);
        return copy;
    }

    /** Two fragments of one datagram (no options) put back together, as the client's IP layer would. */
    private static byte[] joined(final byte[] first, final byte[] second)
    {
        final byte[] whole = new byte[first.length + second.length - 20];
        System.arraycopy(first, 0, whole, 0, first.length);
        System.arraycopy(second, 20, whole, first.length, second.length - 20);
        final ByteBuffer b = ByteBuffer.wrap(whole);
        b.putShort(Ipv4.TOTAL_LENGTH, (short)whole.length);
        b.putShort(Ipv4.FLAGS_FRAGMENT, (short)0);
        Ipv4.updateChecksum(new UnsafeBuffer(whole), 0, 20);
        return whole;
    }

    @Test
    void espFragmentedOnTheWayIsReassembledAndDecrypted()
    {
        build();
        final byte[] query = Packets.udp(CLIENT_PPP, HOST, 40000, 50000, new byte[1200]);
        final byte[] esp = clientSends(query);
        // A link with a 576-byte MTU between the client and us cut its ESP packet in three.
        final UnsafeBuffer buf = new UnsafeBuffer(esp.clone());
        final int count = Ipv4Fragmenter.fragmentCount(buf, 0, esp.length, 576);
        assertEquals(3, count);
        final List<byte[]> fragments = new ArrayList<>();
        for (int k = count - 1; k >= 1; k--)   // out of order, as networks do
        {
            final UnsafeBuffer out = new UnsafeBuffer(new byte[576]);
            final int length = Ipv4Fragmenter.writeFragment(buf, 0, esp.length, 576, k, out, 0);
            fragments.add(Arrays.copyOf(out.byteArray(), length));
        }
        fragments.add(Arrays.copyOf(buf.byteArray(), Ipv4Fragmenter.truncateToFirst(buf, 0, esp.length, 576)));
        for (final byte[] fragment : fragments)
        {
            wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, fragment));
        }
        worker.doWork();
        assertArrayEquals(ttlMinusOne(query), strip(lan.poll()), counters());
        assertEquals(pool.size(), pool.available(), "every buffer back in the pool");
    }

    private static byte[] strip(final byte[] frame)
    {
        assertNotNull(frame, "no frame");
        return Arrays.copyOfRange(frame, 14, frame.length);
    }

    @Test
    void arpIsAnsweredIkeIsPuntedCleartextL2tpIsRefused()
    {
        build();
        wan.offer(arpRequest(GATEWAY_MAC, ip(GATEWAY), ip(WAN)));
        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, Packets.udp(CLIENT, WAN, 500, 500, new byte[28])));
        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, Packets.udp(CLIENT, WAN, 1701, 1701, new byte[12])));
        worker.doWork();

        final byte[] reply = wan.poll();
        assertNotNull(reply, "no ARP reply: " + counters());
        assertEquals(0x0806, ByteBuffer.wrap(reply).getShort(12) & 0xFFFF);
        assertEquals(2, ByteBuffer.wrap(reply).getShort(20));                  // op: reply
        assertEquals(WAN_MAC, mac(reply, 22));                                 // sender hardware address
        assertNull(wan.poll());
        assertNull(lan.poll());

        final List<Integer> punted = new ArrayList<>();
        new PuntAdapter(puntRing, (packet, offset, length, port, reason, arrivalNs, src, srcPort, dst, dstPort, spi) ->
            punted.add(dstPort)).poll(10);
        assertEquals(List.of(500), punted);
        assertEquals(1, workerCounters.get(WorkerCounter.WAN_CLEARTEXT_L2TP));
        assertEquals(pool.size(), pool.available(), "every buffer back in the pool");
    }

    /** A plain L2TP client (no IPsec: the operator allowed it), its PPP address, our ids and its ids. */
    private static final String PLAIN_CLIENT = "203.0.113.9";
    private static final String PLAIN_PPP = "10.99.0.3";
    private static final int PLAIN_OUR_TUNNEL = 3;
    private static final int PLAIN_OUR_SESSION = 3;
    private static final int PLAIN_PEER_TUNNEL = 4;
    private static final int PLAIN_PEER_SESSION = 5;

    /**
     * ipsec-settings mode optional: a plain session's data comes in as L2TP/UDP 1701 in clear
     * (built field by field from RFC 2661 §3.1), leaves on the LAN as its inner packet; the
     * answer goes back as L2TP in clear, no ESP, as tshark reads it; control in clear is punted
     * with SPI 0; data in clear for the L2TP/IPsec session is dropped and counted.
     */
    @Test
    void plainL2tpWhenAllowedIsServedInClearBothWays(@TempDir final Path dir) throws Exception
    {
        build();
        worker.acceptPlainL2tp(true);
        final int plain = sessions.add(L2tpSessionConfig.of(PLAIN_OUR_TUNNEL, PLAIN_OUR_SESSION, PLAIN_PEER_TUNNEL,
            PLAIN_PEER_SESSION, ip(WAN), ip(PLAIN_CLIENT), ip(PLAIN_PPP), DataplaneCommands.NO_SA));
        routes.addClient(ip(PLAIN_PPP), plain, 1400);

        final byte[] fromClient = Packets.udp(PLAIN_PPP, HOST, 40000, 53, "query".getBytes());
        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, Packets.udp(PLAIN_CLIENT, WAN, 1701, 1701, L2tpPackets.l2tp(
            L2tpPackets.L | L2tpPackets.VERSION_2, PLAIN_OUR_TUNNEL, PLAIN_OUR_SESSION, 0, 0,
            L2tpPackets.ppp(0x0021, fromClient)))));
        worker.doWork();
        assertArrayEquals(ttlMinusOne(fromClient), strip(lan.poll()), counters());

        final byte[] answer = Packets.udp(HOST, PLAIN_PPP, 53, 40000, "answer".getBytes());
        lan.offer(ethernet(LAN_MAC, HOST_MAC, answer));
        worker.doWork();
        final byte[] onWan = wan.poll();
        assertNotNull(onWan, "nothing on the WAN: " + counters());
        assertEquals(Ipv4.PROTOCOL_UDP, onWan[14 + Ipv4.PROTOCOL], "no ESP around plain L2TP");
        final Path capture = dir.resolve("wan.pcap");
        PcapFile.write(capture, List.of(onWan));
        // Outer and inner values, comma separated: L2TP/UDP 1701 to the client around the answer.
        assertEquals(List.of(WAN + "," + HOST + "\t" + PLAIN_CLIENT + "," + PLAIN_PPP + "\t1701,53\t1701,40000\t" +
                PLAIN_PEER_TUNNEL + "\t" + PLAIN_PEER_SESSION + "\t0x0021\t64,63"),
            Tshark.fields(capture, List.of(), "ip.src", "ip.dst", "udp.srcport", "udp.dstport", "l2tp.tunnel",
                "l2tp.session", "ppp.protocol", "ip.ttl"));
        assertEquals(1, l2tpCounters.get(L2tpCounter.ENCAPSULATED));
        assertEquals(0, server.count(EspCounter.ENCRYPTED));

        // An SCCRQ-like control message in clear is for the LNS; data in clear for the IPsec session is not.
        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, Packets.udp(PLAIN_CLIENT, WAN, 1701, 1701, L2tpPackets.l2tp(
            L2tpPackets.T | L2tpPackets.L | L2tpPackets.S | L2tpPackets.VERSION_2, 0, 0, 0, 0, new byte[8]))));
        wan.offer(ethernet(WAN_MAC, GATEWAY_MAC, Packets.udp(CLIENT, WAN, 1701, 1701, L2tpPackets.l2tp(
            L2tpPackets.L | L2tpPackets.VERSION_2, 1, 1, 0, 0,
            L2tpPackets.ppp(0x0021, Packets.udp(CLIENT_PPP, HOST, 40000, 53, "forged".getBytes()))))));
        worker.doWork();
        assertNull(lan.poll(), counters());
        final List<String> punted = new ArrayList<>();
        new PuntAdapter(puntRing, (packet, offset, length, port, reason, arrivalNs, src, srcPort, dst, dstPort, spi) ->
            punted.add(Packets.hex(new byte[] {(byte)(src >>> 24), (byte)(src >>> 16), (byte)(src >>> 8), (byte)src}) +
                ":" + dstPort + " spi " + spi)).poll(10);
        assertEquals(List.of("cb007109:1701 spi 0"), punted);
        assertEquals(1, l2tpCounters.get(L2tpCounter.CLEAR_FOR_IPSEC_SESSION));
        assertEquals(0, workerCounters.get(WorkerCounter.WAN_CLEARTEXT_L2TP));
        assertEquals(pool.size(), pool.available(), "every buffer back in the pool");
    }

    /**
     * The real DPDK path, offline: net_pcap ports read the client's and the LAN host's frames
     * from captures and write what the worker sends to captures, which tshark then reads.
     */
    @Test
    void throughDpdkPcapPortsAsTsharkSeesIt(@TempDir final Path dir)
        throws Exception
    {
        final Path wanIn = dir.resolve("wan-in.pcap");
        final Path wanOut = dir.resolve("wan-out.pcap");
        final Path lanIn = dir.resolve("lan-in.pcap");
        final Path lanOut = dir.resolve("lan-out.pcap");
        Eal.initForTests();
        final Mempool mbufs = Mempool.create("worker-test", 1023);
        final List<byte[]> fromClient = new ArrayList<>();
        final List<byte[]> wanFrames = new ArrayList<>();
        final PortConfig one = PortConfig.queues(1);
        PcapFile.write(lanIn,
            List.of(ethernet(LAN_MAC, HOST_MAC, Packets.udp(HOST, CLIENT_PPP, 50000, 40000, "answer".getBytes()))));
        // First run: the LAN host's answer goes out encrypted. The WAN capture holds only an IKE
        // packet, because the client's frames need its SAs, which build() makes.
        PcapFile.write(wanIn, List.of(ethernet(WAN_MAC, GATEWAY_MAC, Packets.udp(CLIENT, WAN, 500, 500, new byte[28]))));
        final var wanDevice = EthDevice.open(
            "net_pcap_wkwan0,rx_pcap=" + wanIn + ",tx_pcap=" + wanOut, one, mbufs);
        final var lanDevice = EthDevice.open(
            "net_pcap_wklan0,rx_pcap=" + lanIn + ",tx_pcap=" + lanOut, one, mbufs);
        try
        {
            build(wanDevice.start().port(0), lanDevice.start().port(0));
            for (int i = 0; i < 20; i++)
            {
                final byte[] inner = Packets.udp(CLIENT_PPP, HOST, 40000 + i, 50000, ("query " + i).getBytes());
                fromClient.add(inner);
                wanFrames.add(ethernet(WAN_MAC, GATEWAY_MAC, clientSends(inner)));
            }
            for (int spin = 0; spin < 200; spin++)
            {
                worker.doWork();
            }
        }
        finally
        {
            wanDevice.close();
            lanDevice.close();
        }
        // Second run, same worker state: the client's encrypted frames in on the WAN.
        PcapFile.write(wanIn, wanFrames);
        PcapFile.write(lanIn, List.of());
        final Path lanOut2 = dir.resolve("lan-out-2.pcap");
        final var wan2 = EthDevice.open(
            "net_pcap_wkwan1,rx_pcap=" + wanIn + ",tx_pcap=" + dir.resolve("wan-out-2.pcap"), one, mbufs);
        final var lan2 = EthDevice.open(
            "net_pcap_wklan1,rx_pcap=" + lanIn + ",tx_pcap=" + lanOut2, one, mbufs);
        try
        {
            final Worker again = new Worker("worker-1", rewire(wan2.start().port(0), lan2.start().port(0)));
            for (int spin = 0; spin < 200; spin++)
            {
                again.doWork();
            }
        }
        finally
        {
            wan2.close();
            lan2.close();
        }
        mbufs.close();

        // The LAN host's answer went out of the WAN encrypted; the client gets it back.
        final List<byte[]> wanSent = PcapFile.read(wanOut);
        assertEquals(1, wanSent.size(), "WAN frames: " + counters());
        assertArrayEquals(ttlMinusOne(Packets.udp(HOST, CLIENT_PPP, 50000, 40000, "answer".getBytes())),
            clientReceives(Arrays.copyOfRange(wanSent.getFirst(), 14, wanSent.getFirst().length)));
        // The client's 20 queries reached the LAN as plain IP, as tshark reads the capture (UDP to an
        // unassigned port, so tshark shows the payload as data).
        final List<String> lines = Tshark.fields(lanOut2, List.of(), "ip.src", "ip.dst", "ip.ttl", "udp.srcport", "data.data");
        assertEquals(20, lines.size(), "LAN frames: " + counters());
        for (int i = 0; i < 20; i++)
        {
            assertEquals(CLIENT_PPP + "\t" + HOST + "\t63\t" + (40000 + i) + "\t" +
                Packets.hex(("query " + i).getBytes()), lines.get(i));
        }
    }

    private Worker.Graph graph;
    private NeighbourCache neighbours;
    private SessionTable sessions;
    private RouteTable routes;

    private Worker.Graph rewire(final Port wanPort, final Port lanPort)
    {
        return new Worker.Graph(wanPort, lanPort, graph.commands(), graph.punt(), graph.wanEthernetInput(),
            graph.wanArp(), graph.wanEthernetOutput(), graph.lanEthernetInput(), graph.lanArp(),
            graph.lanEthernetOutput(), graph.ipv4Input(), graph.ipv4Forward(), graph.icmpInput(),
            graph.espInbound(), graph.espOutbound(), graph.l2tpDecap(), graph.l2tpEncap(), graph.mssClamp(), graph.reassembly(),
            graph.reassemblyCounters(), graph.routes(),
            graph.neighbours(), graph.wanInterface(), graph.lanInterface(),
            graph.counters(), graph.clock());
    }

    /** The client's side: l2tp-encap then esp4-encrypt on its own SA and session. */
    private byte[] clientSends(final byte[] inner)
    {
        final PacketVector vector = new PacketVector();
        final var buffer = Arena.ofAuto().allocate(2048);
        MemorySegment.copy(inner, 0, buffer, ValueLayout.JAVA_BYTE, 256, inner.length);
        vector.add(buffer.address(), 2048, 256, inner.length);
        vector.handle(0, clientSession);
        clientEncap.process(vector);
        client.outbound.process(vector);
        assertEquals(PacketVector.NEXT_FORWARD, vector.next(0));
        return buffer.asSlice(vector.offset(0), vector.length(0)).toArray(ValueLayout.JAVA_BYTE);
    }

    /** The client's side for a packet from the appliance itself: esp4-decrypt, then the L2TP and PPP headers. */
    private byte[] clientReceivesFromTheAppliance(final byte[] wire)
    {
        final PacketVector vector = new PacketVector();
        final MemorySegment buffer = clientDecrypts(wire, vector);
        assertEquals(PacketVector.NEXT_FORWARD, vector.next(0), "client could not decrypt the answer");
        return ClientPeer.innerPacket(buffer.asSlice(vector.offset(0), vector.length(0)).toArray(ValueLayout.JAVA_BYTE));
    }

    /** The client's side: esp4-decrypt then l2tp-decap. */
    private byte[] clientReceives(final byte[] wire)
    {
        final PacketVector vector = new PacketVector();
        final MemorySegment buffer = clientDecrypts(wire, vector);
        clientDecap.process(vector);
        assertEquals(PacketVector.NEXT_FORWARD, vector.next(0), "client dropped the answer");
        return buffer.asSlice(vector.offset(0), vector.length(0)).toArray(ValueLayout.JAVA_BYTE);
    }

    /** The client's esp4-decrypt on a copy of {@code wire}, the one packet of {@code vector}; returns its buffer. */
    private MemorySegment clientDecrypts(final byte[] wire, final PacketVector vector)
    {
        final MemorySegment buffer = Arena.ofAuto().allocate(2048);
        MemorySegment.copy(wire, 0, buffer, ValueLayout.JAVA_BYTE, 128, wire.length);
        vector.add(buffer.address(), 2048, 128, wire.length);
        client.inbound.process(vector);
        return buffer;
    }

    private String counters()
    {
        final StringBuilder out = new StringBuilder();
        counters.forEach((value, id, label) ->
        {
            if (value != 0)
            {
                out.append(label).append('=').append(value).append("; ");
            }
        });
        for (final EspCounter c : EspCounter.values())
        {
            if (server.count(c) != 0)
            {
                out.append("esp ").append(c.label()).append('=').append(server.count(c)).append("; ");
            }
        }
        return out.toString();
    }

    private static byte[] ttlMinusOne(final byte[] packet)
    {
        final byte[] copy = packet.clone();
        copy[Ipv4.TTL]--;
        Ipv4.updateChecksum(new UnsafeBuffer(copy), 0, 20);
        return copy;
    }

    private static byte[] ethernet(final long destination, final long source, final byte[] ip)
    {
        final ByteBuffer b = ByteBuffer.allocate(Math.max(60, 14 + ip.length));
        putMac(b, destination);
        putMac(b, source);
        b.putShort((short)0x0800).put(ip);
        return b.array();
    }

    private static byte[] arpRequest(final long senderMac, final int senderIp, final int targetIp)
    {
        final ByteBuffer b = ByteBuffer.allocate(60);
        putMac(b, 0xFFFF_FFFF_FFFFL);
        putMac(b, senderMac);
        b.putShort((short)0x0806).putShort((short)1).putShort((short)0x0800).put((byte)6).put((byte)4)
            .putShort((short)1);
        putMac(b, senderMac);
        b.putInt(senderIp);
        putMac(b, 0);
        b.putInt(targetIp);
        return b.array();
    }

    private static void putMac(final ByteBuffer b, final long mac)
    {
        b.putShort((short)(mac >>> 32)).putInt((int)mac);
    }

    private static long mac(final byte[] frame, final int at)
    {
        return ((ByteBuffer.wrap(frame).getShort(at) & 0xFFFFL) << 32) | (ByteBuffer.wrap(frame).getInt(at + 2) & 0xFFFF_FFFFL);
    }

    private static int ip(final String dotted)
    {
        return Packets.address(dotted);
    }
}
