package io.portcullis.dataplane.ip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.ethernet.ArpInput;
import io.portcullis.dataplane.ethernet.EthernetCounter;
import io.portcullis.dataplane.ethernet.EthernetInput;
import io.portcullis.dataplane.ethernet.NeighbourCache;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.ip.AddressClass.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutated and cut-short packets through the whole input chain (ethernet-input, arp-input,
 * ip4-input, ip4-reassembly, ip4-forward, icmp4-input, tcp-mss-clamp): no exception escapes
 * (Agrona's bounds checks are on in tests), and ip4-input counts every packet exactly once.
 */
class MalformedInputTest
{
    private static final long OUR_MAC = 0x0250_5000_0001L;

    private final VectorBed bed = new VectorBed();
    private final NodeCounters<EthernetCounter> ethernetCounters =
        new NodeCounters<>(bed.countersManager, "eth", EthernetCounter.class);
    private final CachedNanoClock clock = new CachedNanoClock();

    @AfterEach
    void tearDown()
    {
        bed.close();
    }

    private static List<byte[]> seeds()
    {
        final List<byte[]> seeds = new ArrayList<>();
        seeds.add(Ipv4Packets.echoRequest("192.168.10.20", "192.168.10.1", 1, 2, new byte[40]));
        seeds.add(Ipv4Packets.tcp("192.168.10.20", "10.99.0.5", 0x02, new byte[] {1, 2, 4, 5, (byte)0xB4, 1, 1, 0},
            new byte[0]));
        seeds.add(Ipv4Packets.ipv4("10.99.0.5", "192.168.10.20", 17, 64, 0x2000, 7, new byte[] {(byte)148, 4, 0, 0},
            new byte[64]));
        seeds.add(Ipv4Packets.ipv4("10.99.0.5", "192.168.10.1", 50, 1, 0x0008, 7, new byte[0], new byte[40]));
        seeds.add(Ipv4Packets.ipv4("192.168.10.20", "10.99.0.5", 1, 64, 0x4000, 7, new byte[0], new byte[1460]));
        return seeds;
    }

    private static byte[] mutate(final byte[] seed, final Random random)
    {
        final byte[] p = Arrays.copyOf(seed, random.nextInt(4) == 0 ? random.nextInt(seed.length + 1) : seed.length);
        for (int flips = random.nextInt(4); flips >= 0 && p.length > 0; flips--)
        {
            p[random.nextInt(Math.min(p.length, 48))] = (byte)random.nextInt(256);
        }
        if (p.length >= 20 && (p[0] & 0x0F) * 4 <= p.length && random.nextBoolean())
        {
            Ipv4Packets.fixIpChecksum(p);  // so that mutations get past the checksum
        }
        return p;
    }

    @Test
    void mutatedIpv4PacketsAreEachHandledAndCountedOnce()
    {
        final RouteTable routes = new RouteTable(8);
        routes.addLan(parse("192.168.10.0"), 24, 0, 1, 1500);
        routes.addClient(parse("10.99.0.5"), 42, 1396);
        routes.addLocal(parse("192.168.10.1"));
        final Ipv4Input input = new Ipv4Input(bed.counters, true);
        final Ipv4ReassemblyNode reassembly = new Ipv4ReassemblyNode(
            new Ipv4Reassembly(16, 9000, 16, 1 << 20, 30_000_000_000L, clock, bed.counters), bed.counters);
        final Ipv4Forward forward = new Ipv4Forward(routes, bed.counters, new TokenBucket(1000, 1000, 0), clock,
            parse("192.168.10.1"));
        final IcmpInput icmp = new IcmpInput(bed.counters);
        final TcpMssClampNode clamp = new TcpMssClampNode(bed.counters, 1300);
        final Random random = new Random(4);
        final List<byte[]> seeds = seeds();
        int sent = 0;
        for (int round = 0; round < 40; round++)
        {
            final List<byte[]> packets = new ArrayList<>();
            for (int k = 0; k < 100; k++)
            {
                packets.add(mutate(seeds.get(random.nextInt(seeds.size())), random));
            }
            sent += packets.size();
            bed.load(packets, VectorBed.HEADROOM);
            input.process(bed.vector);
            clamp.process(bed.vector);
            forward.process(bed.vector);
            final PacketVector v = bed.vector;
            for (int i = 0; i < v.size(); i++)
            {
                v.next(i, v.next(i) == Ipv4Forward.NEXT_LOCAL ? PacketVector.NEXT_FORWARD : PacketVector.NEXT_DROP);
            }
            reassembly.process(v);
            icmp.process(v);
        }
        long inputDrops = 0;
        for (final IpCounter c : new IpCounter[] {IpCounter.TRUNCATED, IpCounter.NOT_IPV4, IpCounter.BAD_HEADER_LENGTH,
            IpCounter.BAD_CHECKSUM, IpCounter.BAD_TOTAL_LENGTH, IpCounter.LENGTH_BEYOND_FRAME,
            IpCounter.OPTIONS_NOT_ALLOWED, IpCounter.BAD_OPTIONS, IpCounter.MARTIAN_SOURCE,
            IpCounter.MARTIAN_DESTINATION, IpCounter.MULTICAST_OR_BROADCAST})
        {
            inputDrops += bed.count(c);
        }
        assertEquals(sent, bed.count(IpCounter.RECEIVED) + inputDrops);
        assertTrue(bed.count(IpCounter.RECEIVED) > 500, "enough mutations got through to test the later nodes");
    }

    @Test
    void mutatedFramesThroughEthernetAndArpInputThrowNothing()
    {
        final EthernetInput ethernet = new EthernetInput(OUR_MAC, ethernetCounters);
        final ArpInput arp = new ArpInput(OUR_MAC, a -> a == parse("192.168.10.1"),
            new NeighbourCache(16, 30_000_000_000L, 1_000_000_000L, 3, clock), ethernetCounters);
        final byte[] request = {-1, -1, -1, -1, -1, -1, 2, 0, 0, 0, 0, 9, 8, 6, 0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0,
            9, (byte)192, (byte)168, 10, 20, 0, 0, 0, 0, 0, 0, (byte)192, (byte)168, 10, 1};
        final Random random = new Random(826);
        for (int round = 0; round < 30; round++)
        {
            final List<byte[]> frames = new ArrayList<>();
            for (int k = 0; k < 100; k++)
            {
                final byte[] f = Arrays.copyOf(request, random.nextInt(3) == 0 ? random.nextInt(43) : 42);
                for (int flips = random.nextInt(3); flips >= 0 && f.length > 0; flips--)
                {
                    f[random.nextInt(f.length)] = (byte)random.nextInt(256);
                }
                frames.add(f);
            }
            bed.load(frames, VectorBed.HEADROOM);
            ethernet.process(bed.vector);
            for (int i = 0; i < bed.vector.size(); i++)
            {
                bed.vector.next(i, bed.vector.next(i) == EthernetInput.NEXT_ARP ?
                    PacketVector.NEXT_FORWARD : PacketVector.NEXT_DROP);
            }
            arp.process(bed.vector);
        }
        assertTrue(ethernetCounters.get(EthernetCounter.ARP_REPLIED) > 0);
    }
}
