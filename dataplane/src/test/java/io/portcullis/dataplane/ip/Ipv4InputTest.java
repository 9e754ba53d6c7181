package io.portcullis.dataplane.ip;

import java.util.List;

import io.portcullis.dataplane.packet.PacketVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.ip.Ipv4Packets.UDP;
import static io.portcullis.dataplane.ip.Ipv4Packets.ipv4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** ip4-input: valid packets pass (trimmed to their total length); one test per rule it enforces. */
class Ipv4InputTest
{
    private static final byte[] PAYLOAD = new byte[] {1, 2, 3, 4, 5, 6, 7, 8};

    private final VectorBed bed = new VectorBed();
    private final Ipv4Input strict = new Ipv4Input(bed.counters, false);
    private final Ipv4Input lenient = new Ipv4Input(bed.counters, true);

    @AfterEach
    void tearDown()
    {
        bed.close();
    }

    private static byte[] valid()
    {
        return ipv4("192.0.2.10", "198.51.100.1", UDP, PAYLOAD);
    }

    private void assertDropped(final Ipv4Input node, final byte[] packet, final int frameLength, final IpCounter reason)
    {
        final byte[] frame = java.util.Arrays.copyOf(packet, frameLength);
        final long before = bed.count(reason);
        final VectorBed.Result result = bed.run(node::process, frame);
        assertEquals(PacketVector.NEXT_DROP, result.next(), reason.label());
        assertEquals(before + 1, bed.count(reason), reason.label());
        assertEquals(0, bed.count(IpCounter.RECEIVED));
    }

    private void assertDropped(final byte[] packet, final IpCounter reason)
    {
        assertDropped(strict, packet, packet.length, reason);
    }

    @Test
    void validPacketPassesUnchanged()
    {
        final VectorBed.Result result = bed.run(strict::process, valid());
        assertEquals(PacketVector.NEXT_FORWARD, result.next());
        assertArrayEquals(valid(), result.packet());
        assertEquals(1, bed.count(IpCounter.RECEIVED));
    }

    @Test
    void ethernetPaddingIsTrimmedToTheTotalLength()
    {
        final byte[] padded = java.util.Arrays.copyOf(valid(), 46);  // a 60-byte frame's payload
        final VectorBed.Result result = bed.run(strict::process, padded);
        assertEquals(PacketVector.NEXT_FORWARD, result.next());
        assertArrayEquals(valid(), result.packet());
    }

    @Test
    void packetsAlreadyDroppedAreLeftAlone()
    {
        bed.load(List.of(new byte[] {0x45}), VectorBed.HEADROOM);
        bed.vector.next(0, PacketVector.NEXT_DROP);
        strict.process(bed.vector);
        assertEquals(PacketVector.NEXT_DROP, bed.vector.next(0));
        assertEquals(0, bed.count(IpCounter.TRUNCATED));
    }

    @Test
    void failsWhenFrameIsShorterThanTwentyBytes()
    {
        assertDropped(strict, valid(), 19, IpCounter.TRUNCATED);
    }

    @Test
    void failsWhenVersionIsNotFour()
    {
        final byte[] p = valid();
        p[0] = 0x65;
        Ipv4Packets.fixIpChecksum(p);
        assertDropped(p, IpCounter.NOT_IPV4);
    }

    @Test
    void failsWhenIhlIsBelowFive()
    {
        final byte[] p = valid();
        p[0] = 0x44;
        assertDropped(p, IpCounter.BAD_HEADER_LENGTH);
    }

    @Test
    void failsWhenIhlReachesBeyondTheFrame()
    {
        final byte[] p = ipv4("192.0.2.10", "198.51.100.1", UDP, 64, 0, 1, new byte[] {1, 1, 1, 1}, new byte[0]);
        assertDropped(lenient, p, 22, IpCounter.TRUNCATED);
    }

    @Test
    void failsWhenHeaderChecksumIsWrong()
    {
        final byte[] p = valid();
        p[11] ^= 1;
        assertDropped(p, IpCounter.BAD_CHECKSUM);
    }

    @Test
    void failsWhenTotalLengthIsBelowHeaderLength()
    {
        final byte[] p = valid();
        p[2] = 0;
        p[3] = 19;
        Ipv4Packets.fixIpChecksum(p);
        assertDropped(p, IpCounter.BAD_TOTAL_LENGTH);
    }

    @Test
    void failsWhenTotalLengthExceedsTheFrame()
    {
        assertDropped(strict, valid(), valid().length - 1, IpCounter.LENGTH_BEYOND_FRAME);
    }

    @Test
    void failsWhenOptionsAreNotAllowed()
    {
        final byte[] p = ipv4("192.0.2.10", "198.51.100.1", UDP, 64, 0, 1, new byte[] {1, 1, 1, 0}, PAYLOAD);
        assertDropped(p, IpCounter.OPTIONS_NOT_ALLOWED);
    }

    @Test
    void optionsAreCountedWhenAllowed()
    {
        // Router alert (RFC 2113): type 148, length 4, value 0.
        final byte[] p = ipv4("192.0.2.10", "198.51.100.1", UDP, 64, 0, 1, new byte[] {(byte)148, 4, 0, 0}, PAYLOAD);
        final VectorBed.Result result = bed.run(lenient::process, p);
        assertEquals(PacketVector.NEXT_FORWARD, result.next());
        assertEquals(1, bed.count(IpCounter.OPTIONS));
        assertArrayEquals(p, result.packet());
    }

    @Test
    void failsWhenAnOptionLengthIsBelowTwo()
    {
        final byte[] p = ipv4("192.0.2.10", "198.51.100.1", UDP, 64, 0, 1, new byte[] {(byte)148, 1, 0, 0}, PAYLOAD);
        assertDropped(lenient, p, p.length, IpCounter.BAD_OPTIONS);
    }

    @Test
    void failsWhenAnOptionRunsPastTheHeader()
    {
        final byte[] p = ipv4("192.0.2.10", "198.51.100.1", UDP, 64, 0, 1, new byte[] {1, (byte)148, 4, 0}, PAYLOAD);
        assertDropped(lenient, p, p.length, IpCounter.BAD_OPTIONS);
    }

    @Test
    void failsWhenAnOptionHasNoRoomForItsLength()
    {
        final byte[] p = ipv4("192.0.2.10", "198.51.100.1", UDP, 64, 0, 1, new byte[] {1, 1, 1, (byte)148}, PAYLOAD);
        assertDropped(lenient, p, p.length, IpCounter.BAD_OPTIONS);
    }

    @Test
    void failsWhenSourceIsLoopbackThisNetworkMulticastOrBroadcast()
    {
        for (final String source : new String[] {"127.0.0.1", "0.0.0.0", "224.0.0.5", "255.255.255.255"})
        {
            assertDropped(ipv4(source, "198.51.100.1", UDP, PAYLOAD), IpCounter.MARTIAN_SOURCE);
        }
    }

    @Test
    void failsWhenDestinationIsLoopbackOrThisNetwork()
    {
        assertDropped(ipv4("192.0.2.10", "127.0.0.1", UDP, PAYLOAD), IpCounter.MARTIAN_DESTINATION);
        assertDropped(ipv4("192.0.2.10", "0.1.2.3", UDP, PAYLOAD), IpCounter.MARTIAN_DESTINATION);
    }

    @Test
    void failsWhenDestinationIsMulticastOrBroadcast()
    {
        assertDropped(ipv4("192.0.2.10", "224.0.0.1", UDP, PAYLOAD), IpCounter.MULTICAST_OR_BROADCAST);
        assertDropped(ipv4("192.0.2.10", "255.255.255.255", UDP, PAYLOAD), IpCounter.MULTICAST_OR_BROADCAST);
    }

    @Test
    void ttlZeroIsStillReceived()
    {
        // RFC 1812 §5.3.1: TTL is a forwarding check, not an input one.
        final byte[] p = ipv4("192.0.2.10", "198.51.100.1", UDP, 0, 0, 1, new byte[0], PAYLOAD);
        assertEquals(PacketVector.NEXT_FORWARD, bed.run(strict::process, p).next());
    }

    @Test
    void aMixedVectorCountsEachPacketOnce()
    {
        final byte[] bad = valid();
        bad[10] ^= 0x40;
        final List<VectorBed.Result> results = bed.run(strict::process, List.of(valid(), bad, valid()));
        assertEquals(PacketVector.NEXT_FORWARD, results.get(0).next());
        assertEquals(PacketVector.NEXT_DROP, results.get(1).next());
        assertEquals(PacketVector.NEXT_FORWARD, results.get(2).next());
        assertEquals(2, bed.count(IpCounter.RECEIVED));
        assertEquals(1, bed.count(IpCounter.BAD_CHECKSUM));
    }
}
