package io.portcullis.dataplane.ip;

import java.util.List;

import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.ip.AddressClass.parse;
import static io.portcullis.dataplane.ip.Ipv4Packets.icmpChecksum;
import static io.portcullis.dataplane.ip.Ipv4Packets.ipChecksumValid;
import static io.portcullis.dataplane.ip.Ipv4Packets.ipv4;
import static io.portcullis.dataplane.ip.Ipv4Packets.u16;
import static io.portcullis.dataplane.ip.Ipv4Packets.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ip4-forward: where each packet goes, TTL and MTU rules, and the ICMP errors it sends. */
class Ipv4ForwardTest
{
    private static final String LAN_HOST = "192.168.10.20";
    private static final String CLIENT = "10.99.0.5";
    private static final String US = "192.168.10.1";

    private final VectorBed bed = new VectorBed();
    private final RouteTable routes = new RouteTable(16);
    private final CachedNanoClock clock = new CachedNanoClock();
    private final TokenBucket limiter = new TokenBucket(10, 2, 0);
    private final Ipv4Forward forward = new Ipv4Forward(routes, bed.counters, limiter, clock, parse(US));
    private final int lan;
    private final int client;
    private final int local;

    Ipv4ForwardTest()
    {
        lan = routes.addLan(parse("192.168.10.0"), 24, 0, 1, 1500);
        client = routes.addClient(parse(CLIENT), 42, 1396);
        local = routes.addLocal(parse(US));
    }

    @AfterEach
    void tearDown()
    {
        bed.close();
    }

    private static byte[] packet(final String source, final String destination, final int ttl, final int flags,
        final int payload)
    {
        return ipv4(source, destination, 17, ttl, flags, 0x99, new byte[0], new byte[payload]);
    }

    @Test
    void lanPacketGoesOutWithTtlDecremented()
    {
        final byte[] in = packet(CLIENT, LAN_HOST, 64, 0, 100);
        final VectorBed.Result result = bed.run(forward::process, in);
        assertEquals(PacketVector.NEXT_FORWARD, result.next());
        assertEquals(lan, result.handle());
        assertEquals(63, result.packet()[8]);
        assertTrue(ipChecksumValid(result.packet()));
        assertEquals(1, bed.count(IpCounter.FORWARDED));
    }

    @Test
    void clientPacketGoesToItsSession()
    {
        final VectorBed.Result result = bed.run(forward::process, packet(LAN_HOST, CLIENT, 64, 0, 100));
        assertEquals(Ipv4Forward.NEXT_CLIENT, result.next());
        assertEquals(42, routes.session(result.handle()));
        assertEquals(63, result.packet()[8]);
        assertEquals(1, bed.count(IpCounter.TO_CLIENT));
    }

    @Test
    void packetForUsIsLocalEvenWithTtlOne()
    {
        final byte[] in = packet(LAN_HOST, US, 1, 0, 10);
        final VectorBed.Result result = bed.run(forward::process, in);
        assertEquals(Ipv4Forward.NEXT_LOCAL, result.next());
        assertEquals(local, result.handle());
        assertArrayEquals(in, result.packet());
    }

    @Test
    void tooBigWithoutDfIsForFragmentation()
    {
        final VectorBed.Result result = bed.run(forward::process, packet(LAN_HOST, CLIENT, 64, 0, 1400));
        assertEquals(Ipv4Forward.NEXT_FRAGMENT, result.next());
        assertEquals(client, result.handle());
        assertEquals(63, result.packet()[8]);
        assertEquals(1, bed.count(IpCounter.TOO_BIG));
    }

    @Test
    void ttlExpiryIsAnsweredWithTimeExceeded()
    {
        final byte[] in = packet(LAN_HOST, CLIENT, 1, 0, 40);
        final VectorBed.Result result = bed.run(forward::process, in);
        assertIcmpError(result, in, 11, 0, 0);
        assertEquals(PacketVector.NEXT_FORWARD, result.next());
        assertEquals(lan, result.handle());
        assertEquals(1, bed.count(IpCounter.TTL_EXPIRED));
    }

    @Test
    void tooBigWithDfIsAnsweredWithFragmentationNeededAndTheRouteMtu()
    {
        final byte[] in = packet(LAN_HOST, CLIENT, 64, 0x4000, 1400);
        final VectorBed.Result result = bed.run(forward::process, in);
        assertIcmpError(result, in, 3, 4, 1396);
        assertEquals(1, bed.count(IpCounter.TOO_BIG_DF));
    }

    @Test
    void noRouteIsAnsweredWithNetUnreachableIntoTheTunnel()
    {
        final byte[] in = packet(CLIENT, "203.0.113.1", 64, 0, 20);
        final VectorBed.Result result = bed.run(forward::process, in);
        assertIcmpError(result, in, 3, 0, 0);
        assertEquals(Ipv4Forward.NEXT_CLIENT, result.next());
        assertEquals(client, result.handle());
        assertEquals(1, bed.count(IpCounter.NO_ROUTE));
    }

    @Test
    void icmpErrorsAreRateLimited()
    {
        final List<byte[]> expiring = List.of(packet(LAN_HOST, CLIENT, 1, 0, 8), packet(LAN_HOST, CLIENT, 1, 0, 8),
            packet(LAN_HOST, CLIENT, 1, 0, 8));
        final List<VectorBed.Result> results = bed.run(forward::process, expiring);
        assertEquals(PacketVector.NEXT_FORWARD, results.get(0).next());
        assertEquals(PacketVector.NEXT_FORWARD, results.get(1).next());
        assertEquals(PacketVector.NEXT_DROP, results.get(2).next());
        assertEquals(2, bed.count(IpCounter.ICMP_ERROR_SENT));
        assertEquals(1, bed.count(IpCounter.ICMP_ERROR_RATE_LIMITED));
        assertEquals(3, bed.count(IpCounter.TTL_EXPIRED));
        clock.update(100_000_000L);  // one token later
        assertEquals(PacketVector.NEXT_FORWARD, bed.run(forward::process, packet(LAN_HOST, CLIENT, 1, 0, 8)).next());
    }

    @Test
    void noIcmpErrorAboutAnIcmpError()
    {
        final byte[] error = ipv4(LAN_HOST, CLIENT, 1, 1, 0, 1, new byte[0], new byte[] {3, 0, (byte)0xfc, (byte)0xff,
            0, 0, 0, 0});
        assertEquals(PacketVector.NEXT_DROP, bed.run(forward::process, error).next());
        assertEquals(1, bed.count(IpCounter.ICMP_ERROR_NOT_ALLOWED));
        assertEquals(0, bed.count(IpCounter.ICMP_ERROR_SENT));
    }

    @Test
    void noIcmpErrorWithoutARouteBack()
    {
        assertEquals(PacketVector.NEXT_DROP, bed.run(forward::process, packet("203.0.113.7", "198.18.0.1", 64, 0, 8))
            .next());
        assertEquals(1, bed.count(IpCounter.ICMP_ERROR_UNROUTABLE));
    }

    @Test
    void noIcmpErrorWithoutHeadroom()
    {
        bed.load(List.of(packet(LAN_HOST, CLIENT, 1, 0, 8)), 20);
        forward.process(bed.vector);
        assertEquals(PacketVector.NEXT_DROP, bed.vector.next(0));
        assertEquals(1, bed.count(IpCounter.ICMP_ERROR_NO_HEADROOM));
    }

    @Test
    void forwardingAllocatesNothing()
    {
        final List<byte[]> packets = List.of(packet(CLIENT, LAN_HOST, 255, 0, 100), packet(LAN_HOST, CLIENT, 255, 0, 100),
            packet(LAN_HOST, US, 64, 0, 100), packet(LAN_HOST, CLIENT, 1, 0, 100));
        bed.load(packets, VectorBed.HEADROOM);
        final long bytes = Allocations.bytesAllocatedBy(() ->
        {
            for (int k = 0; k < 10_000; k++)
            {
                for (int i = 0; i < packets.size(); i++)
                {
                    bed.vector.data(i, VectorBed.HEADROOM, packets.get(i).length);
                    bed.vector.next(i, PacketVector.NEXT_FORWARD);
                }
                forward.process(bed.vector);
            }
        });
        assertEquals(0, bytes);
    }

    private static void assertIcmpError(final VectorBed.Result result, final byte[] offending, final int type,
        final int code, final int mtu)
    {
        final byte[] error = result.packet();
        final int quoted = Math.min(offending.length, 576 - 28);
        assertEquals(28 + quoted, error.length);
        assertEquals(parse(US), u32(error, 12));
        assertEquals(u32(offending, 12), u32(error, 16));
        assertEquals(type, error[20]);
        assertEquals(code, error[21]);
        assertEquals(mtu, u16(error, 26));
        assertArrayEquals(java.util.Arrays.copyOf(offending, quoted), java.util.Arrays.copyOfRange(error, 28, error.length));
        assertTrue(ipChecksumValid(error));
        assertEquals(0, icmpChecksum(error));
    }
}
