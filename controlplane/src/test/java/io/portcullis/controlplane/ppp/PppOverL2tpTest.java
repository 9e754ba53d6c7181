package io.portcullis.controlplane.ppp;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.portcullis.controlplane.aaa.AddressPool;
import io.portcullis.controlplane.aaa.AuthFailureLimiter;
import io.portcullis.controlplane.aaa.LocalUser;
import io.portcullis.controlplane.aaa.LocalUsers;
import io.portcullis.controlplane.events.RecordingEventSink;
import io.portcullis.controlplane.l2tp.CallHandler;
import io.portcullis.controlplane.l2tp.ControlChannelConfig;
import io.portcullis.controlplane.l2tp.L2tpEndpoint;
import io.portcullis.controlplane.l2tp.L2tpSettings;
import io.portcullis.controlplane.l2tp.PeerSaLookup;
import io.portcullis.controlplane.l2tp.ResultCode;
import io.portcullis.controlplane.l2tp.Session;
import io.portcullis.controlplane.l2tp.Tshark;
import io.portcullis.controlplane.l2tp.Tunnel;
import io.portcullis.controlplane.runtime.ManualScheduler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import io.portcullis.dataplane.api.SessionTraffic;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole remote-access path in memory: an L2TP LAC with PPP clients against our LNS with its
 * PPP server, users, pool and a recording dataplane. PPP frames travel in L2TP data messages.
 */
class PppOverL2tpTest
{
    private static final int LAC = 0xC0000201;
    private static final int LNS = 0xC0000202;
    private static final int POOL_FIRST = 0x0A000A0A;  // 10.0.10.10
    private static final int DNS1 = 0x08080808;
    private static final int DNS2 = 0x01010101;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingEventSink events = new RecordingEventSink();
    private final RecordingDataplane dataplane = new RecordingDataplane();
    private AddressPool pool = new AddressPool(POOL_FIRST, POOL_FIRST + 9);
    private final Map<Session, ClientLink> clients = new HashMap<>();
    private final List<String[]> credentials = new ArrayList<>();
    private final List<AuthMethod> clientMethods = new ArrayList<>(List.of(AuthMethod.values()));
    /** Every datagram either side sent, in order: for the tshark oracle. */
    private final List<byte[]> wire = new ArrayList<>();
    private boolean dropDataToLns;
    private long idleTimeoutMs;
    private long interimIntervalMs;
    private boolean dataChecksum = true;
    private PppServer server;
    private L2tpEndpoint lac;
    private L2tpEndpoint lns;

    private void build(final List<AuthMethod> serverMethods)
    {
        final LocalUsers users = new LocalUsers(List.of(LocalUser.withPassword("alice", "wonderland", 0),
            LocalUser.withPassword("carol", "static", 0x0A000063)));
        final PppSettings settings = PppSettings.of(0x0A000001, DNS1, DNS2).withAuthentication(serverMethods)
            .withSessionTimers(idleTimeoutMs, interimIntervalMs);
        server = new PppServer(new ServerLink.Services(settings, users, pool, new AuthFailureLimiter(5, 60_000),
            dataplane, events), scheduler, new Random(3));
        final L2tpSettings l2tp = L2tpSettings.of("lns", "secret".getBytes())
            .withChannel(new ControlChannelConfig(8, 1_000, 8_000, 5, 50, 600_000), 5_000)
            .withDataChecksum(dataChecksum);
        lns = new L2tpEndpoint(scheduler, l2tp, (la, lp, ra, rp, payload, sa) -> deliver(payload, true),
            (address, port) -> 7, server, events, new Random(4));
        lac = new L2tpEndpoint(scheduler, L2tpSettings.of("lac", "secret".getBytes()),
            (la, lp, ra, rp, payload, sa) -> deliver(payload, false), PeerSaLookup.PLAIN, lacCalls(),
            new RecordingEventSink(), new Random(5));
    }

    private CallHandler lacCalls()
    {
        return new CallHandler()
        {
            @Override
            public FrameReceiver onEstablished(final Session session)
            {
                final String[] who = credentials.removeFirst();
                final ClientLink link = new ClientLink(scheduler, new Random(6), session::sendFrame, clientMethods,
                    who[0], who[1], AutomatonTimers.defaults());
                clients.put(session, link);
                link.start();
                return link::onFrame;
            }

            @Override
            public void onClosed(final Session session, final String reason)
            {
            }
        };
    }

    private void deliver(final ByteBuffer payload, final boolean toLac)
    {
        final byte[] copy = new byte[payload.remaining()];
        payload.get(copy);
        wire.add(copy);
        if (!toLac && dropDataToLns && (copy[0] & 0x80) == 0)
        {
            return;  // the client's PPP goes silent; its L2TP control channel does not
        }
        scheduler.schedule(5, () ->
        {
            if (toLac)
            {
                lac.onDatagram(LAC, 1701, LNS, 1701, ByteBuffer.wrap(copy), 0, 0);
            }
            else
            {
                lns.onDatagram(LNS, 1701, LAC, 1701, ByteBuffer.wrap(copy), 0, 0);
            }
        });
    }

    private Session call(final Tunnel tunnel, final String user, final String password)
    {
        credentials.add(new String[] {user, password});
        final Session session = tunnel.placeIncomingCall("555");
        scheduler.advanceMs(2_000);
        return session;
    }

    private Tunnel tunnel()
    {
        final Tunnel tunnel = lac.openTunnel(LAC, 1701, LNS, 1701);
        scheduler.advanceMs(1_000);
        return tunnel;
    }

    @ParameterizedTest
    @EnumSource(AuthMethod.class)
    void clientGetsAddressAndDnsAndSessionIsInstalled(final AuthMethod method)
    {
        build(List.of(method));
        final Session lacSession = call(tunnel(), "alice", "wonderland");
        final ClientLink client = clients.get(lacSession);
        assertEquals("authenticated", client.result());
        assertTrue(client.ipcp().opened());
        assertEquals(POOL_FIRST, client.ipcp().address());
        assertEquals(DNS1, client.ipcp().primaryDns());
        assertEquals(DNS2, client.ipcp().secondaryDns());
        assertEquals(0x0A000001, client.ipcp().serverAddress());

        assertEquals(1, dataplane.added.size());
        final var installed = dataplane.added.getFirst().session();
        assertEquals(POOL_FIRST, installed.clientAddress());
        assertEquals(lacSession.localId(), installed.peerSessionId());
        assertEquals(lacSession.peerId(), installed.localSessionId());
        assertEquals(LAC, installed.peerAddress());
        assertEquals(7, installed.espSaHandle(), "the tunnel's outbound SA");
        assertTrue(installed.udpChecksum(), "RFC 2661 §8.1: data messages carry UDP checksums by default");
        assertEquals(1400, dataplane.added.getFirst().mtu());
        assertEquals(1, events.eventsOf(PppEvent.AccountingStart.class).size());
        assertEquals(method, events.eventsOf(PppEvent.AuthSucceeded.class).getFirst().method());

        /* CDN --> : removed from the dataplane, address back in the pool, accounting stopped */
        lacSession.disconnect(ResultCode.ADMINISTRATIVE, 0, "bye");
        scheduler.advanceMs(1_000);
        assertEquals(1, dataplane.removed.size());
        assertEquals(installed.localSessionId(), dataplane.removed.getFirst()[1]);
        assertEquals(0, pool.leasedCount());
        assertEquals(1, events.eventsOf(PppEvent.AccountingStop.class).size());
        assertEquals(0, server.linkCount());
    }

    /** With data checksums turned off (RFC 2661 §8.1 allows it for data), the session is installed without them. */
    @Test
    void dataChecksumsOffReachTheDataplane()
    {
        dataChecksum = false;
        build(List.of(AuthMethod.MSCHAP_V2));
        final Session lacSession = call(tunnel(), "alice", "wonderland");
        assertEquals("authenticated", clients.get(lacSession).result());
        assertEquals(1, dataplane.added.size());
        assertFalse(dataplane.added.getFirst().session().udpChecksum());
    }

    /**
     * Accounting stop carries the dataplane's counts (RFC 2866 §5.3/5.4/5.8/5.9), asked for just
     * before the session is removed, so they are the final ones; without an answer it still goes
     * out after the timeout, saying the traffic was not counted.
     */
    @Test
    void accountingStopCarriesTheTrafficCountedJustBeforeRemoval()
    {
        build(List.of(AuthMethod.MSCHAP_V2));
        final Session first = call(tunnel(), "alice", "wonderland");
        final int lnsSession = dataplane.added.getFirst().session().localSessionId();
        final int lnsTunnel = dataplane.added.getFirst().session().localTunnelId();
        first.disconnect(ResultCode.ADMINISTRATIVE, 0, "bye");
        scheduler.advanceMs(1_000);
        assertEquals(List.of("query " + lnsTunnel + "/" + lnsSession, "remove " + lnsTunnel + "/" + lnsSession),
            dataplane.calls, "asked before the removal, on the same ordered rings");
        final PppEvent.AccountingStop stop = events.eventsOf(PppEvent.AccountingStop.class).getFirst();
        assertEquals(List.of(1500L, 3000L, 10L, 20L),
            List.of(stop.inputOctets(), stop.outputOctets(), stop.inputPackets(), stop.outputPackets()));
        assertTrue(stop.describe().contains("in 1500 B/10 packets, out 3000 B/20 packets"), stop.describe());

        dataplane.traffic = null;   // a dataplane that never answers
        final Session second = call(tunnel(), "alice", "wonderland");
        second.disconnect(ResultCode.ADMINISTRATIVE, 0, "bye");
        scheduler.advanceMs(ServerLink.TRAFFIC_REPLY_TIMEOUT_MS - 500);
        assertEquals(1, events.eventsOf(PppEvent.AccountingStop.class).size(), "still waiting for the counts");
        scheduler.advanceMs(1_000);
        final PppEvent.AccountingStop uncounted = events.eventsOf(PppEvent.AccountingStop.class).get(1);
        assertEquals(-1, uncounted.inputOctets());
        assertTrue(uncounted.describe().contains("traffic not counted"), uncounted.describe());
    }

    /**
     * Idle timeout: a session whose packet counts stop moving is terminated (LCP Terminate, then
     * CDN) once the timeout has passed, and accounting stop says why; one whose counts move stays.
     */
    @Test
    void anIdleSessionIsTerminatedAndABusyOneIsNot()
    {
        idleTimeoutMs = 60_000;
        build(List.of(AuthMethod.MSCHAP_V2));
        dataplane.traffic = new SessionTraffic(0, 0, 0, 0);
        final Session busy = call(tunnel(), "alice", "wonderland");
        for (int second = 0; second < 180; second += 5)
        {
            dataplane.traffic = new SessionTraffic(second * 100L, second * 100L, second, second);
            scheduler.advanceMs(5_000);
        }
        assertTrue(events.eventsOf(PppEvent.AccountingStop.class).isEmpty(), "a session moving data stays up");
        assertEquals(Session.State.ESTABLISHED, busy.state());

        scheduler.advanceMs(40_000);  // the counts stand still from here on
        assertTrue(events.eventsOf(PppEvent.AccountingStop.class).isEmpty(), "not idle for a whole minute yet");
        scheduler.advanceMs(40_000);  // past the minute and the quarter-minute between looks
        final PppEvent.AccountingStop stop = events.eventsOf(PppEvent.AccountingStop.class).getFirst();
        assertTrue(stop.reason().startsWith("idle for "), stop.describe());
        assertEquals(1, server.counters().idleTimeouts);
        assertEquals(1, dataplane.removed.size(), "the session is removed from the dataplane");
        assertEquals(0, pool.leasedCount(), "the address is back in the pool");
        assertTrue(busy.state() != Session.State.ESTABLISHED, "the L2TP session is cleared too: " + busy.state());
    }

    /** RFC 2866 Interim-Update: the traffic so far, every interval, while the session lasts. */
    @Test
    void interimAccountingReportsTheTrafficSoFar()
    {
        interimIntervalMs = 30_000;
        build(List.of(AuthMethod.MSCHAP_V2));
        final Session session = call(tunnel(), "alice", "wonderland");
        scheduler.advanceMs(65_000);
        final List<PppEvent.AccountingInterim> interim = events.eventsOf(PppEvent.AccountingInterim.class);
        assertEquals(2, interim.size());
        assertEquals(1500, interim.getFirst().inputOctets());
        assertEquals(20, interim.getFirst().outputPackets());
        assertTrue(interim.getFirst().describe().startsWith("accounting interim: alice from "), interim.getFirst().describe());
        session.disconnect(ResultCode.ADMINISTRATIVE, 0, "bye");
        scheduler.advanceMs(120_000);
        assertEquals(2, events.eventsOf(PppEvent.AccountingInterim.class).size(), "none after the session ended");
    }

    /** The whole exchange, L2TP control and PPP in data messages, dissected by tshark. */
    @Test
    void tsharkDissectsTheWholeExchange(@TempDir final Path workDir)
    {
        build(List.of(AuthMethod.MSCHAP_V2));
        call(tunnel(), "alice", "wonderland");
        final List<String> frames = Tshark.dissect(workDir, wire);
        for (final String frame : frames)
        {
            assertFalse(frame.contains("Malformed") || frame.contains("Expert Info (Error"), frame);
        }
        final String all = String.join("\n", frames);
        for (final String expected : List.of("Point-to-Point Protocol", "PPP Link Control Protocol",
            "Configuration Request", "Maximum Receive Unit: 1400", "Authentication Protocol: Challenge Handshake " +
            "Authentication Protocol (0xc223)", "Algorithm: MS-CHAP-2 (129)", "Magic Number:",
            "PPP Challenge Handshake Authentication Protocol", "Code: Challenge (1)", "Code: Response (2)",
            "Code: Success (3)", "PPP IP Control Protocol", "Configuration Nak", "IP Address: 10.0.10.10",
            "Primary DNS Address: 8.8.8.8", "Secondary DNS Address: 1.1.1.1",
            "Configuration Ack"))
        {
            assertTrue(all.contains(expected), "tshark did not show '" + expected + "'");
        }
    }

    @Test
    void preferenceOrderPicksTheBestMethodTheClientCanDo()
    {
        clientMethods.retainAll(List.of(AuthMethod.PAP, AuthMethod.CHAP_MD5));
        build(List.of(AuthMethod.MSCHAP_V2, AuthMethod.CHAP_MD5, AuthMethod.PAP));
        call(tunnel(), "alice", "wonderland");
        assertEquals(AuthMethod.CHAP_MD5, events.eventsOf(PppEvent.AuthSucceeded.class).getFirst().method());
    }

    @Test
    void wrongPasswordTearsTheSessionDownWithoutInstalling()
    {
        build(List.of(AuthMethod.MSCHAP_V2));
        final Session lacSession = call(tunnel(), "alice", "nope");
        scheduler.advanceMs(10_000);
        assertEquals(Session.State.CLOSED, lacSession.state(), "LCP terminated, then CDN");
        assertTrue(dataplane.added.isEmpty());
        assertEquals("wrong NT-Response", events.eventsOf(PppEvent.AuthFailed.class).getFirst().reason()
            .replace("RFC 2759 §8.1: ", ""));
        assertEquals(0, pool.leasedCount());
        assertEquals(1, server.counters().authFailed);
        assertEquals(0, server.counters().authSucceeded);
        assertTrue(events.events().stream().noneMatch(e -> e.describe().contains("nope") || e.describe().contains("wonderland")));
    }

    @Test
    void addressesAreNeverHandedOutTwiceAndReturnOnTeardown()
    {
        pool = new AddressPool(POOL_FIRST, POOL_FIRST + 1);
        build(List.of(AuthMethod.CHAP_MD5));
        final Tunnel tunnel = tunnel();
        final Session first = call(tunnel, "alice", "wonderland");
        final Session second = call(tunnel, "alice", "wonderland");
        final Session third = call(tunnel, "alice", "wonderland");
        assertNotEquals(clients.get(first).ipcp().address(), clients.get(second).ipcp().address());
        scheduler.advanceMs(10_000);
        assertEquals(Session.State.CLOSED, third.state(), "pool exhausted: the third client is turned away");
        assertEquals(1, server.counters().poolExhausted);
        assertEquals(2, pool.leasedCount());
        first.disconnect(ResultCode.ADMINISTRATIVE, 0, "bye");
        scheduler.advanceMs(1_000);
        final Session fourth = call(tunnel, "alice", "wonderland");
        assertEquals(clients.get(first).ipcp().address(), clients.get(fourth).ipcp().address());
    }

    @Test
    void silentClientIsDetectedByLcpEchoAndCleared()
    {
        build(List.of(AuthMethod.PAP));
        final Session lacSession = call(tunnel(), "alice", "wonderland");
        assertEquals(1, dataplane.added.size());
        dropDataToLns = true;
        scheduler.advanceMs(5 * 30_000 + 1_000);
        assertEquals(1, server.counters().linksDead);
        assertEquals(1, dataplane.removed.size());
        assertEquals(Session.State.CLOSED, lacSession.state(), "the LNS sent CDN");
        assertEquals(0, pool.leasedCount());
    }

    @Test
    void staticAddressUserGetsIt()
    {
        build(List.of(AuthMethod.PAP));
        final Session session = call(tunnel(), "carol", "static");
        assertEquals(0x0A000063, clients.get(session).ipcp().address());
        assertEquals(0, pool.leasedCount(), "a static address outside the pool takes nothing from it");
    }

    @Test
    void ipv4OnlyClientProtocolRejectsIpv6cpAndStaysUp()
    {
        build(List.of(AuthMethod.PAP));
        final Session session = call(tunnel(), "alice", "wonderland");
        assertTrue(clients.get(session).ipcp().opened());
        final ServerLink link = server.link(firstLnsSession());
        assertEquals(OptionAutomaton.State.OPENED, link.ipcpState());
        scheduler.advanceMs(10_000);
        assertEquals(OptionAutomaton.State.CLOSED, link.ipv6cpState(), "closed after the client's Protocol-Reject");
        assertEquals(OptionAutomaton.State.OPENED, link.ipcpState());
    }

    @Test
    void tunnelStopRemovesEveryClient()
    {
        build(List.of(AuthMethod.PAP));
        final Tunnel tunnel = tunnel();
        call(tunnel, "alice", "wonderland");
        call(tunnel, "alice", "wonderland");
        assertEquals(2, dataplane.added.size());
        tunnel.stop(ResultCode.CLEAR_CONTROL_CONNECTION, 0, "bye");
        scheduler.advanceMs(1_000);
        assertEquals(2, dataplane.removed.size());
        assertEquals(0, pool.leasedCount());
        assertEquals(2, events.eventsOf(PppEvent.AccountingStop.class).size());
    }

    private Session firstLnsSession()
    {
        return lns.tunnels().getFirst().sessions().getFirst();
    }
}
