package io.portcullis.controlplane.ike;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.portcullis.controlplane.ike.crypto.DiffieHellmanGroup;
import io.portcullis.controlplane.ike.proposal.ProposalPolicy;
import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;

/** Main Mode (PSK) then Quick Mode between our own initiator and responder, in memory. */
class MainModeQuickModeTest
{
    static final byte[] PSK = "correct horse battery staple".getBytes(StandardCharsets.US_ASCII);

    static IkeConfig config()
    {
        return IkeConfig.withPsk(PSK, ProposalPolicy.defaults());
    }

    /** Each side's inbound SA is the other's outbound one, with the same keys. */
    static void assertPairedSas(final TwoPeers peers)
    {
        final ChildSa i = peers.initiator.up.get(0);
        final ChildSa r = peers.responder.up.get(0);
        assertEquals(i.inboundSpi(), r.outboundSpi());
        assertEquals(i.outboundSpi(), r.inboundSpi());
        for (final int spi : new int[] {i.inboundSpi(), i.outboundSpi()})
        {
            final EspSaConfig atInitiator = peers.initiator.dataplane.sa(spi, spi == i.inboundSpi());
            final EspSaConfig atResponder = peers.responder.dataplane.sa(spi, spi != i.inboundSpi());
            assertNotNull(atInitiator);
            assertNotNull(atResponder);
            assertArrayEquals(atInitiator.cipherKey(), atResponder.cipherKey());
            assertArrayEquals(atInitiator.integrityKey(), atResponder.integrityKey());
            assertEquals(atInitiator.cipher(), atResponder.cipher());
        }
    }

    @Test
    void establishesL2tpTransportSa()
    {
        final TwoPeers peers = new TwoPeers(config(), config(), false);
        final IkeSa sa = peers.start(QuickModeRequest.l2tpTransport());
        assertTrue(sa.established());
        assertEquals(1, peers.initiator.events.eventsOf(IkeSaUp.class).size());
        assertEquals(1, peers.responder.events.eventsOf(IkeSaUp.class).size());
        assertEquals(1, peers.responder.events.eventsOf(QuickModeSaUp.class).size());
        assertPairedSas(peers);
        final ChildSa r = peers.responder.up.get(0);
        assertTrue(r.isL2tpTransport());
        assertEquals(ChildSa.L2TP_PORT, r.localPort());
        final EspSaConfig inbound = peers.responder.dataplane.sa(r.inboundSpi(), true);
        assertEquals(EspMode.TRANSPORT, inbound.mode());
        assertNull(inbound.natT());
        assertEquals(32, inbound.cipherKey().length, "AES-256 from the default offer");
        assertEquals(TwoPeers.INITIATOR_ADDRESS, inbound.remoteAddress());
        assertEquals(r.outboundHandle(), peers.responder.dataplane.added.get(1).handle());
        assertTrue(peers.initiator.events.eventsOf(IkeSaUp.class).get(0).describe().contains("AES_CBC-256"));
    }

    /** Phase-2 rekey: the new SA pair takes over the old outbound handle, so L2TP sessions naming it follow. */
    @Test
    void aRenewedChildSaKeepsItsOutboundHandle()
    {
        final TwoPeers peers = new TwoPeers(config(), config(), false);
        final IkeSa sa = peers.start(QuickModeRequest.l2tpTransport());
        /* HDR*, HASH(1), SA, Ni [, IDci, IDcr ] --> a second Quick Mode with the same selectors */
        peers.initiator.service.initiateQuickMode(sa, QuickModeRequest.l2tpTransport());
        peers.scheduler.runPending();
        assertEquals(2, peers.responder.up.size());
        final ChildSa old = peers.responder.up.get(0);
        final ChildSa renewed = peers.responder.up.get(1);
        assertTrue(old.inboundSpi() != renewed.inboundSpi());
        assertEquals(old.outboundHandle(), renewed.outboundHandle());
        assertEquals(peers.initiator.up.get(0).outboundHandle(), peers.initiator.up.get(1).outboundHandle());
    }

    @Test
    void establishesTunnelModeWithPfs()
    {
        final IkeConfig site = config().withSelectors(SelectorPolicy.l2tpOnly()
            .withTunnel(new SelectorPolicy.Tunnel(0x0a020000, 0xffff0000, 0x0a010000, 0xffff0000)));
        final TwoPeers peers = new TwoPeers(config(), site, false);
        peers.start(QuickModeRequest.tunnel(0x0a010000, 0xffff0000, 0x0a020000, 0xffff0000)
            .withPfs(DiffieHellmanGroup.ECP_256));
        assertPairedSas(peers);
        final ChildSa r = peers.responder.up.get(0);
        assertEquals(EspMode.TUNNEL, peers.responder.dataplane.sa(r.inboundSpi(), true).mode());
        assertEquals(DiffieHellmanGroup.ECP_256, r.transform().pfsGroup());
    }

    @Test
    void floatsToPort4500AndEncapsulatesBehindNat()
    {
        final TwoPeers peers = new TwoPeers(config(), config(), true);
        final IkeSa sa = peers.start(QuickModeRequest.l2tpTransport());
        assertTrue(sa.nat().detected());
        assertTrue(sa.nat().localBehindNat(), "the initiator sees its own address rewritten");
        assertEquals(Endpoint.NAT_T_PORT, sa.endpoint().localPort());
        assertPairedSas(peers);
        final ChildSa r = peers.responder.up.get(0);
        assertEquals(TwoPeers.NAT_ADDRESS, r.peer().remoteAddress());
        assertEquals(30_000 + Endpoint.NAT_T_PORT, r.peer().remotePort(), "the NAT's port for the 4500 flow");
        final EspSaConfig inbound = peers.responder.dataplane.sa(r.inboundSpi(), true);
        assertNotNull(inbound.natT());
        assertEquals(30_000 + Endpoint.NAT_T_PORT, inbound.natT().remotePort());
        assertEquals(TwoPeers.INITIATOR_ADDRESS, inbound.natT().originalSourceAddress(), "NAT-OAi (RFC 3947 §5.2)");
        assertTrue(peers.responder.events.eventsOf(IkeSaUp.class).get(0).natDetected());
    }

    @Test
    void failsWithWrongPreSharedKey()
    {
        final IkeConfig other = IkeConfig.withPsk("wrong".getBytes(StandardCharsets.US_ASCII), ProposalPolicy.defaults());
        final TwoPeers peers = new TwoPeers(other, config(), false);
        peers.start(QuickModeRequest.l2tpTransport());
        final List<IkeSaDown> down = peers.responder.events.eventsOf(IkeSaDown.class);
        assertEquals(1, down.size());
        assertTrue(down.get(0).reason().contains("pre-shared key"), down.get(0).reason());
        assertTrue(peers.responder.dataplane.added.isEmpty());
        peers.scheduler.advanceMs(600_000);
        assertEquals(1, peers.initiator.events.eventsOf(IkeSaDown.class).size(), "the initiator gives up");
        assertTrue(peers.initiator.dataplane.added.isEmpty());
        assertEquals(0, peers.scheduler.scheduledCount());
    }

    @Test
    void failsWithoutAcceptableProposal()
    {
        final ProposalPolicy legacy = ProposalPolicy.defaults().withOffers(List.of(
            ProposalPolicy.defaults().phase1Offer().get(2)), ProposalPolicy.defaults().espOffer());
        final TwoPeers peers = new TwoPeers(config().withPolicy(legacy), config().withPolicy(ProposalPolicy.strict()),
            false);
        peers.start(QuickModeRequest.l2tpTransport());
        final IkeSaDown responderDown = peers.responder.events.eventsOf(IkeSaDown.class).get(0);
        assertTrue(responderDown.reason().contains("no acceptable phase-1 proposal"), responderDown.reason());
        assertTrue(responderDown.reason().contains("DES3_CBC/SHA1/MODP_1024"), responderDown.reason());
        final IkeSaDown initiatorDown = peers.initiator.events.eventsOf(IkeSaDown.class).get(0);
        assertTrue(initiatorDown.reason().contains("notify 14"), "NO-PROPOSAL-CHOSEN: " + initiatorDown.reason());
    }

    @Test
    void failsQuickModeWithoutAcceptableEspProposalAndKeepsTheIkeSa()
    {
        final ProposalPolicy des = ProposalPolicy.defaults().withOffers(ProposalPolicy.defaults().phase1Offer(),
            List.of(ProposalPolicy.defaults().espOffer().get(2)));
        final TwoPeers peers = new TwoPeers(config().withPolicy(des),
            config().withPolicy(ProposalPolicy.strict().withOffers(ProposalPolicy.defaults().phase1Offer(),
                ProposalPolicy.strict().espOffer())), false);
        final IkeSa sa = peers.start(QuickModeRequest.l2tpTransport());
        assertTrue(sa.established());
        assertTrue(peers.responder.events.eventsOf(QuickModeFailed.class).get(0).reason()
            .contains("no acceptable ESP proposal"));
        assertEquals(1, peers.initiator.events.eventsOf(QuickModeFailed.class).size(), "refused by notify");
        assertTrue(peers.responder.dataplane.added.isEmpty());
        assertTrue(peers.initiator.events.eventsOf(IkeSaDown.class).isEmpty());
    }

    @Test
    void refusesATunnelTheResponderDoesNotList()
    {
        final TwoPeers peers = new TwoPeers(config(), config(), false);
        final IkeSa sa = peers.start(QuickModeRequest.tunnel(0x0a010000, 0xffff0000, 0xc0a80000, 0xffff0000));
        assertTrue(sa.established());
        final String reason = peers.responder.events.eventsOf(QuickModeFailed.class).get(0).reason();
        assertTrue(reason.contains("not allowed here"), reason);
        assertTrue(peers.responder.dataplane.added.isEmpty());
    }

    @Test
    void failsOnBadHashInMainMode()
    {
        final TwoPeers peers = new TwoPeers(config(), config(), false);
        // Flip one bit in the second cipher block of message 5: CBC garbles block 2 and flips the same
        // bit of block 3, both inside HASH_I (body: ID 12 bytes, HASH header 4, SHA-256 hash 32).
        final int[] seen = {0};
        peers.filter = (toResponder, message) ->
        {
            if (toResponder && ++seen[0] == 3)
            {
                message[28 + 16] ^= 0x01;
            }
            return true;
        };
        peers.start(QuickModeRequest.l2tpTransport());
        final IkeSaDown down = peers.responder.events.eventsOf(IkeSaDown.class).get(0);
        assertTrue(down.reason().contains("HASH_I does not match"), down.reason());
    }

    @Test
    void failsOnBadHashInQuickMode()
    {
        final TwoPeers peers = new TwoPeers(config(), config(), false);
        final int[] seen = {0};
        peers.filter = (toResponder, message) ->
        {
            if (toResponder && ++seen[0] == 4)
            {
                message[28 + 16] ^= 0x01; // inside HASH(1): 4-byte header, then 32 bytes of SHA-256
            }
            return true;
        };
        final IkeSa sa = peers.start(QuickModeRequest.l2tpTransport());
        assertTrue(sa.established());
        assertTrue(peers.responder.events.eventsOf(QuickModeFailed.class).get(0).reason().contains("HASH(1) does not match"));
        assertTrue(peers.responder.dataplane.added.isEmpty());
    }

    @Test
    void recoversFromLostMessagesByRetransmission()
    {
        final TwoPeers peers = new TwoPeers(config(), config(), false);
        final int[] toInitiator = {0};
        // Lose the responder's message 4 and its Quick Mode answer once each.
        peers.filter = (toResponder, message) -> toResponder || (++toInitiator[0] != 2 && toInitiator[0] != 4);
        peers.start(QuickModeRequest.l2tpTransport());
        assertTrue(peers.initiator.up.isEmpty());
        peers.scheduler.advanceMs(2_000);
        peers.scheduler.advanceMs(2_000);
        assertPairedSas(peers);
        // The responder recognised the retransmitted message 3 and answered with the same bytes.
        assertArrayEquals(peers.toInitiator.get(1), peers.toInitiator.get(2));
        assertEquals(1, peers.responder.events.eventsOf(IkeSaUp.class).size());
        assertEquals(1, peers.responder.up.size());
    }

    @Test
    void declaresADeadPeerByDpd()
    {
        final IkeConfig dpd = config().withDpd(10_000, 30_000);
        final TwoPeers peers = new TwoPeers(dpd, dpd, false);
        peers.start(QuickModeRequest.l2tpTransport());
        peers.scheduler.advanceMs(25_000);
        assertTrue(peers.initiator.events.eventsOf(IkeSaDown.class).isEmpty(), "R-U-THERE answered");
        final int sent = peers.toInitiator.size();
        assertTrue(sent > 2, "R-U-THERE-ACKs came back");
        peers.filter = (toResponder, message) -> false;
        peers.scheduler.advanceMs(60_000);
        final IkeSaDown down = peers.initiator.events.eventsOf(IkeSaDown.class).get(0);
        assertTrue(down.reason().contains("RFC 3706"), down.reason());
        assertEquals(2, peers.initiator.dataplane.removed.size(), "both SAs of the pair removed");
        assertTrue(peers.initiator.up.isEmpty());
    }
}
