package io.portcullis.controlplane.l2tp;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.portcullis.controlplane.l2tp.LacLns.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LAC and LNS in memory: every message flow of RFC 2661 §5.1, §5.7, §7 and its failure rules. */
class TunnelSessionTest
{
    private static final byte[] LCP_CONFREQ = {(byte)0xFF, 0x03, (byte)0xC0, 0x21, 1, 1, 0, 4};

    @Test
    void incomingCallWithTunnelAuthenticationAndHiddenAvps()
    {
        final LacLns net = new LacLns(settings("lac", "s3cret").withHiding(true), settings("lns", "s3cret").withHiding(true));
        /* SCCRQ { Challenge, hidden Assigned Tunnel ID } --> <-- SCCRP { Challenge Response, Challenge } ; SCCCN --> */
        final Tunnel lacTunnel = net.openTunnel();
        assertEquals(Tunnel.State.ESTABLISHED, lacTunnel.state());
        final Tunnel lnsTunnel = net.lnsTunnel();
        assertEquals(Tunnel.State.ESTABLISHED, lnsTunnel.state());
        assertEquals(lnsTunnel.localId(), lacTunnel.peerId());
        assertEquals(lacTunnel.localId(), lnsTunnel.peerId());
        assertEquals("lns", lacTunnel.peerHostName());
        assertEquals("lac", lnsTunnel.peerHostName());
        assertTrue(net.lacToLns.sent().stream().noneMatch(sent -> hidden(sent.datagram())),
            "nothing hidden before the tunnel is up: the peer may not have loaded the secret yet");

        /* ICRQ --> <-- ICRP ; ICCN --> */
        final Session lacSession = lacTunnel.placeIncomingCall("0123");
        net.scheduler.advanceMs(1_000);
        assertEquals(Session.State.ESTABLISHED, lacSession.state());
        final Session lnsSession = net.lnsCalls.established.getFirst();
        assertEquals(Session.Direction.INCOMING, lnsSession.direction());
        assertEquals(lacSession.localId(), lnsSession.peerId());
        assertEquals(lnsSession.localId(), lacSession.peerId());
        assertEquals(1, net.lnsEvents.eventsOf(L2tpEvent.TunnelUp.class).size());
        assertEquals(1, net.lnsEvents.eventsOf(L2tpEvent.SessionUp.class).size());
        assertTrue(net.lacToLns.sent().stream().anyMatch(sent -> sent.datagram().length > 19 && sent.datagram()[19] == MessageType.ICRQ.code() &&
            hidden(sent.datagram())), "the ICRQ hid its Assigned Session ID");
        assertTrue(net.lnsToLac.sent().stream().anyMatch(sent -> sent.datagram().length > 19 && sent.datagram()[19] == MessageType.ICRP.code() &&
            hidden(sent.datagram())), "the ICRP too");

        /* PPP frames in data messages, both ways */
        lacSession.sendFrame(LCP_CONFREQ);
        lnsSession.sendFrame(LCP_CONFREQ);
        net.scheduler.advanceMs(100);
        assertArrayEquals(LCP_CONFREQ, net.lnsCalls.frames.getFirst());
        assertArrayEquals(LCP_CONFREQ, net.lacCalls.frames.getFirst());
        assertTrue(net.lnsEvents.events().stream().noneMatch(e -> e.describe().contains("s3cret")));
    }

    @Test
    void acceptsProxyLcpAndProxyAuthenticationInIccn()
    {
        final LacLns net = new LacLns(settings("lac", "k").withHiding(true), settings("lns", "k"));
        final byte[] confreq = {1, 1, 0, 10, 1, 4, 5, (byte)0xDC, 7, 2};
        final Session lacSession = net.openTunnel().placeIncomingCall("0123", List.of(
            Avp.of(AvpType.INITIAL_RECEIVED_LCP_CONFREQ, false, confreq),
            Avp.of(AvpType.LAST_SENT_LCP_CONFREQ, false, confreq),
            Avp.of(AvpType.LAST_RECEIVED_LCP_CONFREQ, false, confreq),
            Avp.u16(AvpType.PROXY_AUTHEN_TYPE, false, 2),
            Avp.text(AvpType.PROXY_AUTHEN_NAME, false, "alice"),
            Avp.of(AvpType.PROXY_AUTHEN_CHALLENGE, false, new byte[16]),
            Avp.u16(AvpType.PROXY_AUTHEN_ID, false, 7),
            Avp.of(AvpType.PROXY_AUTHEN_RESPONSE, false, new byte[16]).asHidden()));
        net.scheduler.advanceMs(1_000);
        assertEquals(Session.State.ESTABLISHED, lacSession.state());
        final ControlMessage iccn = net.lnsCalls.established.getFirst().connectMessage();
        assertEquals(MessageType.ICCN, iccn.type());
        assertArrayEquals(confreq, iccn.bytes(AvpType.LAST_RECEIVED_LCP_CONFREQ));
        assertEquals("alice", iccn.find(AvpType.PROXY_AUTHEN_NAME).text());
        assertTrue(iccn.find(AvpType.PROXY_AUTHEN_RESPONSE).hidden(), "it came hidden and was read");
        assertArrayEquals(new byte[16], iccn.bytes(AvpType.PROXY_AUTHEN_RESPONSE));
    }

    @Test
    void establishesOverLossyReorderingLink()
    {
        final LacLns net = new LacLns(settings("lac", "k"), settings("lns", "k"));
        net.lacToLns.lossRate(0.3).jitterMs(300);
        net.lnsToLac.lossRate(0.3).jitterMs(300);
        final Tunnel tunnel = net.lac.openTunnel(LacLns.LAC_ADDRESS, LacLns.PORT, LacLns.LNS_ADDRESS, LacLns.PORT);
        net.scheduler.advanceMs(60_000);
        assertEquals(Tunnel.State.ESTABLISHED, tunnel.state());
        for (int i = 0; i < 20; i++)
        {
            tunnel.placeIncomingCall("caller-" + i);
        }
        net.scheduler.advanceMs(120_000);
        assertEquals(20, net.lnsCalls.established.size());
        assertEquals(20, net.lacCalls.established.size());
        assertEquals(1, net.lns.tunnelCount(), "retransmitted SCCRQs reached the same tunnel");
    }

    @Test
    void outgoingCall()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null));
        net.openTunnel();
        /* <-- OCRQ ; OCRP --> ; OCCN --> */
        final Session lnsSession = net.lnsTunnel().placeOutgoingCall("5551234");
        net.scheduler.advanceMs(1_000);
        assertEquals(Session.State.ESTABLISHED, lnsSession.state());
        final Session lacSession = net.lacCalls.established.getFirst();
        assertEquals(Session.Direction.OUTGOING, lacSession.direction());
        assertEquals(MessageType.OCCN, lnsSession.connectMessage().type());
        assertEquals(lacSession.localId(), lnsSession.peerId());
    }

    @Test
    void cdnClearsTheSessionOnBothSides()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null));
        final Session lacSession = net.openTunnel().placeIncomingCall("1");
        net.scheduler.advanceMs(1_000);
        lacSession.disconnect(ResultCode.ADMINISTRATIVE, 0, "user hung up");
        net.scheduler.advanceMs(1_000);
        assertEquals(Session.State.CLOSED, net.lnsCalls.established.getFirst().state());
        assertTrue(net.lnsCalls.closed.getFirst().contains("CDN result 3/0 user hung up"), net.lnsCalls.closed.toString());
        assertTrue(net.lnsTunnel().sessions().isEmpty());
        assertEquals(Tunnel.State.ESTABLISHED, net.lnsTunnel().state(), "the tunnel stays");
    }

    @Test
    void stopccnClearsTunnelAndSessionsAndStateIsReleasedAfterHold()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null));
        final Tunnel lacTunnel = net.openTunnel();
        lacTunnel.placeIncomingCall("1");
        net.scheduler.advanceMs(1_000);
        net.lnsTunnel().stop(ResultCode.SHUTTING_DOWN, 0, "maintenance");
        net.scheduler.advanceMs(1_000);
        assertEquals(Tunnel.State.CLOSED, lacTunnel.state());
        assertTrue(net.lacCalls.closed.getFirst().contains("STOPCCN result 6/0 maintenance"));
        assertEquals(1, net.lnsCalls.closed.size());
        assertTrue(net.lnsTunnel().channel().idle(), "the LAC acknowledged the StopCCN");
        net.scheduler.advanceMs(5_000);
        assertEquals(0, net.lns.tunnelCount());
        assertEquals(0, net.lac.tunnelCount());
    }

    @Test
    void failsTunnelAuthenticationWithWrongSecret()
    {
        final LacLns net = new LacLns(settings("lac", "one"), settings("lns", "two"));
        final Tunnel lacTunnel = net.openTunnel();
        assertEquals(Tunnel.State.CLOSING, lacTunnel.state(), "the LAC checked the LNS's response and refused");
        net.scheduler.advanceMs(1_000);
        final String reason = net.lnsEvents.eventsOf(L2tpEvent.TunnelDown.class).getFirst().reason();
        assertTrue(reason.contains("STOPCCN result 4/0") && reason.contains("wrong Challenge Response"), reason);
    }

    @Test
    void refusesChallengeWithoutSecret()
    {
        final LacLns net = new LacLns(settings("lac", "one"), settings("lns", null));
        net.openTunnel();
        final String reason = net.lacEvents.eventsOf(L2tpEvent.TunnelDown.class).getFirst().reason();
        assertTrue(reason.contains("result 4/0") && reason.contains("no secret"), reason);
    }

    @Test
    void refusesPeerThatIgnoresOurChallenge()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", "two"));
        /* a hand-made LAC: SCCRQ --> <-- SCCRP { Challenge } ; SCCCN without Challenge Response --> */
        net.lacToLns.accept(ControlMessageCodec.encode(sccrq(0x0100, 99), 0, 0, null, new java.util.Random(1)));
        net.scheduler.advanceMs(100);
        final byte[] sccrp = net.lnsToLac.sent().getFirst().datagram();
        assertEquals(MessageType.SCCRP.code(), sccrp[19]);
        final int lnsTunnelId = net.lnsTunnel().localId();
        net.lacToLns.accept(ControlMessageCodec.encode(ControlMessage.builder(MessageType.SCCCN, lnsTunnelId, 0).build(),
            1, 1, null, new java.util.Random(1)));
        net.scheduler.advanceMs(100);
        final String reason = net.lnsEvents.eventsOf(L2tpEvent.TunnelDown.class).getFirst().reason();
        assertTrue(reason.contains("we sent StopCCN 4/0") && reason.contains("no Challenge Response in SCCCN"), reason);
    }

    private static ControlMessage sccrq(final int version, final int assignedTunnelId)
    {
        return ControlMessage.builder(MessageType.SCCRQ, 0, 0)
            .add(Avp.u16(AvpType.PROTOCOL_VERSION, true, version))
            .add(Avp.text(AvpType.HOST_NAME, true, "hand-made"))
            .add(Avp.u32(AvpType.FRAMING_CAPABILITIES, true, 3))
            .add(Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, true, assignedTunnelId)).build();
    }

    @Test
    void unknownMandatoryAvpInSessionMessageClearsOnlyTheSession()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null));
        final Tunnel lacTunnel = net.openTunnel();
        final Session lacSession = lacTunnel.placeIncomingCall("1");
        net.scheduler.advanceMs(1_000);
        lacTunnel.sendControl(ControlMessage.builder(MessageType.SLI, lacTunnel.peerId(), lacSession.peerId())
            .add(Avp.of(AvpType.ACCM, true, new byte[10]))
            .add(new Avp(0, 250, true, false, new byte[1])).build());
        net.scheduler.advanceMs(1_000);
        assertEquals(Session.State.CLOSED, lacSession.state());
        assertTrue(net.lacCalls.closed.getFirst().contains("CDN result 2/8"), net.lacCalls.closed.toString());
        assertEquals(Tunnel.State.ESTABLISHED, lacTunnel.state());
    }

    @Test
    void acceptsSetLinkInfoAndWanErrorNotifyOnAnEstablishedCall()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null));
        final Tunnel lacTunnel = net.openTunnel();
        final Session lacSession = lacTunnel.placeIncomingCall("1");
        net.scheduler.advanceMs(1_000);
        /* SLI { ACCM } --> as Windows clients send after LCP; WEN { Call Errors } --> */
        lacTunnel.sendControl(ControlMessage.builder(MessageType.SLI, lacTunnel.peerId(), lacSession.peerId())
            .add(Avp.of(AvpType.ACCM, true, new byte[] {0, 0, -1, -1, -1, -1, -1, -1, -1, -1})).build());
        lacTunnel.sendControl(ControlMessage.builder(MessageType.WEN, lacTunnel.peerId(), lacSession.peerId())
            .add(Avp.of(AvpType.CALL_ERRORS, true, new byte[26])).build());
        net.scheduler.advanceMs(1_000);
        assertEquals(Session.State.ESTABLISHED, net.lnsCalls.established.getFirst().state());
        assertEquals(Session.State.ESTABLISHED, lacSession.state());
    }

    @Test
    void unknownMandatoryAvpInCallRequestRefusesOnlyThatCall()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null));
        final Tunnel lacTunnel = net.openTunnel();
        final Session good = lacTunnel.placeIncomingCall("1");
        net.scheduler.advanceMs(1_000);
        /* ICRQ { Assigned Session ID 4242, unknown M AVP } --> <-- CDN 2/8 to session 4242 */
        lacTunnel.sendControl(ControlMessage.builder(MessageType.ICRQ, lacTunnel.peerId(), 0)
            .add(Avp.u16(AvpType.ASSIGNED_SESSION_ID, true, 4242))
            .add(Avp.u32(AvpType.CALL_SERIAL_NUMBER, true, 9))
            .add(new Avp(0, 240, true, false, new byte[2])).build());
        net.scheduler.advanceMs(1_000);
        final byte[] cdn = net.lnsToLac.sent().stream().map(LossyLink.Sent::datagram)
            .filter(d -> d.length > 19 && d[19] == MessageType.CDN.code()).findFirst().orElseThrow();
        assertEquals(4242, (cdn[6] & 0xFF) << 8 | cdn[7] & 0xFF, "the CDN goes to the refused call");
        assertEquals(Tunnel.State.ESTABLISHED, lacTunnel.state());
        assertEquals(Session.State.ESTABLISHED, good.state(), "the other call is untouched");
    }

    @Test
    void unknownMandatoryAvpInTunnelMessageClearsTheTunnel()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null));
        final Tunnel lacTunnel = net.openTunnel();
        lacTunnel.sendControl(ControlMessage.builder(MessageType.HELLO, lacTunnel.peerId(), 0)
            .add(new Avp(9, 1, true, false, new byte[4])).build());
        net.scheduler.advanceMs(1_000);
        assertEquals(Tunnel.State.CLOSED, lacTunnel.state());
        final String reason = net.lacEvents.eventsOf(L2tpEvent.TunnelDown.class).getFirst().reason();
        assertTrue(reason.contains("STOPCCN result 2/8"), reason);
    }

    @Test
    void refusesUnsupportedProtocolVersion()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null));
        final ControlMessage sccrq = sccrq(0x0300, 99);
        net.lacToLns.accept(ControlMessageCodec.encode(sccrq, 0, 0, null, new java.util.Random(1)));
        net.scheduler.advanceMs(100);
        final byte[] reply = net.lnsToLac.sent().getFirst().datagram();
        assertEquals(99, (reply[4] & 0xFF) << 8 | reply[5] & 0xFF);
        assertTrue(net.lnsEvents.eventsOf(L2tpEvent.TunnelDown.class).getFirst().reason().contains("StopCCN 5/0"));
    }

    @Test
    void unexpectedTunnelMessageIsAnFsmError()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null));
        final Tunnel lacTunnel = net.openTunnel();
        lacTunnel.sendControl(ControlMessage.builder(MessageType.SCCCN, lacTunnel.peerId(), 0).build());
        net.scheduler.advanceMs(1_000);
        assertTrue(net.lacEvents.eventsOf(L2tpEvent.TunnelDown.class).getFirst().reason().contains("result 7/0"));
    }

    @Test
    void unexpectedSessionMessageClearsTheSession()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null));
        final Tunnel lacTunnel = net.openTunnel();
        final Session lacSession = lacTunnel.placeIncomingCall("1");
        net.scheduler.advanceMs(1_000);
        lacTunnel.sendControl(ControlMessage.builder(MessageType.ICCN, lacTunnel.peerId(), lacSession.peerId())
            .add(Avp.u32(AvpType.TX_CONNECT_SPEED, true, 1)).add(Avp.u32(AvpType.FRAMING_TYPE, true, 1)).build());
        net.scheduler.advanceMs(1_000);
        assertTrue(net.lacCalls.closed.getFirst().contains("ICCN in state ESTABLISHED"), net.lacCalls.closed.toString());
    }

    @Test
    void clearsTunnelLeftHalfOpen()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null));
        /* a hand-made LAC: SCCRQ --> <-- SCCRP ; ZLB --> and never an SCCCN */
        net.lacToLns.accept(ControlMessageCodec.encode(sccrq(0x0100, 77), 0, 0, null, new java.util.Random(1)));
        net.scheduler.advanceMs(100);
        net.lacToLns.accept(ControlMessageCodec.zlb(net.lnsTunnel().localId(), 1, 1));
        net.scheduler.advanceMs(58_900);
        assertEquals(Tunnel.State.WAIT_CTL_CONN, net.lnsTunnel().state());
        net.scheduler.advanceMs(2_000);
        assertTrue(net.lnsEvents.eventsOf(L2tpEvent.TunnelDown.class).getFirst().reason().contains("not established"));
    }

    @Test
    void clearsCallLeftHalfOpen()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null));
        final Tunnel tunnel = net.openTunnel();
        net.lacToLns.drop(d -> d.length > 19 && d[19] == MessageType.ICCN.code());  // the ICCN never arrives
        tunnel.placeIncomingCall("1");
        net.scheduler.advanceMs(62_000);
        assertTrue(net.lnsTunnel().sessions().isEmpty(), "the LNS cleared the call waiting for ICCN");
        assertTrue(net.lnsEvents.eventsOf(L2tpEvent.SessionDown.class).getFirst().reason().contains("not connected"));
        assertEquals(Tunnel.State.ESTABLISHED, net.lnsTunnel().state());
    }

    @Test
    void refusesTunnelsBeyondLimit()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null).withLimits(1, 10, 100));
        final Tunnel first = net.openTunnel();
        final Tunnel second = net.openTunnel();
        assertEquals(Tunnel.State.ESTABLISHED, first.state());
        assertEquals(Tunnel.State.CLOSED, second.state());
        assertTrue(net.lacEvents.eventsOf(L2tpEvent.TunnelDown.class).getFirst().reason().contains("result 2/4 tunnel limit 1"));
        assertEquals(1, net.lns.counters().refusedTunnels);
        assertEquals(1, net.lns.tunnelCount());
    }

    @Test
    void refusesSessionsBeyondLimitPerTunnel()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null).withLimits(10, 2, 100));
        final Tunnel tunnel = net.openTunnel();
        final List<Session> calls = List.of(tunnel.placeIncomingCall("1"), tunnel.placeIncomingCall("2"),
            tunnel.placeIncomingCall("3"));
        net.scheduler.advanceMs(1_000);
        assertEquals(2, net.lnsCalls.established.size());
        assertEquals(Session.State.CLOSED, calls.get(2).state());
        assertTrue(net.lnsEvents.eventsOf(L2tpEvent.Refused.class).getFirst().reason().contains("session limit 2"));
    }

    @Test
    void limitsSetUpRatePerPeer()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null).withLimits(10, 100, 3));
        final Tunnel tunnel = net.openTunnel();  // one token
        net.scheduler.advanceMs(2_000);           // the bucket refills to 3
        for (int i = 0; i < 5; i++)
        {
            tunnel.placeIncomingCall("c" + i);
        }
        net.scheduler.advanceMs(500);
        assertEquals(3, net.lnsCalls.established.size());
        assertEquals(2, net.lns.counters().refusedSessions);
        net.scheduler.advanceMs(1_000);
        tunnel.placeIncomingCall("later");
        net.scheduler.advanceMs(500);
        assertEquals(4, net.lnsCalls.established.size(), "a second later the peer may set up again");
    }

    @Test
    void tieBreakerLeavesOneTunnel()
    {
        final LacLns net = new LacLns(settings("a", null), settings("b", null));
        final Tunnel fromLac = net.lac.openTunnel(LacLns.LAC_ADDRESS, LacLns.PORT, LacLns.LNS_ADDRESS, LacLns.PORT);
        final Tunnel fromLns = net.lns.openTunnel(LacLns.LNS_ADDRESS, LacLns.PORT, LacLns.LAC_ADDRESS, LacLns.PORT);
        net.scheduler.advanceMs(5_000);
        final long established = net.lac.tunnels().stream().filter(t -> t.state() == Tunnel.State.ESTABLISHED).count();
        assertEquals(1, established, "exactly one control connection between the pair");
        assertEquals(1, net.lns.tunnels().stream().filter(t -> t.state() == Tunnel.State.ESTABLISHED).count());
        assertTrue(fromLac.state() == Tunnel.State.ESTABLISHED ^ fromLns.state() == Tunnel.State.ESTABLISHED);
        assertEquals(1, net.lac.counters().tieBreaks + net.lns.counters().tieBreaks);
    }

    @Test
    void deadPeerDetectedByUnansweredHello()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null));
        net.openTunnel().placeIncomingCall("1");
        net.scheduler.advanceMs(1_000);
        net.lacToLns.drop(d -> true);
        net.scheduler.advanceMs(200_000);
        assertEquals(0, net.lns.tunnelCount());
        assertTrue(net.lnsEvents.eventsOf(L2tpEvent.TunnelDown.class).getFirst().reason().contains("no acknowledgement"));
        assertEquals(1, net.lnsCalls.closed.size(), "the PPP side heard the session go");
    }

    @Test
    void sendsThroughThePeersOutboundSa()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null),
            (address, port) -> address == LacLns.LAC_ADDRESS && port == LacLns.PORT ? 42 : 0);
        net.openTunnel().placeIncomingCall("1");
        net.scheduler.advanceMs(1_000);
        net.lnsCalls.established.getFirst().sendFrame(LCP_CONFREQ);
        assertTrue(net.lnsSaHandles.size() >= 3);
        assertTrue(net.lnsSaHandles.stream().allMatch(handle -> handle == 42), net.lnsSaHandles.toString());
        assertEquals(42, net.lnsTunnel().espSaHandle());
    }

    @Test
    void discardsDatagramsFromOtherAddressesAndMalformedHeaders()
    {
        final LacLns net = new LacLns(settings("lac", null), settings("lns", null));
        final Tunnel lacTunnel = net.openTunnel();
        final byte[] hello = ControlMessageCodec.encode(ControlMessage.builder(MessageType.HELLO, lacTunnel.peerId(), 0)
            .build(), 5, 5, null, new java.util.Random(1));
        net.lns.onDatagram(LacLns.LNS_ADDRESS, LacLns.PORT, 0x0A000001, LacLns.PORT, java.nio.ByteBuffer.wrap(hello), 0, 0);
        net.lns.onDatagram(LacLns.LNS_ADDRESS, LacLns.PORT, LacLns.LAC_ADDRESS, LacLns.PORT,
            java.nio.ByteBuffer.wrap(new byte[] {(byte)0xC8, 0x02, 0, 5}), 0, 0);
        assertEquals(1, net.lns.counters().unknownTunnel);
        assertEquals(1, net.lns.counters().discardedHeader);
        assertNotNull(net.lnsTunnel());
        assertEquals(Tunnel.State.ESTABLISHED, net.lnsTunnel().state(), "spoofed or broken datagrams change nothing");
    }

    private static boolean hidden(final byte[] datagram)
    {
        for (int at = 12; at + 6 <= datagram.length; at += ((datagram[at] & 0x03) << 8) | (datagram[at + 1] & 0xFF))
        {
            if ((datagram[at] & 0x40) != 0)
            {
                return true;
            }
        }
        return false;
    }
}
