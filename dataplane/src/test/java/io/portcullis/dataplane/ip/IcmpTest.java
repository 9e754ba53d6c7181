package io.portcullis.dataplane.ip;

import java.util.List;

import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.ip.AddressClass.parse;
import static io.portcullis.dataplane.ip.Ipv4Packets.echoRequest;
import static io.portcullis.dataplane.ip.Ipv4Packets.icmpChecksum;
import static io.portcullis.dataplane.ip.Ipv4Packets.ipChecksumValid;
import static io.portcullis.dataplane.ip.Ipv4Packets.ipv4;
import static io.portcullis.dataplane.ip.Ipv4Packets.u16;
import static io.portcullis.dataplane.ip.Ipv4Packets.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Echo replies (icmp4-input) and the ICMP error builder with its RFC 1812 §4.3.2.7 rules. */
class IcmpTest
{
    private static final byte[] DATA = "abcdefghijklmnopqrstuvwabcdefghi".getBytes();

    private final VectorBed bed = new VectorBed();
    private final IcmpInput icmpInput = new IcmpInput(bed.counters);

    @AfterEach
    void tearDown()
    {
        bed.close();
    }

    @Test
    void echoRequestIsAnsweredFromTheAddressItWasSentTo()
    {
        final byte[] request = echoRequest("192.0.2.10", "198.51.100.1", 0x4711, 3, DATA);
        final VectorBed.Result result = bed.run(icmpInput::process, request);
        assertEquals(PacketVector.NEXT_FORWARD, result.next());
        final byte[] reply = result.packet();
        assertEquals(request.length, reply.length);
        assertEquals(parse("198.51.100.1"), u32(reply, 12));
        assertEquals(parse("192.0.2.10"), u32(reply, 16));
        assertEquals(64, reply[8] & 0xFF);
        assertEquals(1, reply[9]);
        assertEquals(0, reply[20]);  // echo reply
        assertEquals(0x4711, u16(reply, 24));
        assertEquals(3, u16(reply, 26));
        assertArrayEquals(DATA, java.util.Arrays.copyOfRange(reply, 28, reply.length));
        assertTrue(ipChecksumValid(reply));
        assertEquals(0, icmpChecksum(reply));
        assertEquals(1, bed.count(IpCounter.ECHO_REPLIED));
    }

    @Test
    void echoRequestWithOptionsGetsAReplyWithout()
    {
        final byte[] plain = echoRequest("192.0.2.10", "198.51.100.1", 1, 1, DATA);
        final byte[] icmp = java.util.Arrays.copyOfRange(plain, 20, plain.length);
        final byte[] request = ipv4("192.0.2.10", "198.51.100.1", 1, 64, 0, 9, new byte[] {(byte)148, 4, 0, 0}, icmp);
        final byte[] reply = bed.run(icmpInput::process, request).packet();
        assertEquals(0x45, reply[0]);
        assertEquals(plain.length, reply.length);
        assertTrue(ipChecksumValid(reply));
        assertEquals(0, icmpChecksum(reply));
    }

    @Test
    void otherIcmpToUsIsNotAnswered()
    {
        final byte[] request = echoRequest("192.0.2.10", "198.51.100.1", 1, 1, DATA);
        request[20] = 13;  // timestamp
        fixIcmpChecksum(request);
        assertEquals(PacketVector.NEXT_DROP, bed.run(icmpInput::process, request).next());
        assertEquals(1, bed.count(IpCounter.ICMP_NOT_ANSWERED));
    }

    @Test
    void failsWhenThePacketIsNotIcmp()
    {
        final byte[] udp = ipv4("192.0.2.10", "198.51.100.1", 17, new byte[12]);
        assertEquals(PacketVector.NEXT_DROP, bed.run(icmpInput::process, udp).next());
        assertEquals(1, bed.count(IpCounter.NOT_ICMP));
    }

    @Test
    void packetsForOtherNodesAreLeftAlone()
    {
        bed.load(List.of(echoRequest("192.0.2.10", "198.51.100.1", 1, 1, DATA)), VectorBed.HEADROOM);
        bed.vector.next(0, PacketVector.NEXT_PUNT);
        icmpInput.process(bed.vector);
        assertEquals(PacketVector.NEXT_PUNT, bed.vector.next(0));
        assertEquals(0, bed.count(IpCounter.ECHO_REPLIED));
    }

    @Test
    void failsWhenIcmpChecksumIsWrong()
    {
        final byte[] request = echoRequest("192.0.2.10", "198.51.100.1", 1, 1, DATA);
        request[30] ^= 1;
        assertEquals(PacketVector.NEXT_DROP, bed.run(icmpInput::process, request).next());
        assertEquals(1, bed.count(IpCounter.ICMP_BAD_CHECKSUM));
    }

    @Test
    void failsWhenIcmpIsShorterThanItsHeader()
    {
        final byte[] request = ipv4("192.0.2.10", "198.51.100.1", 1, new byte[] {8, 0, 0, 0, 0, 0, 0});
        assertEquals(PacketVector.NEXT_DROP, bed.run(icmpInput::process, request).next());
        assertEquals(1, bed.count(IpCounter.ICMP_TRUNCATED));
    }

    @Test
    void failsWhenIcmpIsAFragment()
    {
        final byte[] plain = echoRequest("192.0.2.10", "198.51.100.1", 1, 1, DATA);
        final byte[] request = ipv4("192.0.2.10", "198.51.100.1", 1, 64, 0x2000, 9, new byte[0],
            java.util.Arrays.copyOfRange(plain, 20, plain.length));
        assertEquals(PacketVector.NEXT_DROP, bed.run(icmpInput::process, request).next());
        assertEquals(1, bed.count(IpCounter.ICMP_FRAGMENT));
    }

    @Test
    void errorQuotesTheOffendingPacketInPlace()
    {
        final byte[] offending = ipv4("192.0.2.10", "203.0.113.9", 17, 1, 0x4000, 77, new byte[0], new byte[100]);
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[200]);
        buf.putBytes(50, offending);
        final int length = IcmpError.write(buf, 50, offending.length, Icmp.TIME_EXCEEDED, 0, 0, parse("198.51.100.1"),
            (short)5);
        assertEquals(28 + offending.length, length);
        final byte[] error = new byte[length];
        buf.getBytes(50 - 28, error);
        assertEquals(parse("198.51.100.1"), u32(error, 12));
        assertEquals(parse("192.0.2.10"), u32(error, 16));
        assertEquals(length, u16(error, 2));
        assertEquals(11, error[20]);
        assertEquals(0, error[21]);
        assertEquals(0, u32(error, 24));
        assertArrayEquals(offending, java.util.Arrays.copyOfRange(error, 28, length));
        assertTrue(ipChecksumValid(error));
        assertEquals(0, icmpChecksum(error));
    }

    @Test
    void errorIsCutTo576BytesAndCarriesTheNextHopMtu()
    {
        final byte[] offending = ipv4("192.0.2.10", "203.0.113.9", 6, 64, 0x4000, 77, new byte[0], new byte[1480]);
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[1600]);
        buf.putBytes(64, offending);
        final int length = IcmpError.write(buf, 64, offending.length, Icmp.DESTINATION_UNREACHABLE,
            Icmp.FRAGMENTATION_NEEDED, 1396, parse("198.51.100.1"), (short)5);
        assertEquals(576, length);
        final byte[] error = new byte[length];
        buf.getBytes(64 - 28, error);
        assertEquals(3, error[20]);
        assertEquals(4, error[21]);
        assertEquals(0, u16(error, 24));
        assertEquals(1396, u16(error, 26));
        assertEquals(0, icmpChecksum(error));
    }

    @Test
    void errorNeedsTwentyEightBytesOfHeadroom()
    {
        final byte[] offending = ipv4("192.0.2.10", "203.0.113.9", 17, new byte[10]);
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[100]);
        buf.putBytes(27, offending);
        assertEquals(-1, IcmpError.write(buf, 27, offending.length, 11, 0, 0, 1, (short)0));
    }

    @Test
    void errorsArePermittedAboutOrdinaryPacketsAndQueries()
    {
        assertTrue(permitted(ipv4("192.0.2.10", "203.0.113.9", 17, new byte[10])));
        assertTrue(permitted(echoRequest("192.0.2.10", "203.0.113.9", 1, 1, DATA)));
    }

    @Test
    void noErrorAboutAnIcmpError()
    {
        final byte[] p = echoRequest("192.0.2.10", "203.0.113.9", 1, 1, DATA);
        p[20] = 3;
        assertFalse(permitted(p));
        assertFalse(permitted(ipv4("192.0.2.10", "203.0.113.9", 1, new byte[0])));
    }

    @Test
    void noErrorAboutANonFirstFragment()
    {
        assertFalse(permitted(ipv4("192.0.2.10", "203.0.113.9", 17, 64, 0x2001, 1, new byte[0], new byte[8])));
    }

    @Test
    void noErrorAboutMulticastOrBroadcast()
    {
        assertFalse(permitted(ipv4("192.0.2.10", "224.0.0.9", 17, new byte[8])));
        assertFalse(permitted(ipv4("192.0.2.10", "255.255.255.255", 17, new byte[8])));
    }

    @Test
    void noErrorToASourceThatIsNotOneHost()
    {
        for (final String source : new String[] {"0.0.0.0", "127.0.0.1", "224.1.1.1", "255.255.255.255"})
        {
            assertFalse(permitted(ipv4(source, "203.0.113.9", 17, new byte[8])), source);
        }
    }

    private static boolean permitted(final byte[] p)
    {
        return IcmpError.permitted(new UnsafeBuffer(p), 0, p.length);
    }

    private static void fixIcmpChecksum(final byte[] p)
    {
        p[22] = 0;
        p[23] = 0;
        final int c = icmpChecksum(p);
        p[22] = (byte)(c >>> 8);
        p[23] = (byte)c;
    }
}
