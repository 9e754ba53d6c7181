package io.portcullis.dataplane.ip;

import java.util.Arrays;
import java.util.Random;

import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.ip.Ipv4Packets.tcp;
import static io.portcullis.dataplane.ip.Ipv4Packets.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** MssClamp.fixup: SYN and SYN-ACK clamped with a right checksum; everything else untouched. */
class MssClampTest
{
    private static final int SYN = 0x02;
    private static final int SYN_ACK = 0x12;
    private static final int ACK = 0x10;
    private static final byte[] MSS_1460 = {2, 4, 0x05, (byte)0xB4};
    /** Windows' SYN: MSS, NOP, window scale, NOP, NOP, SACK permitted. */
    private static final byte[] WINDOWS_OPTIONS = {2, 4, 0x05, (byte)0xB4, 1, 3, 3, 8, 1, 1, 4, 2};
    /** Linux's SYN: MSS, SACK permitted, timestamps, NOP, window scale. */
    private static final byte[] LINUX_OPTIONS = {2, 4, 0x05, (byte)0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7};

    private static int fixup(final byte[] packet, final int max)
    {
        return MssClamp.fixup(new UnsafeBuffer(packet), 0, packet.length, max);
    }

    private static int mssAt(final byte[] packet, final int optionOffset)
    {
        return u16(packet, 20 + 20 + optionOffset + 2);
    }

    @Test
    void synMssIsLoweredToTheMaximumWithARightChecksum()
    {
        final byte[] p = tcp("10.0.0.2", "192.0.2.80", SYN, MSS_1460, new byte[0]);
        assertEquals(MssClamp.CLAMPED, fixup(p, 1360));
        assertEquals(1360, mssAt(p, 0));
        assertEquals(0, Ipv4Packets.transportChecksum(p));
        assertEquals(true, Ipv4Packets.ipChecksumValid(p));
    }

    @Test
    void synAckIsClampedToo()
    {
        final byte[] p = tcp("192.0.2.80", "10.0.0.2", SYN_ACK, WINDOWS_OPTIONS, new byte[0]);
        assertEquals(MssClamp.CLAMPED, fixup(p, 1300));
        assertEquals(1300, mssAt(p, 0));
        assertEquals(0, Ipv4Packets.transportChecksum(p));
    }

    @Test
    void mssAfterOtherOptionsIsFound()
    {
        final byte[] options = {1, 3, 3, 8, 4, 2, 2, 4, 0x05, (byte)0xB4};
        final byte[] p = tcp("10.0.0.2", "192.0.2.80", SYN, options, new byte[0]);
        assertEquals(MssClamp.CLAMPED, fixup(p, 1200));
        assertEquals(1200, mssAt(p, 6));
        assertEquals(0, Ipv4Packets.transportChecksum(p));
    }

    @Test
    void mssAtAnOddOffsetKeepsTheChecksumRight()
    {
        // NOP then MSS: the MSS value starts at TCP offset 23, across two checksum words.
        final byte[] options = {1, 2, 4, 0x05, (byte)0xB4, 1, 1, 1};
        final byte[] p = tcp("10.0.0.2", "192.0.2.80", SYN, options, new byte[0]);
        assertEquals(MssClamp.CLAMPED, fixup(p, 1357));
        assertEquals(1357, u16(p, 20 + 23));
        assertEquals(0, Ipv4Packets.transportChecksum(p));
    }

    @Test
    void mssAtOrBelowTheMaximumIsUnchanged()
    {
        final byte[] p = tcp("10.0.0.2", "192.0.2.80", SYN, LINUX_OPTIONS, new byte[0]);
        final byte[] before = p.clone();
        assertEquals(MssClamp.UNCHANGED, fixup(p, 1460));
        assertArrayEquals(before, p);
    }

    @Test
    void synWithoutMssIsUnchanged()
    {
        final byte[] p = tcp("10.0.0.2", "192.0.2.80", SYN, new byte[] {1, 1, 4, 2}, new byte[0]);
        final byte[] before = p.clone();
        assertEquals(MssClamp.NO_MSS_OPTION, fixup(p, 1000));
        assertArrayEquals(before, p);
        assertEquals(MssClamp.NO_MSS_OPTION, fixup(tcp("10.0.0.2", "192.0.2.80", SYN, new byte[0], new byte[0]), 1));
    }

    @Test
    void mssAfterEndOfListIsIgnored()
    {
        final byte[] p = tcp("10.0.0.2", "192.0.2.80", SYN, new byte[] {0, 0, 0, 0, 2, 4, 0x05, (byte)0xB4}, new byte[0]);
        assertEquals(MssClamp.NO_MSS_OPTION, fixup(p, 1000));
    }

    @Test
    void segmentsWithoutSynAreUntouchedEvenWithAnMssOption()
    {
        final byte[] p = tcp("10.0.0.2", "192.0.2.80", ACK, MSS_1460, new byte[] {1, 2, 3});
        final byte[] before = p.clone();
        assertEquals(MssClamp.NOT_SYN, fixup(p, 1000));
        assertArrayEquals(before, p);
    }

    @Test
    void udpAndNonFirstFragmentsAreNotTcpSyns()
    {
        assertEquals(MssClamp.NOT_SYN, fixup(Ipv4Packets.ipv4("10.0.0.2", "192.0.2.80", 17, new byte[40]), 1000));
        final byte[] p = tcp("10.0.0.2", "192.0.2.80", SYN, MSS_1460, new byte[0]);
        p[7] = 3;  // fragment offset 24 bytes: what looks like TCP is the middle of a segment
        Ipv4Packets.fixIpChecksum(p);
        final byte[] before = p.clone();
        assertEquals(MssClamp.NOT_SYN, fixup(p, 1000));
        assertArrayEquals(before, p);
    }

    @Test
    void failsWhenTcpHeaderIsCutShort()
    {
        final byte[] p = tcp("10.0.0.2", "192.0.2.80", SYN, MSS_1460, new byte[0]);
        assertEquals(MssClamp.MALFORMED, MssClamp.fixup(new UnsafeBuffer(p), 0, 20 + 19, 1000));
    }

    @Test
    void failsWhenDataOffsetIsBelowFive()
    {
        final byte[] p = tcp("10.0.0.2", "192.0.2.80", SYN, MSS_1460, new byte[0]);
        p[20 + 12] = 0x40;
        assertEquals(MssClamp.MALFORMED, fixup(p, 1000));
    }

    @Test
    void failsWhenDataOffsetReachesBeyondThePacket()
    {
        final byte[] p = tcp("10.0.0.2", "192.0.2.80", SYN, MSS_1460, new byte[0]);
        p[20 + 12] = (byte)0x70;
        assertEquals(MssClamp.MALFORMED, fixup(p, 1000));
    }

    @Test
    void failsWhenAnOptionLengthIsBelowTwo()
    {
        final byte[] p = tcp("10.0.0.2", "192.0.2.80", SYN, new byte[] {4, 0, 2, 4, 0x05, (byte)0xB4}, new byte[0]);
        final byte[] before = p.clone();
        assertEquals(MssClamp.MALFORMED, fixup(p, 1000));
        assertArrayEquals(before, p);
    }

    @Test
    void failsWhenAnOptionRunsPastTheHeader()
    {
        final byte[] p = tcp("10.0.0.2", "192.0.2.80", SYN, new byte[] {1, 1, 8, 10}, new byte[0]);
        assertEquals(MssClamp.MALFORMED, fixup(p, 1000));
    }

    @Test
    void failsWhenTheMssOptionIsNotFourBytes()
    {
        final byte[] p = tcp("10.0.0.2", "192.0.2.80", SYN, new byte[] {2, 3, 0x05, 0}, new byte[0]);
        assertEquals(MssClamp.MALFORMED, fixup(p, 1000));
    }

    @Test
    void incrementalChecksumEqualsRecomputationForRandomSegments()
    {
        final Random random = new Random(1624);
        for (int round = 0; round < 2000; round++)
        {
            final int nops = random.nextInt(4);
            final byte[] options = new byte[nops + 4];
            Arrays.fill(options, 0, nops, (byte)1);
            final int mss = 600 + random.nextInt(65536 - 600);
            options[nops] = 2;
            options[nops + 1] = 4;
            options[nops + 2] = (byte)(mss >>> 8);
            options[nops + 3] = (byte)mss;
            final byte[] data = new byte[random.nextInt(40)];
            random.nextBytes(data);
            final byte[] p = tcp("10.0." + random.nextInt(256) + ".2", "192.0.2." + random.nextInt(256),
                random.nextBoolean() ? SYN : SYN_ACK, options, data);
            final int max = 500 + random.nextInt(1000);
            assertEquals(mss > max ? MssClamp.CLAMPED : MssClamp.UNCHANGED, fixup(p, max));
            assertEquals(Math.min(mss, max), u16(p, 20 + 20 + nops + 2));
            assertEquals(0, Ipv4Packets.transportChecksum(p), "round " + round);
        }
    }

    @Test
    void nodeClampsForwardedSynsAndCountsThem()
    {
        try (VectorBed bed = new VectorBed())
        {
            final TcpMssClampNode node = new TcpMssClampNode(bed.counters, 1360);
            final byte[] syn = tcp("10.0.0.2", "192.0.2.80", SYN, MSS_1460, new byte[0]);
            final byte[] small = tcp("10.0.0.2", "192.0.2.80", SYN, new byte[] {2, 4, 2, 0}, new byte[0]);
            final var results = bed.run(node::process, java.util.List.of(syn, small, syn));
            assertEquals(1360, mssAt(results.get(0).packet(), 0));
            assertArrayEquals(small, results.get(1).packet());
            assertEquals(PacketVector.NEXT_FORWARD, results.get(2).next());
            assertEquals(2, bed.count(IpCounter.MSS_CLAMPED));
        }
    }
}
