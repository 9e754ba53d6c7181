package io.portcullis.dataplane.l2tp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.esp.EspCounter;
import io.portcullis.dataplane.esp.EspTestBed;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.esp.Transforms;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.portcullis.dataplane.l2tp.L2tpPackets.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole L2TP/IPsec way, nodes run in place on one vector: l2tp-encap then esp4-encrypt
 * (transport mode, plain ESP or UDP 4500) at one end, esp4-decrypt then l2tp-decap at the
 * other. From the client, whose NAT rewrites its address after ESP: the L2TP UDP checksum,
 * computed over the private address, must still verify after esp4-decrypt's NAT-T fix-up.
 * l2tp-encap leaves its UDP checksums to esp4-encrypt's crypto burst, as in the worker, and
 * l2tp-decap verifies them at the other end (without NAT-T, where they are kept).
 */
class L2tpEspChainTest
{
    private static final String CLIENT_PRIVATE = "10.0.0.2";
    private static final int SPI_TO_CLIENT = 0x1000;
    private static final int SPI_TO_SERVER = 0x2000;

    static List<Arguments> transforms()
    {
        final List<Arguments> cases = new ArrayList<>();
        for (final Transforms t : new Transforms[] {Transforms.AES_GCM_128, Transforms.AES_CBC_256_HMAC_SHA256_128,
            Transforms.DES3_CBC_HMAC_SHA1_96})
        {
            cases.add(Arguments.of(t, false));
            cases.add(Arguments.of(t, true));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} nat-t {1}")
    @MethodSource("transforms")
    void innerPacketsSurviveL2tpAndEspBothWays(final Transforms t, final boolean natT)
    {
        // Behind a NAT the client knows itself by its private address; we see its public one.
        final String clientSelf = natT ? CLIENT_PRIVATE : CLIENT;
        final EspSaConfig.NatT udp = natT ? new EspSaConfig.NatT(4500, 4500, 0, 0) : null;
        try (EspTestBed esp = new EspTestBed(); L2tpTestBed server = new L2tpTestBed();
            L2tpTestBed client = new L2tpTestBed())
        {
            // One SA table holds both ends' SAs: SPIs and handles keep them apart.
            final int serverOut = esp.addOutbound(t.sa(SPI_TO_CLIENT, false, EspMode.TRANSPORT, false, SERVER, CLIENT,
                udp));
            esp.addInbound(t.sa(SPI_TO_CLIENT, true, EspMode.TRANSPORT, false, clientSelf, SERVER, udp));
            final int clientOut = esp.addOutbound(t.sa(SPI_TO_SERVER, false, EspMode.TRANSPORT, false, clientSelf,
                SERVER, udp));
            esp.addInbound(t.sa(SPI_TO_SERVER, true, EspMode.TRANSPORT, false, SERVER, CLIENT, udp));

            server.encap.checksumInEsp(true);
            client.encap.checksumInEsp(true);
            final int serverHandle = server.add(serverSession(serverOut).withSequencing(true));
            final int clientHandle = client.add(L2tpSessionConfig.of(PEER_TUNNEL, PEER_SESSION, OUR_TUNNEL,
                OUR_SESSION, Packets.address(clientSelf), Packets.address(SERVER), Packets.address(LAN_HOST),
                clientOut));

            final List<byte[]> toClient = new ArrayList<>();
            final List<byte[]> toServer = new ArrayList<>();
            for (final int size : new int[] {0, 1, 15, 16, 17, 500, 1300})
            {
                toClient.add(ipv4(LAN_HOST, CLIENT_PPP, size));
                toServer.add(ipv4(CLIENT_PPP, LAN_HOST, size));
            }

            final List<byte[]> wireToClient = send(server, serverHandle, esp, toClient, natT);
            assertInner(toClient, receive(client, esp, wireToClient), clientHandle);

            final List<byte[]> wireToServer = send(client, clientHandle, esp, toServer, natT);
            if (natT)
            {
                for (final byte[] packet : wireToServer)
                {
                    ByteBuffer.wrap(packet).putInt(Ipv4.SOURCE, Packets.address(CLIENT));  // the NAT
                    Ipv4.updateChecksum(new UnsafeBuffer(packet), 0, 20);
                }
            }
            assertInner(toServer, receive(server, esp, wireToServer), serverHandle);

            assertEquals(2L * toClient.size(), esp.count(EspCounter.ENCRYPTED));
            assertEquals(2L * toClient.size(), esp.count(EspCounter.DECRYPTED));
            assertEquals(toClient.size(), server.sessions.session(serverHandle).nextNs());
        }
    }

    /** l2tp-encap, then esp4-encrypt on the same vector: the packets on the wire. */
    private static List<byte[]> send(
        final L2tpTestBed l2tp, final int handle, final EspTestBed esp, final List<byte[]> inner, final boolean natT)
    {
        l2tp.load(inner, L2tpTestBed.HEADROOM);
        for (int i = 0; i < l2tp.vector.size(); i++)
        {
            l2tp.vector.handle(i, handle);
        }
        l2tp.encap.process(l2tp.vector);
        esp.outbound.process(l2tp.vector);
        final List<byte[]> wire = new ArrayList<>();
        for (final L2tpTestBed.Result result : l2tp.unload())
        {
            assertEquals(PacketVector.NEXT_FORWARD, result.next());
            assertEquals(natT ? Ipv4.PROTOCOL_UDP : Ipv4.PROTOCOL_ESP, result.packet()[Ipv4.PROTOCOL]);
            wire.add(result.packet());
        }
        return wire;
    }

    /** esp4-decrypt, then l2tp-decap on the same vector. */
    private static List<L2tpTestBed.Result> receive(final L2tpTestBed l2tp, final EspTestBed esp,
        final List<byte[]> wire)
    {
        l2tp.load(wire, L2tpTestBed.HEADROOM);
        esp.inbound.process(l2tp.vector);
        l2tp.decap.process(l2tp.vector);
        return l2tp.unload();
    }

    private static void assertInner(final List<byte[]> expected, final List<L2tpTestBed.Result> results,
        final int handle)
    {
        for (int i = 0; i < expected.size(); i++)
        {
            assertEquals(PacketVector.NEXT_FORWARD, results.get(i).next(), "packet " + i);
            assertArrayEquals(expected.get(i), results.get(i).packet(), "packet " + i);
            assertEquals(handle, results.get(i).handle(), "packet " + i);
        }
    }
}
