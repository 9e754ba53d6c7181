package io.portcullis.dataplane.l2tp;

import java.util.ArrayList;
import java.util.List;

import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.packet.PacketVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.portcullis.dataplane.l2tp.L2tpPackets.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two ends of one session, each with its own table, the second the mirror of the first: what
 * one end's l2tp-encap sends, the other's l2tp-decap turns back into the same inner packet, for
 * every framing a session can negotiate, in both directions.
 */
class L2tpRoundTripTest
{
    static List<Arguments> framings()
    {
        final List<Arguments> framings = new ArrayList<>();
        for (int bits = 0; bits < 32; bits++)
        {
            framings.add(Arguments.of((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0,
                (bits & 16) != 0));
        }
        return framings;
    }

    /** The client's end: our ids swapped with the peer's; what it accepts comes from the LAN host. */
    static L2tpSessionConfig mirror(final L2tpSessionConfig server)
    {
        return new L2tpSessionConfig(server.peerTunnelId(), server.peerSessionId(), server.localTunnelId(),
            server.localSessionId(), server.peerAddress(), server.peerPort(), server.localAddress(),
            server.localPort(), server.sequencing(), server.lengthField(), server.udpChecksum(),
            server.addressControlCompression(), server.protocolCompression(), Packets.address(LAN_HOST),
            0x2001_0db8_ffff_0000L, 0);
    }

    @ParameterizedTest(name = "seq {0} length {1} checksum {2} acfc {3} pfc {4}")
    @MethodSource("framings")
    void innerPacketsComeOutAsTheyWentIn(
        final boolean sequencing, final boolean length, final boolean checksum, final boolean acfc, final boolean pfc)
    {
        try (L2tpTestBed server = new L2tpTestBed(); L2tpTestBed client = new L2tpTestBed())
        {
            final L2tpSessionConfig config = serverSession(0).withSequencing(sequencing)
                .withFraming(length, checksum, acfc, pfc);
            final int serverHandle = server.add(config);
            final int clientHandle = client.add(mirror(config));

            final List<byte[]> toClient = new ArrayList<>();
            final List<byte[]> toServer = new ArrayList<>();
            for (final int size : new int[] {0, 1, 2, 3, 100, 1372})
            {
                toClient.add(ipv4(LAN_HOST, CLIENT_PPP, size));
                toServer.add(ipv4(CLIENT_PPP, LAN_HOST, size));
            }
            toClient.add(ipv6(0x2001_0db8_ffff_0000L, 9, 60));
            toServer.add(ipv6(CLIENT_PREFIX, 9, 60));

            assertArrayEqualsAll(toClient, through(server, serverHandle, client, toClient), clientHandle);
            assertArrayEqualsAll(toServer, through(client, clientHandle, server, toServer), serverHandle);
            assertEquals(toClient.size(), server.sessions.session(serverHandle).txPackets());
            assertEquals(toClient.size(), client.sessions.session(clientHandle).rxPackets());
            assertEquals(server.sessions.session(serverHandle).txBytes(),
                client.sessions.session(clientHandle).rxBytes());
            assertEquals(0, client.count(L2tpCounter.DATA_LOST) + server.count(L2tpCounter.DATA_LOST));
        }
    }

    /** One vector through {@code from}'s l2tp-encap, its packets then through {@code to}'s l2tp-decap. */
    private static List<L2tpTestBed.Result> through(
        final L2tpTestBed from, final int handle, final L2tpTestBed to, final List<byte[]> inner)
    {
        from.load(inner, L2tpTestBed.HEADROOM);
        for (int i = 0; i < from.vector.size(); i++)
        {
            from.vector.handle(i, handle);
        }
        from.encap.process(from.vector);
        final List<byte[]> wire = new ArrayList<>();
        for (final L2tpTestBed.Result result : from.unload())
        {
            assertEquals(PacketVector.NEXT_FORWARD, result.next());
            wire.add(result.packet());
        }
        return to.decap(wire);
    }

    private static void assertArrayEqualsAll(
        final List<byte[]> expected, final List<L2tpTestBed.Result> results, final int handle)
    {
        assertEquals(expected.size(), results.size());
        for (int i = 0; i < expected.size(); i++)
        {
            assertEquals(PacketVector.NEXT_FORWARD, results.get(i).next(), "packet " + i);
            assertArrayEquals(expected.get(i), results.get(i).packet(), "packet " + i);
            assertEquals(handle, results.get(i).handle());
        }
    }
}
