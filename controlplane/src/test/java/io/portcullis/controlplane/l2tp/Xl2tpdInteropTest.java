package io.portcullis.controlplane.l2tp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.portcullis.controlplane.events.RecordingEventSink;
import io.portcullis.controlplane.runtime.EventLoop;
import io.portcullis.dataplane.api.ControlPacketListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our L2TP control plane against xl2tpd, the stock Linux L2TP daemon, over real UDP in a network
 * namespace this test creates. Control-channel interop only: the host kernel has no PPP
 * (/dev/ppp), so the pppd xl2tpd starts for the session fails and xl2tpd then clears the call;
 * that comes after what these tests check (tunnel authentication both ways, hidden AVPs both
 * ways, tunnel and session establishment). Full PPP interop needs the client VM.
 */
class Xl2tpdInteropTest
{
    private static final byte[] SECRET = "interop-secret".getBytes(StandardCharsets.US_ASCII);
    private static final long WAIT_S = 30;

    @TempDir
    Path workDir;

    /** A CallHandler that counts sessions coming up. */
    private static final class Calls implements CallHandler
    {
        final CountDownLatch up = new CountDownLatch(1);
        final List<String> closed = new CopyOnWriteArrayList<>();

        @Override
        public FrameReceiver onEstablished(final Session session)
        {
            up.countDown();
            return frame -> { };
        }

        @Override
        public void onClosed(final Session session, final String reason)
        {
            closed.add(reason);
        }
    }

    /** Our endpoint on the root side, with what it sent, received and reported. */
    private record Ours(L2tpEndpoint endpoint, Calls calls, RecordingEventSink events, List<byte[]> sent,
        List<byte[]> received)
    {
        static Ours start(final EventLoop loop, final UdpL2tpSocket socket, final String hostName)
        {
            final Calls calls = new Calls();
            final RecordingEventSink events = new RecordingEventSink();
            final List<byte[]> sent = new CopyOnWriteArrayList<>();
            final List<byte[]> received = new CopyOnWriteArrayList<>();
            final L2tpEndpoint endpoint = new L2tpEndpoint(loop, L2tpSettings.of(hostName, SECRET).withHiding(true),
                recordingTransport(socket, sent), PeerSaLookup.PLAIN, calls, events, new SecureRandom());
            socket.start(loop, recording(endpoint, received));
            return new Ours(endpoint, calls, events, sent, received);
        }
    }

    /** A test body run with a fresh namespace, xl2tpd not yet started, an event loop and our socket. */
    @FunctionalInterface
    private interface InteropBody
    {
        void run(PeerNamespace ns, EventLoop loop, UdpL2tpSocket socket) throws Exception;
    }

    private void withXl2tpd(final InteropBody body) throws Exception
    {
        try (PeerNamespace ns = PeerNamespace.create(workDir);
             EventLoop loop = new EventLoop("l2tp-interop");
             UdpL2tpSocket socket = UdpL2tpSocket.bind(ns.ourAddress, 1701))
        {
            body.run(ns, loop, socket);
        }
    }

    @Test
    void xl2tpdLacSetsUpTunnelAndSessionWithOurLns() throws Exception
    {
        withXl2tpd((ns, loop, socket) ->
        {
            final Ours lns = Ours.start(loop, socket, "portcullis");
            ns.startXl2tpd(lacConfig(ns, true), new String(SECRET, StandardCharsets.US_ASCII));
            assertTrue(lns.calls.up.await(WAIT_S, TimeUnit.SECONDS), "no session within " + WAIT_S + " s; events " +
                lns.events.events() + "\nxl2tpd:\n" + ns.log());

            final Tunnel tunnel = onLoop(loop, () -> lns.endpoint.tunnels().getFirst());
            assertEquals("xl2tpd-lac", onLoop(loop, tunnel::peerHostName));
            assertEquals(1, lns.events.eventsOf(L2tpEvent.TunnelUp.class).size());
            assertTrue(lns.sent.stream().anyMatch(d -> isMessage(d, MessageType.ICRP) && hasHiddenAvp(d)),
                "our ICRP hid its Assigned Session ID, and xl2tpd read it (it answered with ICCN)");
            assertTrue(lns.received.stream().anyMatch(d -> avpWith(d, AvpType.CHALLENGE.code(), false)),
                "xl2tpd challenged us and accepted our response (it went on to ICRQ)");
            assertTrue(lns.received.stream().anyMatch(d -> avpWith(d, AvpType.CHALLENGE_RESPONSE.code(), false)),
                "xl2tpd answered our Challenge (a wrong answer gets StopCCN 4)");
        });
    }

    @Test
    void ourLnsRefusesXl2tpdWithWrongSecret() throws Exception
    {
        withXl2tpd((ns, loop, socket) ->
        {
            final Ours lns = Ours.start(loop, socket, "portcullis");
            ns.startXl2tpd(lacConfig(ns, false), "not-the-secret");  // only we challenge: our refusal
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
            while (lns.events.eventsOf(L2tpEvent.TunnelDown.class).isEmpty() && System.nanoTime() < deadline)
            {
                Thread.sleep(50);
            }
            final String reason = lns.events.eventsOf(L2tpEvent.TunnelDown.class).getFirst().reason();
            assertTrue(reason.contains("StopCCN 4/0") && reason.contains("Challenge Response"), reason);
            assertTrue(lns.events.eventsOf(L2tpEvent.TunnelUp.class).isEmpty());
        });
    }

    @Test
    void ourLacSetsUpTunnelAndSessionWithXl2tpdLns() throws Exception
    {
        withXl2tpd((ns, loop, socket) ->
        {
            final Ours lac = Ours.start(loop, socket, "portcullis-lac");
            ns.startXl2tpd("""
                [global]
                listen-addr = %s
                auth file = @SECRETS@
                [lns default]
                ip range = 10.99.0.10-10.99.0.20
                local ip = 10.99.0.1
                hidden bit = yes
                challenge = yes
                length bit = yes
                hostname = xl2tpd-lns
                pppoptfile = @PPPOPTS@
                """.formatted(PeerNamespace.dotted(ns.theirAddress)), new String(SECRET, StandardCharsets.US_ASCII));
            ns.awaitLog("Listening on IP address", WAIT_S);
            final Tunnel tunnel = onLoop(loop, () -> lac.endpoint.openTunnel(ns.ourAddress, 1701, ns.theirAddress, 1701));
            waitFor(loop, () -> tunnel.state() == Tunnel.State.ESTABLISHED, ns);
            assertEquals("xl2tpd-lns", onLoop(loop, tunnel::peerHostName));
            final Session session = onLoop(loop, () -> tunnel.placeIncomingCall("interop"));
            assertTrue(lac.calls.up.await(WAIT_S, TimeUnit.SECONDS), "xl2tpd sent no ICRP; events " + lac.events.events() +
                "\nxl2tpd:\n" + ns.log());
            assertTrue(onLoop(loop, session::peerId) != 0, "xl2tpd assigned its session id in ICRP");
            assertTrue(lac.sent.stream().anyMatch(d -> isMessage(d, MessageType.ICRQ) && hasHiddenAvp(d)),
                "our ICRQ hid its Assigned Session ID, and xl2tpd read it (it answered with ICRP)");
        });
    }

    private static String lacConfig(final PeerNamespace ns, final boolean challenge)
    {
        return """
            [global]
            listen-addr = %s
            auth file = @SECRETS@
            [lac portcullis]
            lns = %s
            autodial = yes
            redial = no
            hidden bit = yes
            challenge = %s
            length bit = yes
            hostname = xl2tpd-lac
            pppoptfile = @PPPOPTS@
            """.formatted(PeerNamespace.dotted(ns.theirAddress), PeerNamespace.dotted(ns.ourAddress),
            challenge ? "yes" : "no");
    }

    private static L2tpTransport recordingTransport(final L2tpTransport transport, final List<byte[]> sent)
    {
        return (la, lp, ra, rp, payload, sa) ->
        {
            final byte[] copy = new byte[payload.remaining()];
            payload.duplicate().get(copy);
            sent.add(copy);
            transport.send(la, lp, ra, rp, payload, sa);
        };
    }

    private static ControlPacketListener recording(final L2tpEndpoint endpoint, final List<byte[]> received)
    {
        return (la, lp, ra, rp, payload, spi, ns) ->
        {
            final byte[] copy = new byte[payload.remaining()];
            payload.duplicate().get(copy);
            received.add(copy);
            endpoint.onDatagram(la, lp, ra, rp, payload, spi, ns);
        };
    }

    private static boolean isMessage(final byte[] datagram, final MessageType type)
    {
        return datagram.length >= 20 && (datagram[0] & 0x80) != 0 && datagram[19] == type.code();
    }

    private static boolean hasHiddenAvp(final byte[] datagram)
    {
        return avpWith(datagram, -1, true);
    }

    /** Walks the AVPs of a control message: one of {@code type} (any if -1), hidden if asked. */
    private static boolean avpWith(final byte[] datagram, final int type, final boolean hidden)
    {
        if (datagram.length < 12 || (datagram[0] & 0x80) == 0)
        {
            return false;
        }
        final ByteBuffer b = ByteBuffer.wrap(datagram);
        for (int at = 12; at + 6 <= datagram.length; )
        {
            final int bits = b.getShort(at) & 0xFFFF;
            final int length = bits & 0x3FF;
            if ((type < 0 || (b.getShort(at + 4) & 0xFFFF) == type) && (!hidden || (bits & 0x4000) != 0))
            {
                return true;
            }
            if (length < 6)
            {
                return false;
            }
            at += length;
        }
        return false;
    }

    private static <T> T onLoop(final EventLoop loop, final Callable<T> read) throws Exception
    {
        final CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() ->
        {
            try
            {
                result.complete(read.call());
            }
            catch (final Exception ex)
            {
                result.completeExceptionally(ex);
            }
        });
        return result.get(WAIT_S, TimeUnit.SECONDS);
    }

    private static void waitFor(final EventLoop loop, final Callable<Boolean> condition, final PeerNamespace ns)
        throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!onLoop(loop, condition))
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("condition not met in " + WAIT_S + " s\nxl2tpd:\n" + ns.log());
            }
            Thread.sleep(100);
        }
    }
}
