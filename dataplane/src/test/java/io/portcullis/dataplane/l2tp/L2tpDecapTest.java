package io.portcullis.dataplane.l2tp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.packet.PacketVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.portcullis.dataplane.l2tp.L2tpPackets.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** l2tp-decap on hand-built data messages: every header form forwarded, every other PPP protocol punted. */
class L2tpDecapTest
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

    /** Every combination of the optional L2TP fields and of PPP header compression. */
    static List<Arguments> headerForms()
    {
        final List<Arguments> forms = new ArrayList<>();
        final int[][] l2tp = {{L, 0}, {0, 0}, {L | S, 0}, {S, 0}, {O, 0}, {O, 3}, {L | S | O, 5}, {L | P, 0}};
        for (final int[] header : l2tp)
        {
            for (final boolean acfc : new boolean[] {false, true})
            {
                for (final boolean pfc : new boolean[] {false, true})
                {
                    forms.add(Arguments.of(String.format("flags %04x offset %d acfc %b pfc %b",
                        header[0] | VERSION_2, header[1], acfc, pfc), header[0] | VERSION_2, header[1], acfc, pfc));
                }
            }
        }
        return forms;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerForms")
    void forwardsTheInnerIpv4Packet(
        final String name, final int flags, final int offsetSize, final boolean acfc, final boolean pfc)
    {
        final byte[] inner = ipv4(CLIENT_PPP, LAN_HOST, 100);
        final byte[] packet = fromClient(l2tp(flags, OUR_TUNNEL, OUR_SESSION, 0, offsetSize,
            ppp(acfc, pfc, 0x0021, inner)));

        final L2tpTestBed.Result result = bed.decap(packet);

        assertEquals(PacketVector.NEXT_FORWARD, result.next());
        assertArrayEquals(inner, result.packet());
        assertEquals(handle, result.handle());
        assertEquals(1, bed.count(L2tpCounter.DECAPSULATED));
        assertEquals(1, bed.sessions.session(handle).rxPackets());
        assertEquals(inner.length, bed.sessions.session(handle).rxBytes());
    }

    @ParameterizedTest(name = "pfc {0}")
    @ValueSource(booleans = {false, true})
    void forwardsTheInnerIpv6Packet(final boolean pfc)
    {
        final byte[] inner = ipv6(CLIENT_PREFIX, 0x0211_22ff_fe33_4455L, 64);
        final L2tpTestBed.Result result = bed.decap(fromClient(data(ppp(false, pfc, 0x0057, inner))));
        assertEquals(PacketVector.NEXT_FORWARD, result.next());
        assertArrayEquals(inner, result.packet());
        assertEquals(handle, result.handle());
    }

    @Test
    void innerPacketEndsWhereItsHeaderSays()
    {
        final byte[] inner = ipv4(CLIENT_PPP, LAN_HOST, 20);
        final byte[] padded = Arrays.copyOf(inner, inner.length + 7);
        final L2tpTestBed.Result result = bed.decap(fromClient(data(ppp(0x0021, padded))));
        assertArrayEquals(inner, result.packet());
    }

    @Test
    void zeroUdpChecksumMeansNone()
    {
        final byte[] packet = fromClient(data(ppp(0x0021, ipv4(CLIENT_PPP, LAN_HOST, 10))));
        packet[26] = 0;
        packet[27] = 0;
        assertEquals(PacketVector.NEXT_FORWARD, bed.decap(packet).next());
    }

    /** LCP, PAP, CHAP, EAP, IPCP, IPV6CP, CCP, and protocols nobody here speaks (LCP rejects them). */
    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(ints = {0xC021, 0xC023, 0xC223, 0xC227, 0x8021, 0x8057, 0x80FD, 0x003D, 0x0031, 0x4021})
    void puntsEveryOtherPppProtocolUnchanged(final int protocol)
    {
        for (final boolean pfc : new boolean[] {false, true})
        {
            final byte[] packet = fromClient(data(ppp(false, pfc, protocol, lcpEchoRequest())));
            final L2tpTestBed.Result result = bed.decap(packet);
            assertEquals(PacketVector.NEXT_PUNT, result.next());
            assertArrayEquals(packet, result.packet(), "punted as it came");
            assertEquals(handle, result.handle());
        }
        assertEquals(2, bed.count(L2tpCounter.PUNT_PPP));
        assertEquals(0, bed.count(L2tpCounter.DECAPSULATED));
    }

    /** The control plane installs a session once PPP is up: until then its LCP, auth and IPCP must still get through. */
    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(ints = {0xC021, 0xC023, 0xC223, 0xC227, 0x8021, 0x8057})
    void puntsPppControlOfASessionNotInstalledYet(final int protocol)
    {
        final byte[] packet = fromClient(l2tp(L | VERSION_2, OUR_TUNNEL, OUR_SESSION + 1, 0, 0,
            ppp(protocol, lcpEchoRequest())));
        final L2tpTestBed.Result result = bed.decap(packet);
        assertEquals(PacketVector.NEXT_PUNT, result.next());
        assertArrayEquals(packet, result.packet(), "punted as it came");
        assertEquals(1, bed.count(L2tpCounter.PUNT_PPP_NEW_SESSION));
        assertEquals(0, bed.count(L2tpCounter.UNKNOWN_SESSION));
    }

    @Test
    void puntsControlMessagesWithoutASession()
    {
        // SCCRQ to tunnel 0: T L S set, Ns 0 Nr 0, then a Message Type AVP (mandatory, type 0, value 1).
        final byte[] avp = Packets.hex("8008000000000001");
        final byte[] packet = fromClient(l2tp(T | L | S | VERSION_2, 0, 0, 0, 0, avp));
        final L2tpTestBed.Result result = bed.decap(packet);
        assertEquals(PacketVector.NEXT_PUNT, result.next());
        assertArrayEquals(packet, result.packet());
        assertEquals(0, result.handle());
        assertEquals(1, bed.count(L2tpCounter.PUNT_CONTROL));
    }

    /** Neighbour discovery on the PPP link is the control plane's: link-local and unspecified sources. */
    @ParameterizedTest(name = "source prefix {0}")
    @ValueSource(longs = {0xFE80_0000_0000_0000L, 0xFEBF_0000_0000_0000L, 0})
    void puntsIpv6FromTheLink(final long sourcePrefix)
    {
        final byte[] packet = fromClient(data(ppp(0x0057, ipv6(sourcePrefix, 0, 16))));
        final L2tpTestBed.Result result = bed.decap(packet);
        assertEquals(PacketVector.NEXT_PUNT, result.next());
        assertArrayEquals(packet, result.packet());
        assertEquals(1, bed.count(L2tpCounter.PUNT_IPV6_LINK_LOCAL));
    }

    @Test
    void tracksNsAndCountsGaps()
    {
        final byte[] inner = ipv4(CLIENT_PPP, LAN_HOST, 10);
        for (final int ns : new int[] {0, 1, 5, 6})
        {
            final byte[] packet = fromClient(l2tp(L | S | VERSION_2, OUR_TUNNEL, OUR_SESSION, ns, 0,
                ppp(0x0021, inner)));
            assertEquals(PacketVector.NEXT_FORWARD, bed.decap(packet).next(), "ns " + ns);
        }
        assertEquals(3, bed.count(L2tpCounter.DATA_LOST));
        assertEquals(7, bed.sessions.session(handle).expectedNs());
    }

    @Test
    void nsWrapsAround()
    {
        bed.sessions.session(handle).expectedNs = 0xFFFE;
        final byte[] inner = ipv4(CLIENT_PPP, LAN_HOST, 10);
        for (final int ns : new int[] {0xFFFE, 0xFFFF, 0, 1})
        {
            final byte[] packet = fromClient(l2tp(S | VERSION_2, OUR_TUNNEL, OUR_SESSION, ns, 0, ppp(0x0021, inner)));
            assertEquals(PacketVector.NEXT_FORWARD, bed.decap(packet).next(), "ns " + ns);
        }
        assertEquals(0, bed.count(L2tpCounter.DATA_LOST));
        assertEquals(2, bed.sessions.session(handle).expectedNs());
    }

    @Test
    void decapsulatesAWholeVectorOfSessions()
    {
        final List<byte[]> packets = new ArrayList<>();
        final List<byte[]> inners = new ArrayList<>();
        final int[] handles = new int[8];
        for (int k = 0; k < 8; k++)
        {
            final String client = "10.8.1." + (k + 1);
            handles[k] = bed.add(new L2tpSessionConfig(OUR_TUNNEL + 1, k + 1,
                PEER_TUNNEL, k + 1, Packets.address(SERVER), 1701, Packets.address(CLIENT), 1701, false, true, true,
                false, false, Packets.address(client), 0, 0));
            final byte[] inner = ipv4(client, LAN_HOST, 30 + k);
            inners.add(inner);
            packets.add(fromClient(l2tp(L | VERSION_2, OUR_TUNNEL + 1, k + 1, 0, 0, ppp(0x0021, inner))));
        }
        final List<L2tpTestBed.Result> results = bed.decap(packets);
        for (int k = 0; k < 8; k++)
        {
            assertArrayEquals(inners.get(k), results.get(k).packet());
            assertEquals(handles[k], results.get(k).handle());
        }
        assertEquals(8, bed.count(L2tpCounter.DECAPSULATED));
    }
}
