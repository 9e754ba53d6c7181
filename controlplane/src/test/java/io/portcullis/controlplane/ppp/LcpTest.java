package io.portcullis.controlplane.ppp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import io.portcullis.controlplane.runtime.ManualScheduler;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two LCP automata (RFC 1661) talking in memory: negotiation, failures, termination, keepalive. */
class LcpTest
{
    private final ManualScheduler scheduler = new ManualScheduler();
    private final Random loss = new Random(5);

    /** One side: LCP options, the automaton, what it sent and heard. */
    private final class Side implements Lcp.Listener
    {
        final List<byte[]> sent = new ArrayList<>();
        final List<String> log = new ArrayList<>();
        Lcp lcp;
        OptionAutomaton automaton;
        Side peer;
        Predicate<byte[]> drop = packet -> false;
        double lossRate;

        Side(final List<AuthMethod> offered, final List<AuthMethod> accepted, final long seed)
        {
            lcp = new Lcp(scheduler, new Random(seed), this::send, this, offered, accepted, 1400, 10_000, 3);
            automaton = new OptionAutomaton("lcp", PppProtocol.LCP, scheduler, AutomatonTimers.defaults(), lcp,
                this::send);
        }

        void send(final int protocol, final byte[] packet)
        {
            sent.add(packet);
            if (drop.test(packet) || loss.nextDouble() < lossRate)
            {
                return;
            }
            scheduler.schedule(5, () -> peer.receive(packet));
        }

        void receive(final byte[] packet)
        {
            try
            {
                automaton.receive(ControlPacket.read(packet));
            }
            catch (final PppException ex)
            {
                log.add("malformed " + ex.getMessage());
            }
        }

        @Override
        public void lcpUp()
        {
            log.add("up");
        }

        @Override
        public void lcpDown()
        {
            log.add("down");
        }

        @Override
        public void lcpFinished()
        {
            log.add("finished");
        }

        @Override
        public void linkDead(final String reason)
        {
            log.add("dead " + reason);
        }

        @Override
        public void protocolRejected(final int protocol)
        {
            log.add("protocol-reject " + Integer.toHexString(protocol));
        }
    }

    private final Side server = new Side(List.of(AuthMethod.MSCHAP_V2, AuthMethod.CHAP_MD5, AuthMethod.PAP), List.of(), 1);
    private final Side client = new Side(List.of(), List.of(AuthMethod.CHAP_MD5, AuthMethod.PAP), 2);

    {
        server.peer = client;
        client.peer = server;
    }

    private void start()
    {
        for (final Side side : List.of(server, client))
        {
            side.automaton.open();
            side.automaton.up();
        }
    }

    @Test
    void negotiatesAuthenticationByPreferenceOverLoss()
    {
        server.lossRate = 0.3;
        client.lossRate = 0.3;
        start();
        scheduler.advanceMs(60_000);
        assertEquals(OptionAutomaton.State.OPENED, server.automaton.state());
        assertEquals(OptionAutomaton.State.OPENED, client.automaton.state());
        assertEquals(AuthMethod.CHAP_MD5, server.lcp.authenticatorMethod(), "MS-CHAPv2 Nak'd, CHAP taken");
        assertEquals(AuthMethod.CHAP_MD5, client.lcp.peerRequestedAuth());
        assertEquals(1400, client.lcp.peerMru());
    }

    @Test
    void peerRefusingEveryMethodIsDetected()
    {
        final Side stubborn = new Side(List.of(), List.of(), 3);
        server.peer = stubborn;
        stubborn.peer = server;
        server.automaton.open();
        server.automaton.up();
        stubborn.automaton.open();
        stubborn.automaton.up();
        scheduler.advanceMs(10_000);
        assertTrue(server.lcp.authenticationRefused(), "the peer rejected Authentication-Protocol");
    }

    @Test
    void terminateClosesBothSides()
    {
        start();
        scheduler.advanceMs(1_000);
        server.automaton.close("admin");
        scheduler.advanceMs(100);
        assertEquals(OptionAutomaton.State.CLOSED, server.automaton.state());
        assertEquals(OptionAutomaton.State.STOPPING, client.automaton.state());
        scheduler.advanceMs(3_100);
        assertEquals(OptionAutomaton.State.STOPPED, client.automaton.state(), "after one Restart period (zrc)");
        assertTrue(client.log.contains("down") && client.log.contains("finished"));
    }

    @Test
    void givesUpAfterMaxConfigure()
    {
        server.drop = packet -> true;
        start();
        scheduler.advanceMs(100_000);
        final long requests = server.sent.stream().filter(p -> p[0] == ControlPacket.CONFIGURE_REQUEST).count();
        assertEquals(10, requests);
        assertEquals(OptionAutomaton.State.STOPPED, server.automaton.state());
        assertTrue(server.log.contains("finished"));
    }

    @Test
    void naksTurnIntoRejectAfterMaxFailure()
    {
        start();
        scheduler.advanceMs(1_000);
        server.sent.clear();
        // a peer that insists on MRU 100 six times
        for (int i = 0; i < 6; i++)
        {
            server.receive(new ControlPacket(ControlPacket.CONFIGURE_REQUEST, 50 + i, new byte[] {1, 4, 0, 100}).encode());
        }
        final List<Integer> codes = server.sent.stream().map(p -> (int)p[0])
            .filter(code -> code == ControlPacket.CONFIGURE_NAK || code == ControlPacket.CONFIGURE_REJECT).toList();
        assertEquals(List.of(3, 3, 3, 3, 3, 4), codes);
        assertArrayEquals(new byte[] {4, 55, 0, 8, 1, 4, 0, 100}, server.sent.getLast(), "the Reject copies the request");
    }

    @Test
    void answersUnknownCodeWithCodeReject()
    {
        start();
        scheduler.advanceMs(1_000);
        final byte[] odd = new ControlPacket(99, 7, new byte[] {1, 2}).encode();
        server.receive(odd);
        final byte[] reply = server.sent.getLast();
        assertEquals(ControlPacket.CODE_REJECT, reply[0]);
        assertEquals(99, reply[4] & 0xFF, "the rejected packet follows the header (§5.6)");
    }

    @Test
    void naksOurOwnMagicNumberComingBack() throws PppException
    {
        start();
        scheduler.advanceMs(1_000);
        final byte[] request = server.sent.stream().filter(p -> p[0] == ControlPacket.CONFIGURE_REQUEST).toList().getLast();
        final List<ConfigOption> magic = ConfigOption.readAll(ControlPacket.read(request).data()).stream()
            .filter(option -> option.type() == Lcp.MAGIC_NUMBER).toList();
        server.receive(new ControlPacket(ControlPacket.CONFIGURE_REQUEST, 90, ConfigOption.writeAll(magic)).encode());
        final byte[] reply = server.sent.getLast();
        assertEquals(ControlPacket.CONFIGURE_NAK, reply[0]);
        assertEquals(Lcp.MAGIC_NUMBER, reply[4]);
    }

    @Test
    void echoKeepaliveDetectsDeadPeer()
    {
        start();
        scheduler.advanceMs(25_000);
        assertFalse(server.log.stream().anyMatch(line -> line.startsWith("dead")), "echoes answered");
        assertTrue(server.sent.stream().anyMatch(p -> p[0] == ControlPacket.ECHO_REQUEST));
        assertTrue(client.sent.stream().anyMatch(p -> p[0] == ControlPacket.ECHO_REPLY));
        client.drop = packet -> true;
        scheduler.advanceMs(60_000);
        assertTrue(server.log.stream().anyMatch(line -> line.contains("no LCP Echo-Reply to 3")), server.log.toString());
    }

    @Test
    void discardsMalformedOptionsAndPackets()
    {
        start();
        scheduler.advanceMs(1_000);
        server.receive(new ControlPacket(ControlPacket.CONFIGURE_REQUEST, 9, new byte[] {1, 9, 0}).encode());
        assertEquals(1, server.automaton.discarded());
        server.receive(new byte[] {1, 1, 0, 9, 0});
        assertTrue(server.log.getLast().contains("RFC 1661 §5: Length 9"));
    }

    @Test
    void recordsCompressionTheClientAsksFor()
    {
        start();
        scheduler.advanceMs(1_000);
        server.receive(new ControlPacket(ControlPacket.CONFIGURE_REQUEST, 77, new byte[] {7, 2, 8, 2}).encode());
        assertTrue(server.lcp.peerPfc() && server.lcp.peerAcfc());
        assertNull(server.lcp.peerRequestedAuth());
    }

    private static void assertArrayEquals(final byte[] expected, final byte[] actual, final String message)
    {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, message);
    }
}
