package io.portcullis.dataplane.l2tp;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.l2tp.L2tpPackets.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Every reason l2tp-decap and l2tp-encap drop a packet, one test a rule, counted once under that rule. */
class L2tpDropTest
{
    private L2tpTestBed bed;
    private int handle;

    @BeforeEach
    void setUp()
    {
        bed = new L2tpTestBed();
        handle = bed.add(serverSession(0));
    }

    @AfterEach
    void tearDown()
    {
        bed.close();
    }

    private long total()
    {
        long sum = 0;
        for (final L2tpCounter counter : L2tpCounter.values())
        {
            sum += bed.count(counter);
        }
        return sum;
    }

    private void assertDecapDrops(final byte[] packet, final L2tpCounter reason)
    {
        final long before = bed.count(reason);
        final long all = total();
        final L2tpTestBed.Result result = bed.decap(packet);
        assertEquals(PacketVector.NEXT_DROP, result.next(), reason.label());
        assertNull(result.packet());
        assertEquals(before + 1, bed.count(reason), reason.label());
        assertEquals(all + 1, total(), "counted once");
    }

    private void assertEncapDrops(final int handle, final byte[] packet, final int headroom, final L2tpCounter reason)
    {
        final long before = bed.count(reason);
        final long all = total();
        final L2tpTestBed.Result result = bed.encap(handle, packet, headroom);
        assertEquals(PacketVector.NEXT_DROP, result.next(), reason.label());
        assertEquals(before + 1, bed.count(reason), reason.label());
        assertEquals(all + 1, total(), "counted once");
    }

    private static byte[] good()
    {
        return fromClient(data(ppp(0x0021, ipv4(CLIENT_PPP, LAN_HOST, 40))));
    }

    /** Changes an IPv4 header field and puts the header checksum right again. */
    private static byte[] withIpHeader(final byte[] packet, final int offset, final short value)
    {
        final byte[] copy = packet.clone();
        ByteBuffer.wrap(copy).putShort(offset, value);
        Ipv4.updateChecksum(new UnsafeBuffer(copy), 0, 20);
        return copy;
    }

    // l2tp-decap

    @Test
    void failsWhenOuterIpHeaderIsBad()
    {
        final byte[] good = good();
        assertDecapDrops(Arrays.copyOf(good, 19), L2tpCounter.BAD_IP_HEADER);
        assertDecapDrops(withIpHeader(good, 0, (short)0x6500), L2tpCounter.BAD_IP_HEADER);      // version 6
        assertDecapDrops(withIpHeader(good, 0, (short)0x4400), L2tpCounter.BAD_IP_HEADER);      // IHL 4
        assertDecapDrops(Arrays.copyOf(good, good.length - 1), L2tpCounter.BAD_IP_HEADER);      // total length past data
        assertDecapDrops(withIpHeader(good, 2, (short)19), L2tpCounter.BAD_IP_HEADER);          // total length < IHL
    }

    @Test
    void failsWhenOuterIpIsAFragment()
    {
        assertDecapDrops(withIpHeader(good(), 6, (short)0x2000), L2tpCounter.IP_FRAGMENT);      // MF
        assertDecapDrops(withIpHeader(good(), 6, (short)0x0010), L2tpCounter.IP_FRAGMENT);      // offset 128
    }

    @Test
    void failsWhenNotUdpToPort1701()
    {
        final byte[] tcp = good();
        tcp[9] = Ipv4.PROTOCOL_TCP;
        assertDecapDrops(tcp, L2tpCounter.NOT_L2TP);
        assertDecapDrops(Packets.udp(CLIENT, SERVER, 1701, 1702, data(ppp(0x0021, new byte[0]))), L2tpCounter.NOT_L2TP);
        final byte[] stub = Arrays.copyOf(good(), 27);
        ByteBuffer.wrap(stub).putShort(2, (short)27);
        assertDecapDrops(stub, L2tpCounter.NOT_L2TP);
    }

    @Test
    void failsWhenUdpLengthIsWrong()
    {
        final byte[] good = good();
        for (final int udpLength : new int[] {7, 0, good.length - 20 + 1})
        {
            final byte[] bad = good.clone();
            ByteBuffer.wrap(bad).putShort(24, (short)udpLength);
            assertDecapDrops(bad, L2tpCounter.BAD_UDP_LENGTH);
        }
    }

    @Test
    void failsWhenUdpChecksumIsWrong()
    {
        final byte[] bad = good();
        bad[bad.length - 1] ^= 0x01;
        assertDecapDrops(bad, L2tpCounter.BAD_UDP_CHECKSUM);
    }

    @Test
    void failsWhenL2tpHeaderIsTruncated()
    {
        assertDecapDrops(fromClient(new byte[] {0x40}), L2tpCounter.TRUNCATED);                    // no flags word
        assertDecapDrops(fromClient(Packets.hex("4002")), L2tpCounter.TRUNCATED);                  // no Length
        assertDecapDrops(fromClient(Packets.hex("00021111")), L2tpCounter.TRUNCATED);              // no Session ID
        assertDecapDrops(fromClient(Packets.hex("080211112222")), L2tpCounter.TRUNCATED);          // no Ns, Nr
        assertDecapDrops(fromClient(Packets.hex("020211112222")), L2tpCounter.TRUNCATED);          // no Offset Size
        assertDecapDrops(fromClient(Packets.hex("0202111122220004ffff")), L2tpCounter.TRUNCATED);  // pad past the end
    }

    @Test
    void failsWhenVersionIsNot2()
    {
        for (final int version : new int[] {0, 1, 3, 15})
        {
            assertDecapDrops(fromClient(l2tp(L | version, OUR_TUNNEL, OUR_SESSION, 0, 0, ppp(0xC021, new byte[4]))),
                L2tpCounter.BAD_VERSION);
        }
        // Control messages too: a version-3 control message is not ours to punt.
        assertDecapDrops(fromClient(l2tp(T | L | S | 3, 0, 0, 0, 0, new byte[8])), L2tpCounter.BAD_VERSION);
    }

    @Test
    void failsWhenLengthFieldDisagreesWithUdp()
    {
        for (final int delta : new int[] {-1, 1})
        {
            final byte[] message = data(ppp(0x0021, ipv4(CLIENT_PPP, LAN_HOST, 40)));
            ByteBuffer.wrap(message).putShort(2, (short)(message.length + delta));
            assertDecapDrops(fromClient(message), L2tpCounter.BAD_LENGTH);
        }
    }

    @Test
    void failsWhenSessionIsUnknown()
    {
        final byte[] frame = ppp(0x0021, ipv4(CLIENT_PPP, LAN_HOST, 40));
        assertDecapDrops(fromClient(l2tp(L | VERSION_2, OUR_TUNNEL, OUR_SESSION + 1, 0, 0, frame)),
            L2tpCounter.UNKNOWN_SESSION);
        assertDecapDrops(fromClient(l2tp(L | VERSION_2, OUR_TUNNEL + 1, OUR_SESSION, 0, 0, frame)),
            L2tpCounter.UNKNOWN_SESSION);
        assertDecapDrops(fromClient(l2tp(L | VERSION_2, OUR_TUNNEL, 0, 0, 0, frame)), L2tpCounter.UNKNOWN_SESSION);
        // The peer's ids are not ours.
        assertDecapDrops(fromClient(l2tp(L | VERSION_2, PEER_TUNNEL, PEER_SESSION, 0, 0, frame)),
            L2tpCounter.UNKNOWN_SESSION);
    }

    @Test
    void failsWhenNotFromTheSessionsPeer()
    {
        final byte[] message = data(ppp(0x0021, ipv4(CLIENT_PPP, LAN_HOST, 40)));
        assertDecapDrops(Packets.udp("198.51.100.8", SERVER, 1701, 1701, message), L2tpCounter.WRONG_PEER);
        assertDecapDrops(Packets.udp(CLIENT, SERVER, 1702, 1701, message), L2tpCounter.WRONG_PEER);
    }

    @Test
    void failsWhenNsIsBehind()
    {
        final byte[] frame = ppp(0x0021, ipv4(CLIENT_PPP, LAN_HOST, 40));
        assertEquals(PacketVector.NEXT_FORWARD,
            bed.decap(fromClient(l2tp(L | S | VERSION_2, OUR_TUNNEL, OUR_SESSION, 5, 0, frame))).next());
        for (final int ns : new int[] {5, 4, 0x8006})  // duplicate, reordered, half the space ahead
        {
            assertDecapDrops(fromClient(l2tp(L | S | VERSION_2, OUR_TUNNEL, OUR_SESSION, ns, 0, frame)),
                L2tpCounter.STALE_NS);
        }
        assertEquals(6, bed.sessions.session(handle).expectedNs(), "drops do not move the expected Ns");
    }

    @Test
    void failsWhenPppHasNoProtocol()
    {
        for (final String ppp : new String[] {"", "ff03", "ff0300", "00"})
        {
            assertDecapDrops(fromClient(data(Packets.hex(ppp))), L2tpCounter.TRUNCATED_PPP);
        }
    }

    @Test
    void failsWhenInnerIpv4HeaderIsBad()
    {
        final byte[] inner = ipv4(CLIENT_PPP, LAN_HOST, 40);
        assertDecapDrops(fromClient(data(ppp(0x0021, Arrays.copyOf(inner, 19)))), L2tpCounter.BAD_INNER_IPV4);
        assertDecapDrops(fromClient(data(ppp(0x0021, Arrays.copyOf(inner, inner.length - 1)))),
            L2tpCounter.BAD_INNER_IPV4);
        final byte[] v6 = inner.clone();
        v6[0] = 0x65;
        assertDecapDrops(fromClient(data(ppp(0x0021, v6))), L2tpCounter.BAD_INNER_IPV4);
        final byte[] shortIhl = inner.clone();
        shortIhl[0] = 0x44;
        assertDecapDrops(fromClient(data(ppp(0x0021, shortIhl))), L2tpCounter.BAD_INNER_IPV4);
    }

    @Test
    void failsWhenInnerIpv6HeaderIsBad()
    {
        final byte[] inner = ipv6(CLIENT_PREFIX, 1, 16);
        assertDecapDrops(fromClient(data(ppp(0x0057, Arrays.copyOf(inner, 39)))), L2tpCounter.BAD_INNER_IPV6);
        assertDecapDrops(fromClient(data(ppp(0x0057, Arrays.copyOf(inner, inner.length - 1)))),
            L2tpCounter.BAD_INNER_IPV6);
        assertDecapDrops(fromClient(data(ppp(0x0057, ipv4(CLIENT_PPP, LAN_HOST, 40)))), L2tpCounter.BAD_INNER_IPV6);
    }

    @Test
    void failsWhenInnerIpv4SourceIsNotTheClients()
    {
        assertDecapDrops(fromClient(data(ppp(0x0021, ipv4("10.8.0.3", LAN_HOST, 40)))),
            L2tpCounter.SPOOFED_IPV4_SOURCE);
        // Before IPCP gives the client an address, no IPv4 passes, not even from 0.0.0.0.
        bed.sessions.update(handle, serverSession(0).withClient(0, CLIENT_PREFIX));
        assertDecapDrops(fromClient(data(ppp(0x0021, ipv4("0.0.0.0", LAN_HOST, 40)))),
            L2tpCounter.SPOOFED_IPV4_SOURCE);
    }

    @Test
    void failsWhenInnerIpv6SourceIsNotInTheClientsPrefix()
    {
        assertDecapDrops(fromClient(data(ppp(0x0057, ipv6(CLIENT_PREFIX + 1, 1, 16)))),
            L2tpCounter.SPOOFED_IPV6_SOURCE);
        bed.sessions.update(handle, serverSession(0).withClient(Packets.address(CLIENT_PPP), 0));
        assertDecapDrops(fromClient(data(ppp(0x0057, ipv6(CLIENT_PREFIX, 1, 16)))),
            L2tpCounter.SPOOFED_IPV6_SOURCE);
    }

    @Test
    void failsWhenDataForASessionInsideIpsecCameInClear()
    {
        // RFC 3193 §4: a session that sends through an ESP SA takes nothing in clear (handle 0 on the way in).
        bed.sessions.update(handle, serverSession(7));
        assertDecapDrops(good(), L2tpCounter.CLEAR_FOR_IPSEC_SESSION);
        // Through an ESP SA (its SPI as the handle) the same packet is the client's.
        bed.load(List.of(good()), L2tpTestBed.HEADROOM);
        bed.vector.handle(0, 0x2000);
        bed.decap.process(bed.vector);
        assertEquals(PacketVector.NEXT_FORWARD, bed.vector.next(0));
        assertEquals(handle, bed.vector.handle(0));
    }

    // l2tp-encap

    @Test
    void failsWhenHandleNamesNoSession()
    {
        final byte[] inner = ipv4(LAN_HOST, CLIENT_PPP, 40);
        assertEncapDrops(0, inner, L2tpTestBed.HEADROOM, L2tpCounter.NO_SESSION);
        assertEncapDrops(handle + 1, inner, L2tpTestBed.HEADROOM, L2tpCounter.NO_SESSION);
        bed.sessions.remove(handle);
        assertEncapDrops(handle, inner, L2tpTestBed.HEADROOM, L2tpCounter.NO_SESSION);
    }

    @Test
    void failsWhenInnerPacketIsBad()
    {
        final byte[] inner = ipv4(LAN_HOST, CLIENT_PPP, 40);
        final byte[] v5 = inner.clone();
        v5[0] = 0x55;
        final byte[] shortIhl = inner.clone();
        shortIhl[0] = 0x44;
        final byte[] ipv6 = ipv6(0x2001_0db8_ffff_0000L, 1, 16);
        for (final byte[] bad : new byte[][] {new byte[0], v5, shortIhl, Arrays.copyOf(inner, 19),
            Arrays.copyOf(inner, inner.length - 1), Arrays.copyOf(ipv6, 39), Arrays.copyOf(ipv6, ipv6.length - 1)})
        {
            assertEncapDrops(handle, bad, L2tpTestBed.HEADROOM, L2tpCounter.BAD_INNER_PACKET);
        }
    }

    @Test
    void failsWithoutHeadroom()
    {
        // IPv4 20 + UDP 8 + L2TP with Length 8 + PPP 4 = 40 bytes.
        final byte[] inner = ipv4(LAN_HOST, CLIENT_PPP, 40);
        assertEncapDrops(handle, inner, 39, L2tpCounter.NO_HEADROOM);
        assertEquals(PacketVector.NEXT_FORWARD, bed.encap(handle, inner, 40).next());
    }

    @Test
    void failsWhenTheResultWouldExceed65535Bytes()
    {
        bed.close();
        bed = new L2tpTestBed(70_000);
        handle = bed.add(serverSession(0));
        final byte[] inner = ipv4(LAN_HOST, CLIENT_PPP, 65_535 - 28 - 39);  // one byte too many with 40 of headers
        assertEncapDrops(handle, inner, L2tpTestBed.HEADROOM, L2tpCounter.TOO_BIG);
        final byte[] fits = ipv4(LAN_HOST, CLIENT_PPP, 65_535 - 28 - 40);
        assertEquals(PacketVector.NEXT_FORWARD, bed.encap(handle, fits).next());
    }
}
