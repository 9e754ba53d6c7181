package io.portcullis.dataplane.ip.oracle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.ethernet.ArpInput;
import io.portcullis.dataplane.ethernet.EthernetCounter;
import io.portcullis.dataplane.ethernet.EthernetFlyweight;
import io.portcullis.dataplane.ethernet.NeighbourCache;
import io.portcullis.dataplane.ip.IcmpInput;
import io.portcullis.dataplane.ip.Ipv4Forward;
import io.portcullis.dataplane.ip.Ipv4Packets;
import io.portcullis.dataplane.ip.Ipv4Reassembly;
import io.portcullis.dataplane.ip.MssClamp;
import io.portcullis.dataplane.ip.RouteTable;
import io.portcullis.dataplane.ip.TokenBucket;
import io.portcullis.dataplane.ip.VectorBed;
import io.portcullis.dataplane.ip.Ipv4Fragmenter;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.portcullis.dataplane.ip.AddressClass.parse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Scapy as the third party: packets it builds we must handle, packets we build it must accept.
 * Checksums are checked by letting Scapy recompute them ("del chksum", rebuild) and comparing
 * bytes; replies by Scapy's own answers().
 */
class ScapyForwardingOracleTest
{
    private static final HexFormat HEX = HexFormat.of();
    private static final String US = "192.168.10.1";
    private static final String LAN_HOST = "192.168.10.20";
    private static final String CLIENT = "10.99.0.5";

    @TempDir
    Path workDir;

    private final VectorBed bed = new VectorBed();

    @AfterEach
    void tearDown()
    {
        bed.close();
    }

    private static byte[] bytes(final String hex)
    {
        return HEX.parseHex(hex);
    }

    private static String hex(final byte[] bytes)
    {
        return HEX.formatHex(bytes);
    }

    private static byte[] datagram(final int id, final int payloadLength)
    {
        final byte[] payload = new byte[payloadLength];
        new Random(id).nextBytes(payload);
        return Ipv4Packets.ipv4("198.51.100.7", "192.0.2.1", 17, 64, 0, id, new byte[0], payload);
    }

    @Test
    void scapyFragmentsAreReassembledByUs()
    {
        final int[] lengths = {3000, 1473, 5000, 200};
        final int[] fragSizes = {1480, 576, 1000, 8};
        final List<String> requests = new ArrayList<>();
        for (int k = 0; k < lengths.length; k++)
        {
            requests.add("fragment " + fragSizes[k] + " " + hex(datagram(k, lengths[k])));
        }
        final List<String> responses = Scapy.run(workDir, requests);
        final Ipv4Reassembly reassembly = new Ipv4Reassembly(4, 9000, 32, 1 << 20, 30_000_000_000L,
            new CachedNanoClock(), bed.counters);
        for (int k = 0; k < lengths.length; k++)
        {
            final List<String> fragments = new ArrayList<>(List.of(responses.get(k).split(" ")));
            Collections.shuffle(fragments, new Random(k));
            int result = -1;
            for (final String f : fragments)
            {
                final byte[] fragment = bytes(f);
                result = reassembly.offer(new UnsafeBuffer(fragment), 0, fragment.length);
            }
            assertEquals(Ipv4Reassembly.COMPLETE, result, "datagram " + k);
            final byte[] out = new byte[reassembly.datagramLength()];
            reassembly.datagramBuffer().getBytes(reassembly.datagramOffset(), out);
            assertArrayEquals(datagram(k, lengths[k]), out, "datagram " + k);
        }
    }

    @Test
    void ourFragmentsAreReassembledByScapyAndTheirChecksumsAgree()
    {
        final int[] lengths = {3000, 1473, 9000 - 20};
        final int[] mtus = {1500, 576, 1400};
        final List<String> requests = new ArrayList<>();
        final List<List<byte[]>> all = new ArrayList<>();
        for (int k = 0; k < lengths.length; k++)
        {
            final byte[] original = datagram(10 + k, lengths[k]);
            final List<byte[]> fragments = fragment(original, mtus[k]);
            all.add(fragments);
            final StringBuilder line = new StringBuilder("defragment");
            for (final byte[] f : fragments)
            {
                line.append(' ').append(hex(f));
            }
            requests.add(line.toString());
        }
        for (final List<byte[]> fragments : all)
        {
            for (final byte[] f : fragments)
            {
                requests.add("rechecksum " + hex(f));
            }
        }
        final List<String> responses = Scapy.run(workDir, requests);
        for (int k = 0; k < lengths.length; k++)
        {
            assertEquals(hex(datagram(10 + k, lengths[k])), responses.get(k), "datagram " + k);
        }
        int r = lengths.length;
        for (final List<byte[]> fragments : all)
        {
            for (final byte[] f : fragments)
            {
                assertEquals(hex(f), responses.get(r++));
            }
        }
    }

    @Test
    void ourEchoRepliesAnswerScapysRequests()
    {
        final List<String> built = Scapy.run(workDir, List.of(
            "build-echo " + LAN_HOST + " " + US + " 4711 1 " + hex("0123456789abcdef".getBytes()),
            "build-echo " + CLIENT + " " + US + " 1 65535 " + hex(new byte[1000]),
            "build-echo " + CLIENT + " " + US + " 9 7 00"));
        final List<byte[]> requests = built.stream().map(ScapyForwardingOracleTest::bytes).toList();
        final IcmpInput icmp = new IcmpInput(bed.counters);
        final List<VectorBed.Result> results = bed.run(icmp::process, requests);
        final List<String> checks = new ArrayList<>();
        for (int k = 0; k < requests.size(); k++)
        {
            assertEquals(PacketVector.NEXT_FORWARD, results.get(k).next());
            checks.add("rechecksum " + hex(results.get(k).packet()));
            checks.add("answers " + hex(results.get(k).packet()) + " " + built.get(k));
        }
        final List<String> verdicts = Scapy.run(workDir, checks);
        for (int k = 0; k < requests.size(); k++)
        {
            assertEquals(hex(results.get(k).packet()), verdicts.get(2 * k), "checksums of reply " + k);
            assertEquals("1", verdicts.get(2 * k + 1), "reply " + k + " answers its request");
        }
    }

    @Test
    void ourIcmpErrorsAndForwardedHeadersHaveTheChecksumsScapyComputes()
    {
        final RouteTable routes = new RouteTable(8);
        routes.addLan(parse("192.168.10.0"), 24, 0, 1, 1500);
        routes.addClient(parse(CLIENT), 42, 1396);
        routes.addLocal(parse(US));
        final Ipv4Forward forward = new Ipv4Forward(routes, bed.counters, new TokenBucket(100, 100, 0),
            new CachedNanoClock(), parse(US));
        final List<byte[]> packets = List.of(
            udp(LAN_HOST, CLIENT, 1, 0, 64),              // time exceeded
            udp(LAN_HOST, CLIENT, 64, 0x4000, 1450),      // fragmentation needed
            udp(CLIENT, "203.0.113.1", 64, 0, 30),        // net unreachable
            udp(CLIENT, LAN_HOST, 200, 0, 30),            // forwarded, TTL 199
            udp(LAN_HOST, CLIENT, 2, 0x4000, 31));        // forwarded, TTL 1
        final List<VectorBed.Result> results = bed.run(forward::process, packets);
        final List<String> checks = new ArrayList<>();
        for (int k = 0; k < packets.size(); k++)
        {
            checks.add("rechecksum " + hex(results.get(k).packet()));
        }
        for (int k = 0; k < 3; k++)
        {
            checks.add("answers " + hex(results.get(k).packet()) + " " + hex(packets.get(k)));
        }
        final List<String> verdicts = Scapy.run(workDir, checks);
        for (int k = 0; k < packets.size(); k++)
        {
            assertEquals(hex(results.get(k).packet()), verdicts.get(k), "checksums of packet " + k);
        }
        for (int k = 0; k < 3; k++)
        {
            assertEquals("1", verdicts.get(packets.size() + k), "error " + k + " is about its packet");
        }
    }

    @Test
    void scapysSynsAreClampedAndScapyAgreesWithTheChecksum()
    {
        final List<String> built = Scapy.run(workDir, List.of("build-syn 10.99.0.5 192.0.2.80 S 1460",
            "build-syn 192.0.2.80 10.99.0.5 SA 8960", "build-syn 10.99.0.5 192.0.2.80 S 1200"));
        final List<String> checks = new ArrayList<>();
        final List<byte[]> clamped = new ArrayList<>();
        for (final String b : built)
        {
            final byte[] p = bytes(b);
            MssClamp.fixup(new UnsafeBuffer(p), 0, p.length, 1356);
            clamped.add(p);
            checks.add("rechecksum " + hex(p));
            checks.add("tcp-mss " + hex(p));
        }
        final List<String> verdicts = Scapy.run(workDir, checks);
        final int[] expected = {1356, 1356, 1200};
        for (int k = 0; k < clamped.size(); k++)
        {
            assertEquals(hex(clamped.get(k)), verdicts.get(2 * k), "checksum of segment " + k);
            assertEquals(String.valueOf(expected[k]), verdicts.get(2 * k + 1));
        }
    }

    @Test
    void scapysArpRequestIsAnswered()
    {
        final long ourMac = EthernetFlyweight.parseMac("02:50:50:00:00:01");
        final String request = Scapy.run(workDir, List.of("build-arp-request 02:00:00:00:00:09 " + LAN_HOST + " " + US))
            .getFirst();
        final NodeCounters<EthernetCounter> counters =
            new NodeCounters<>(bed.countersManager, "eth", EthernetCounter.class);
        final NeighbourCache neighbours = new NeighbourCache(8, 30_000_000_000L, 1_000_000_000L, 3,
            new CachedNanoClock());
        final ArpInput arp = new ArpInput(ourMac, a -> a == parse(US), neighbours, counters);
        final VectorBed.Result result = bed.run(arp::process, bytes(request));
        assertEquals(PacketVector.NEXT_FORWARD, result.next());
        final String verdict = Scapy.run(workDir, List.of("arp-answers " + hex(result.packet()) + " " + request))
            .getFirst();
        assertEquals("1 2 02:50:50:00:00:01 " + US + " 02:00:00:00:00:09 " + LAN_HOST + " 02:00:00:00:00:09", verdict);
        assertEquals(EthernetFlyweight.parseMac("02:00:00:00:00:09"), neighbours.resolve(parse(LAN_HOST)));
    }

    /** A UDP datagram with both checksums right. */
    private static byte[] udp(final String source, final String destination, final int ttl, final int flags,
        final int dataLength)
    {
        final byte[] udp = new byte[8 + dataLength];
        udp[0] = (byte)0xA5;
        udp[2] = 0x06;
        udp[3] = (byte)0xA5;
        udp[4] = (byte)(udp.length >>> 8);
        udp[5] = (byte)udp.length;
        for (int k = 8; k < udp.length; k++)
        {
            udp[k] = (byte)(k * 13);
        }
        final byte[] packet = Ipv4Packets.ipv4(source, destination, 17, ttl, flags, dataLength, new byte[0], udp);
        Ipv4Packets.fixTransportChecksum(packet);
        return packet;
    }

    private static List<byte[]> fragment(final byte[] packet, final int mtu)
    {
        final UnsafeBuffer buf = new UnsafeBuffer(packet.clone());
        final int count = Ipv4Fragmenter.fragmentCount(buf, 0, packet.length, mtu);
        final List<byte[]> fragments = new ArrayList<>();
        fragments.add(null);
        for (int k = 1; k < count; k++)
        {
            final UnsafeBuffer dst = new UnsafeBuffer(new byte[mtu]);
            final int length = Ipv4Fragmenter.writeFragment(buf, 0, packet.length, mtu, k, dst, 0);
            fragments.add(java.util.Arrays.copyOf(dst.byteArray(), length));
        }
        final int first = Ipv4Fragmenter.truncateToFirst(buf, 0, packet.length, mtu);
        fragments.set(0, java.util.Arrays.copyOf(buf.byteArray(), first));
        return fragments;
    }
}
