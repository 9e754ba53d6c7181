package io.portcullis.dataplane.ethernet;

import java.util.List;

import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.ip.RouteTable;
import io.portcullis.dataplane.ip.VectorBed;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.ethernet.EthernetFrames.arp;
import static io.portcullis.dataplane.ethernet.EthernetFrames.mac;
import static io.portcullis.dataplane.ethernet.EthernetFrames.u32;
import static io.portcullis.dataplane.ip.AddressClass.parse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Ethernet header, ARP (RFC 826) and the ethernet-input, arp-input and ethernet-output nodes. */
class ArpTest
{
    private static final long OUR_MAC = 0x0250_5000_0001L;
    private static final long HOST_MAC = 0x0250_5000_0099L;
    private static final String US = "192.168.10.1";
    private static final String HOST = "192.168.10.20";

    private final VectorBed bed = new VectorBed();
    private final NodeCounters<EthernetCounter> counters =
        new NodeCounters<>(bed.countersManager, "eth", EthernetCounter.class);
    private final CachedNanoClock clock = new CachedNanoClock();
    private final NeighbourCache neighbours = new NeighbourCache(16, 30_000_000_000L, 1_000_000_000L, 3, clock);
    private final ArpInput arpInput = new ArpInput(OUR_MAC, a -> a == parse(US), neighbours, counters);

    @AfterEach
    void tearDown()
    {
        bed.close();
    }

    private VectorBed.Result arpIn(final byte[] frame)
    {
        return bed.run(arpInput::process, frame);
    }

    @Test
    void macAddressesParseAndPrint()
    {
        assertEquals(0x0250_5000_00ABL, EthernetFlyweight.parseMac("02:50:50:00:00:ab"));
        assertEquals(0x0250_5000_00ABL, EthernetFlyweight.parseMac("02-50-50-00-00-AB"));
        assertEquals("02:50:50:00:00:ab", EthernetFlyweight.macToString(0x0250_5000_00ABL));
        assertThrows(IllegalArgumentException.class, () -> EthernetFlyweight.parseMac("02:50:50:00:00"));
        assertThrows(IllegalArgumentException.class, () -> EthernetFlyweight.parseMac("02:50:50:00:00:+1"));
        assertEquals(true, EthernetFlyweight.isMulticast(EthernetFlyweight.BROADCAST));
        assertEquals(true, EthernetFlyweight.isMulticast(0x0100_5E00_0001L));
        assertEquals(false, EthernetFlyweight.isMulticast(OUR_MAC));
    }

    @Test
    void flyweightReadsAndWritesTheHeader()
    {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[20]);
        final EthernetFlyweight eth = new EthernetFlyweight().wrap(buf, 2);
        eth.destination(HOST_MAC).source(OUR_MAC).etherType(EthernetFlyweight.TYPE_IPV4);
        assertEquals(HOST_MAC, eth.destination());
        assertEquals(OUR_MAC, eth.source());
        assertEquals(0x0800, eth.etherType());
        assertEquals(0x02, buf.getByte(2));
        assertEquals(0x99, buf.getByte(7) & 0xFF);
        assertEquals(0x08, buf.getByte(14));
    }

    @Test
    void aRequestForUsIsAnsweredInPlaceAndTheRequesterLearned()
    {
        final VectorBed.Result result = arpIn(arp(Arp.REQUEST, HOST_MAC, HOST, 0, US));
        assertEquals(PacketVector.NEXT_FORWARD, result.next());
        final byte[] reply = result.packet();
        assertEquals(60, reply.length);
        assertEquals(HOST_MAC, mac(reply, 0));
        assertEquals(OUR_MAC, mac(reply, 6));
        assertEquals(Arp.REPLY, reply[21]);
        assertEquals(OUR_MAC, mac(reply, 22));
        assertEquals(parse(US), u32(reply, 28));
        assertEquals(HOST_MAC, mac(reply, 32));
        assertEquals(parse(HOST), u32(reply, 38));
        assertEquals(HOST_MAC, neighbours.resolve(parse(HOST)));
        assertEquals(1, counters.get(EthernetCounter.ARP_REPLIED));
    }

    @Test
    void aReplyToUsResolvesAPendingNeighbour()
    {
        neighbours.resolve(parse(HOST));
        final VectorBed.Result result = arpIn(arp(Arp.REPLY, HOST_MAC, HOST, OUR_MAC, US));
        assertEquals(PacketVector.NEXT_CONSUMED, result.next());
        assertEquals(HOST_MAC, neighbours.resolve(parse(HOST)));
        assertEquals(1, counters.get(EthernetCounter.ARP_REPLY_RECEIVED));
    }

    @Test
    void aRequestForAnotherHostIsConsumedAndOnlyMergesAKnownSender()
    {
        assertEquals(PacketVector.NEXT_CONSUMED, arpIn(arp(Arp.REQUEST, HOST_MAC, HOST, 0, "192.168.10.30")).next());
        assertEquals(NeighbourCache.NONE, neighbours.state(parse(HOST)));
        neighbours.learn(parse(HOST), 0x0200_0000_0001L);
        arpIn(arp(Arp.REQUEST, HOST_MAC, HOST, 0, "192.168.10.30"));
        assertEquals(HOST_MAC, neighbours.resolve(parse(HOST)));  // RFC 826 merge
        assertEquals(2, counters.get(EthernetCounter.ARP_NOT_FOR_US));
    }

    @Test
    void aProbeForOurAddressIsAnsweredWithoutLearning()
    {
        final VectorBed.Result result = arpIn(arp(Arp.REQUEST, HOST_MAC, "0.0.0.0", 0, US));
        assertEquals(PacketVector.NEXT_FORWARD, result.next());
        assertEquals(0, u32(result.packet(), 38));
        assertEquals(0, neighbours.size());
    }

    @Test
    void failsWhenTheSenderClaimsOurAddress()
    {
        assertEquals(PacketVector.NEXT_DROP, arpIn(arp(Arp.REQUEST, HOST_MAC, US, 0, US)).next());
        assertEquals(1, counters.get(EthernetCounter.ARP_ADDRESS_CONFLICT));
        assertEquals(0, neighbours.size());
    }

    @Test
    void failsWhenTheArpIsTruncated()
    {
        final byte[] frame = java.util.Arrays.copyOf(arp(Arp.REQUEST, HOST_MAC, HOST, 0, US), 41);
        assertEquals(PacketVector.NEXT_DROP, arpIn(frame).next());
        assertEquals(1, counters.get(EthernetCounter.ARP_TRUNCATED));
    }

    @Test
    void failsWhenTheArpIsNotForEthernetAndIpv4()
    {
        final int[] fieldsToBreak = {15, 17, 18, 19};  // hardware type, protocol type, hlen, plen
        for (final int at : fieldsToBreak)
        {
            final byte[] frame = arp(Arp.REQUEST, HOST_MAC, HOST, 0, US);
            frame[at] ^= 0x02;
            assertEquals(PacketVector.NEXT_DROP, arpIn(frame).next());
        }
        assertEquals(4, counters.get(EthernetCounter.ARP_UNSUPPORTED));
    }

    @Test
    void failsWhenTheOperationIsNeitherRequestNorReply()
    {
        assertEquals(PacketVector.NEXT_DROP, arpIn(arp(3, HOST_MAC, HOST, 0, US)).next());
        assertEquals(1, counters.get(EthernetCounter.ARP_BAD_OPERATION));
    }

    @Test
    void failsWhenTheSenderMacIsMulticast()
    {
        assertEquals(PacketVector.NEXT_DROP, arpIn(arp(Arp.REQUEST, EthernetFlyweight.BROADCAST, HOST, 0, US)).next());
        assertEquals(1, counters.get(EthernetCounter.ARP_BAD_SENDER));
    }

    @Test
    void requestBuilderWritesABroadcastWhoHas()
    {
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[64]);
        buf.setMemory(0, 64, (byte)0x5A);
        assertEquals(60, Arp.writeRequest(buf, 0, OUR_MAC, parse(US), parse(HOST)));
        final byte[] expected = arp(Arp.REQUEST, OUR_MAC, US, 0, HOST);
        assertArrayEquals(expected, java.util.Arrays.copyOf(buf.byteArray(), 60));
    }

    @Test
    void ethernetInputSortsFramesByTypeAndDestination()
    {
        final EthernetInput input = new EthernetInput(OUR_MAC, counters);
        final byte[] ip = io.portcullis.dataplane.ip.Ipv4Packets.ipv4(HOST, US, 17, new byte[30]);
        final List<VectorBed.Result> results = bed.run(input::process, List.of(
            EthernetFrames.frame(OUR_MAC, HOST_MAC, EthernetFlyweight.TYPE_IPV4, ip),
            arp(Arp.REQUEST, HOST_MAC, HOST, 0, US),
            EthernetFrames.frame(0x0250_5000_0077L, HOST_MAC, EthernetFlyweight.TYPE_IPV4, ip),
            EthernetFrames.frame(OUR_MAC, HOST_MAC, EthernetFlyweight.TYPE_VLAN, ip),
            new byte[13]));
        assertEquals(PacketVector.NEXT_FORWARD, results.get(0).next());
        assertArrayEquals(ip, java.util.Arrays.copyOf(results.get(0).packet(), ip.length));
        assertEquals(EthernetInput.NEXT_ARP, results.get(1).next());
        assertEquals(60, results.get(1).packet().length);
        assertEquals(PacketVector.NEXT_DROP, results.get(2).next());
        assertEquals(PacketVector.NEXT_DROP, results.get(3).next());
        assertEquals(PacketVector.NEXT_DROP, results.get(4).next());
        assertEquals(1, counters.get(EthernetCounter.NOT_OUR_MAC));
        assertEquals(1, counters.get(EthernetCounter.UNKNOWN_ETHERTYPE));
        assertEquals(1, counters.get(EthernetCounter.ETHERNET_TRUNCATED));
    }

    @Test
    void ethernetOutputAddressesTheNextHopOnceResolved()
    {
        final RouteTable routes = new RouteTable(4);
        final int onLink = routes.addLan(parse("192.168.10.0"), 24, 0, 0, 1500);
        final int viaGateway = routes.addLan(0, 0, parse("192.168.10.254"), 0, 1500);
        final EthernetOutput output = new EthernetOutput(routes, neighbours, OUR_MAC, counters);
        final byte[] toHost = io.portcullis.dataplane.ip.Ipv4Packets.ipv4(US, HOST, 17, new byte[30]);
        final byte[] toInternet = io.portcullis.dataplane.ip.Ipv4Packets.ipv4(US, "203.0.113.1", 17, new byte[30]);

        bed.load(List.of(toHost, toInternet), VectorBed.HEADROOM);
        bed.vector.handle(0, onLink);
        bed.vector.handle(1, viaGateway);
        output.process(bed.vector);
        assertEquals(PacketVector.NEXT_DROP, bed.vector.next(0));
        assertEquals(PacketVector.NEXT_DROP, bed.vector.next(1));
        assertEquals(2, counters.get(EthernetCounter.NEIGHBOUR_UNRESOLVED));
        final int[] due = new int[4];
        assertEquals(2, neighbours.requestsDue(due));

        neighbours.learn(parse(HOST), HOST_MAC);
        neighbours.learn(parse("192.168.10.254"), 0x0250_5000_00FEL);
        bed.load(List.of(toHost, toInternet), VectorBed.HEADROOM);
        bed.vector.handle(0, onLink);
        bed.vector.handle(1, viaGateway);
        output.process(bed.vector);
        final List<VectorBed.Result> results = bed.unload();
        assertEquals(HOST_MAC, mac(results.get(0).packet(), 0));
        assertEquals(OUR_MAC, mac(results.get(0).packet(), 6));
        assertEquals(0x0250_5000_00FEL, mac(results.get(1).packet(), 0));
        assertArrayEquals(toInternet, java.util.Arrays.copyOfRange(results.get(1).packet(), 14, 14 + toInternet.length));
    }

    @Test
    void ethernetOutputNeedsFourteenBytesOfHeadroom()
    {
        final RouteTable routes = new RouteTable(4);
        final int onLink = routes.addLan(parse("192.168.10.0"), 24, 0, 0, 1500);
        neighbours.learn(parse(HOST), HOST_MAC);
        bed.load(List.of(io.portcullis.dataplane.ip.Ipv4Packets.ipv4(US, HOST, 17, new byte[30])), 10);
        bed.vector.handle(0, onLink);
        new EthernetOutput(routes, neighbours, OUR_MAC, counters).process(bed.vector);
        assertEquals(PacketVector.NEXT_DROP, bed.vector.next(0));
        assertEquals(1, counters.get(EthernetCounter.NO_HEADROOM));
    }
}
