package io.portcullis.dataplane.l2tp;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.portcullis.dataplane.esp.NatTraversal;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.l2tp.L2tpPackets.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * l2tp-encap against whole packets written out byte by byte (their checksums computed apart
 * from the code under test, in Python): the LAN's packet → PPP → L2TP → UDP 1701 → IPv4.
 */
class L2tpEncapTest
{
    private static final int ESP_SA_HANDLE = 7;
    /** From 192.168.1.10:53 to 10.8.0.2:5353, "hello", DS field B9 (EF and ECT(1)), id 1234, DF. */
    private static final String INNER =
        "45b900211234400040115c23c0a8010a0a080002003514e9000ddb2768656c6c6f";

    private L2tpTestBed bed;

    @BeforeEach
    void setUp()
    {
        bed = new L2tpTestBed();
    }

    @AfterEach
    void tearDown()
    {
        bed.close();
    }

    private static byte[] inner()
    {
        final byte[] inner = Packets.udp(LAN_HOST, CLIENT_PPP, 53, 5353, "hello".getBytes());
        inner[1] = (byte)0xB9;
        Ipv4.updateChecksum(new UnsafeBuffer(inner), 0, 20);
        assertEquals(INNER, Packets.hex(inner));
        return inner;
    }

    @Test
    void encapsulatesWithLengthFullPppHeaderAndUdpChecksum()
    {
        final int handle = bed.add(serverSession(ESP_SA_HANDLE));

        final L2tpTestBed.Result result = bed.encap(handle, inner());

        assertEquals(PacketVector.NEXT_FORWARD, result.next());
        assertEquals(
            "45b800490001000040118dafc0000201c6336407" +  // IPv4: DSCP EF, id 1, TTL 64, UDP, server -> client
            "06a506a500351b0d" +                          // UDP 1701 -> 1701, length 53, checksum
            "4002002d33334444" +                          // L2TP data, L bit, length 45, peer's tunnel and session
            "ff030021" +                                  // PPP FF 03, IPv4
            INNER, Packets.hex(result.packet()));
        assertEquals(ESP_SA_HANDLE, result.handle(), "the ESP SA for esp4-encrypt");
        assertEquals(1, bed.count(L2tpCounter.ENCAPSULATED));
        assertEquals(1, bed.sessions.session(handle).txPackets());
        assertEquals(INNER.length() / 2, bed.sessions.session(handle).txBytes());
    }

    @Test
    void encapsulatesWithNsCompressedPppAndNoUdpChecksum()
    {
        final int handle = bed.add(serverSession(ESP_SA_HANDLE).withSequencing(true)
            .withFraming(false, false, true, true));

        final L2tpTestBed.Result first = bed.encap(handle, inner());
        final L2tpTestBed.Result second = bed.encap(handle, inner());

        assertEquals("0000", Packets.hex(first.packet()).substring(52, 56), "first Ns");
        assertEquals(
            "45b800480002000040118dafc0000201c6336407" +  // IPv4, id 2
            "06a506a500340000" +                          // UDP, no checksum
            "08023333444400010000" +                      // L2TP data, S bit, ids, Ns 1, Nr 0
            "21" +                                        // PPP with ACFC and PFC: IPv4
            INNER, Packets.hex(second.packet()));
        assertEquals(2, bed.sessions.session(handle).nextNs());
    }

    @Test
    void nsWrapsAt16Bits()
    {
        final int handle = bed.add(serverSession(ESP_SA_HANDLE).withSequencing(true));
        bed.sessions.session(handle).nextNs = 0xFFFF;
        assertEquals(0xFFFF, ByteBuffer.wrap(bed.encap(handle, inner()).packet()).getShort(36) & 0xFFFF);
        assertEquals(0, ByteBuffer.wrap(bed.encap(handle, inner()).packet()).getShort(36) & 0xFFFF);
    }

    @Test
    void encapsulatesIpv6AsPppProtocol0057()
    {
        final int handle = bed.add(serverSession(ESP_SA_HANDLE).withFraming(true, true, false, true));
        final byte[] inner = ipv6(0x2001_0db8_ffff_0000L, 1, 30);
        inner[1] = (byte)0x80;  // traffic class 0x08: DSCP 2

        final byte[] packet = bed.encap(handle, inner).packet();

        final ByteBuffer b = ByteBuffer.wrap(packet);
        assertEquals(0x08, packet[1], "outer DSCP from the traffic class");
        assertEquals(0x4002, b.getShort(28));
        assertEquals(0xFF03, b.getShort(36) & 0xFFFF);
        assertEquals(0x57, packet[38], "IPv6, compressed");
        assertArrayEquals(inner, Arrays.copyOfRange(packet, 39, packet.length));
        assertValidChecksums(packet);
    }

    @Test
    void usesTheSessionsPortsAndTrimsToTheInnerLength()
    {
        final int handle = bed.add(serverSession(ESP_SA_HANDLE).withPorts(1701, 49152));
        final byte[] inner = inner();
        final byte[] withTrailer = Arrays.copyOf(inner, inner.length + 5);

        final byte[] packet = bed.encap(handle, withTrailer).packet();

        final ByteBuffer b = ByteBuffer.wrap(packet);
        assertEquals(1701, b.getShort(20) & 0xFFFF);
        assertEquals(49152, b.getShort(22) & 0xFFFF);
        assertEquals(20 + 8 + 8 + 4 + inner.length, packet.length);
        assertValidChecksums(packet);
    }

    @Test
    void computedZeroChecksumIsSentAsAllOnes()
    {
        final int handle = bed.add(serverSession(ESP_SA_HANDLE));
        // The inner packet's last two bytes sit at UDP offsets 51 and 52, the low byte of one
        // 16-bit word and the high byte of the next: adding the checksum sent with them zero
        // brings the one's complement sum to FFFF, whose checksum is 0.
        final byte[] inner = inner();
        inner[31] = 0;
        inner[32] = 0;
        final int first = ByteBuffer.wrap(bed.encap(handle, inner).packet()).getShort(26) & 0xFFFF;
        inner[31] = (byte)first;
        inner[32] = (byte)(first >>> 8);

        final byte[] packet = bed.encap(handle, inner).packet();

        final UnsafeBuffer buf = new UnsafeBuffer(packet.clone());
        buf.putShort(26, (short)0);
        assertEquals(0, NatTraversal.transportChecksum(buf, 20, packet.length - 20, 17,
            Packets.address(SERVER), Packets.address(CLIENT)), "the computed checksum is 0");
        assertEquals((short)0xFFFF, ByteBuffer.wrap(packet).getShort(26), "and is sent as FFFF");
    }

    @Test
    void everyFramingReadsBackFieldByField()
    {
        // Length bit, S bit, ACFC and PFC: all 16 framings, IPv4 and IPv6 inside, each read back
        // by RFC 2661 §3.1 and RFC 1661/1662 rather than compared with a picture of itself.
        for (int framing = 0; framing < 16; framing++)
        {
            final boolean lengthField = (framing & 1) != 0;
            final boolean sequencing = (framing & 2) != 0;
            final boolean acfc = (framing & 4) != 0;
            final boolean pfc = (framing & 8) != 0;
            final String what = "L " + lengthField + " S " + sequencing + " ACFC " + acfc + " PFC " + pfc;
            try (L2tpTestBed framed = new L2tpTestBed())
            {
                final int handle = framed.add(serverSession(ESP_SA_HANDLE).withSequencing(sequencing)
                    .withFraming(lengthField, true, acfc, pfc));
                for (int k = 0; k < 3; k++)
                {
                    final boolean ipv4 = k != 1;
                    final byte[] inner = ipv4 ? inner() : ipv6(0x2001_0db8_ffff_0000L, 1, 17 + k);
                    if (!ipv4)
                    {
                        inner[0] = (byte)0x6B;  // traffic class B9, as the IPv4 packet's DS field
                        inner[1] = (byte)(0x90 | (inner[1] & 0x0F));
                    }
                    final byte[] packet = framed.encap(handle, inner).packet();
                    final ByteBuffer b = ByteBuffer.wrap(packet);
                    assertEquals(0x45, packet[0] & 0xFF, what);
                    final int innerTos = ipv4 ? inner[1] & 0xFF : ((inner[0] & 0x0F) << 4) | ((inner[1] & 0xF0) >>> 4);
                    assertEquals(innerTos & 0xFC, packet[1] & 0xFF, what + ": the inner DSCP, not ECN");
                    assertEquals(packet.length, b.getShort(2) & 0xFFFF, what);
                    assertEquals(k + 1, b.getShort(4) & 0xFFFF, what + ": Identification");
                    assertEquals(0, b.getShort(6), what + ": not fragmented");
                    assertEquals(0x4011, b.getShort(8) & 0xFFFF, what + ": TTL 64, UDP");
                    assertEquals(Packets.address(SERVER), b.getInt(12), what);
                    assertEquals(Packets.address(CLIENT), b.getInt(16), what);
                    assertEquals(1701, b.getShort(20) & 0xFFFF, what);
                    assertEquals(1701, b.getShort(22) & 0xFFFF, what);
                    assertEquals(packet.length - 20, b.getShort(24) & 0xFFFF, what + ": UDP length");
                    int p = 28;
                    final int flags = b.getShort(p) & 0xFFFF;
                    assertEquals(0x0002 | (lengthField ? 0x4000 : 0) | (sequencing ? 0x0800 : 0), flags, what);
                    p += 2;
                    if (lengthField)
                    {
                        assertEquals(packet.length - 28, b.getShort(p) & 0xFFFF, what + ": L2TP Length");
                        p += 2;
                    }
                    assertEquals(PEER_TUNNEL, b.getShort(p) & 0xFFFF, what);
                    assertEquals(PEER_SESSION, b.getShort(p + 2) & 0xFFFF, what);
                    p += 4;
                    if (sequencing)
                    {
                        assertEquals(k, b.getShort(p) & 0xFFFF, what + ": Ns");
                        assertEquals(0, b.getShort(p + 2), what + ": Nr");
                        p += 4;
                    }
                    if (!acfc)
                    {
                        assertEquals(0xFF03, b.getShort(p) & 0xFFFF, what);
                        p += 2;
                    }
                    final int protocol = ipv4 ? 0x21 : 0x57;
                    if (pfc)
                    {
                        assertEquals(protocol, packet[p] & 0xFF, what);
                        p += 1;
                    }
                    else
                    {
                        assertEquals(protocol, b.getShort(p) & 0xFFFF, what);
                        p += 2;
                    }
                    assertArrayEquals(inner, Arrays.copyOfRange(packet, p, packet.length), what);
                    assertValidChecksums(packet);
                }
            }
        }
    }

    private static void assertValidChecksums(final byte[] packet)
    {
        assertTrue(Packets.ipChecksumValid(packet));
        assertEquals(0, NatTraversal.transportChecksum(new UnsafeBuffer(packet), 20, packet.length - 20, 17,
            Packets.address(SERVER), Packets.address(CLIENT)), "UDP checksum");
    }
}
