package io.portcullis.controlplane.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.portcullis.controlplane.ike.isakmp.ExchangeType;
import io.portcullis.controlplane.ike.isakmp.IsakmpHeader;
import io.portcullis.controlplane.ike.proposal.ProposalPolicy;

/** Aggressive Mode with PSK (RFC 2409 §5.4): off unless configured, then as good as Main Mode for Quick Mode. */
class AggressiveModeTest
{
    static IkeConfig aggressive()
    {
        return MainModeQuickModeTest.config().withAggressiveMode(true);
    }

    @Test
    void isRefusedByDefault()
    {
        final TwoPeers peers = new TwoPeers(aggressive(), MainModeQuickModeTest.config(), false);
        peers.start(QuickModeRequest.l2tpTransport());
        assertEquals(ExchangeType.AGGRESSIVE, IsakmpHeader.read(ByteBuffer.wrap(peers.toResponder.get(0))).exchangeType());
        assertTrue(peers.toInitiator.isEmpty(), "the responder does not answer");
        assertEquals(1, peers.responder.service.droppedDatagrams());
        assertEquals(0, peers.responder.service.size());
        peers.scheduler.advanceMs(600_000);
        assertTrue(peers.initiator.events.eventsOf(IkeSaDown.class).get(0).reason().contains("did not answer"));
    }

    @Test
    void establishesQuickModeWhenEnabled()
    {
        final TwoPeers peers = new TwoPeers(aggressive(), aggressive(), false);
        final IkeSa sa = peers.start(QuickModeRequest.l2tpTransport());
        assertTrue(sa.established());
        assertEquals(6, peers.toResponder.size() + peers.toInitiator.size(), "three messages, then Quick Mode's three");
        MainModeQuickModeTest.assertPairedSas(peers);
    }

    @Test
    void establishesBehindNat()
    {
        final TwoPeers peers = new TwoPeers(aggressive(), aggressive(), true);
        final IkeSa sa = peers.start(QuickModeRequest.l2tpTransport());
        assertTrue(sa.nat().detected());
        assertEquals(Endpoint.NAT_T_PORT, sa.endpoint().localPort());
        MainModeQuickModeTest.assertPairedSas(peers);
        assertTrue(peers.responder.up.get(0).transform().encapsulation().udp());
    }

    @Test
    void failsWithWrongPreSharedKey()
    {
        final IkeConfig wrong = IkeConfig.withPsk("wrong".getBytes(StandardCharsets.US_ASCII), ProposalPolicy.defaults())
            .withAggressiveMode(true);
        final TwoPeers peers = new TwoPeers(wrong, aggressive(), false);
        final IkeSa sa = peers.start(QuickModeRequest.l2tpTransport());
        assertFalse(sa.established());
        final List<IkeSaDown> down = peers.initiator.events.eventsOf(IkeSaDown.class);
        assertTrue(down.get(0).reason().contains("HASH_R does not match"), down.get(0).reason());
        assertTrue(peers.responder.dataplane.added.isEmpty());
    }
}
