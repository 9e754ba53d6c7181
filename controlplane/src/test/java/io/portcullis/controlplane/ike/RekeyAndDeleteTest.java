package io.portcullis.controlplane.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.portcullis.controlplane.ike.proposal.EspTransform;
import io.portcullis.controlplane.ike.proposal.ProposalPolicy;
import io.portcullis.dataplane.api.EspCipher;
import io.portcullis.dataplane.api.EspIntegrity;

/** Phase-2 rekey (make-before-break), rekey collisions, delete notifications and INITIAL-CONTACT, two peers in memory. */
class RekeyAndDeleteTest
{
    /** SPIs installed and not removed, per direction, as the fake dataplane saw them. */
    static Set<Integer> live(final RecordingDataplane dataplane, final boolean inbound)
    {
        final Set<Integer> spis = new HashSet<>();
        dataplane.added.stream().filter(a -> a.sa().inbound() == inbound).forEach(a -> spis.add(a.sa().spi()));
        dataplane.removed.stream().filter(r -> r.inbound() == inbound).forEach(r -> spis.remove(r.spi()));
        return spis;
    }

    /** Outbound SAs live by handle: a new one under a handle replaces the old (DataplaneCommands.addSa). */
    static Set<Integer> liveOutbound(final RecordingDataplane dataplane)
    {
        final java.util.Map<Integer, Integer> byHandle = new java.util.HashMap<>();
        for (final RecordingDataplane.Added a : dataplane.added)
        {
            if (!a.sa().inbound())
            {
                byHandle.put(a.handle(), a.sa().spi());
            }
        }
        dataplane.removed.stream().filter(r -> !r.inbound()).forEach(r -> byHandle.remove(r.handle()));
        return new HashSet<>(byHandle.values());
    }

    static void assertConsistent(final TwoPeers peers)
    {
        assertEquals(live(peers.initiator.dataplane, true), liveOutbound(peers.responder.dataplane));
        assertEquals(live(peers.responder.dataplane, true), liveOutbound(peers.initiator.dataplane));
        assertFalse(liveOutbound(peers.initiator.dataplane).isEmpty());
    }

    @Test
    void rekeyInstallsTheNewPairBeforeRemovingTheOld()
    {
        final TwoPeers peers = new TwoPeers(MainModeQuickModeTest.config(), MainModeQuickModeTest.config(), false);
        final IkeSa sa = peers.start(QuickModeRequest.l2tpTransport());
        final ChildSa old = peers.initiator.up.get(0);
        final int addedBefore = peers.initiator.dataplane.added.size();
        peers.initiator.service.rekeyChildSa(sa, old);
        peers.scheduler.runPending();
        final ChildSa renewed = sa.childSas().get(0);
        assertNotEquals(old.inboundSpi(), renewed.inboundSpi());
        assertEquals(old.outboundHandle(), renewed.outboundHandle(), "the new outbound SA takes the old handle");
        assertEquals(addedBefore + 2, peers.initiator.dataplane.added.size());
        assertTrue(peers.initiator.dataplane.removed.isEmpty(), "nothing removed before the overlap ends");
        assertTrue(live(peers.initiator.dataplane, true).contains(old.inboundSpi()), "old inbound still accepts");
        assertTrue(peers.initiator.up.contains(old), "the listener hears of the old pair only when its inbound SA goes");
        peers.scheduler.advanceMs(IkeSa.REKEY_OVERLAP_MS);
        assertEquals(List.of(renewed), peers.initiator.up, "the listener was told the old pair is down");
        assertEquals(List.of(new RecordingDataplane.Removed(old.outboundHandle(), old.inboundSpi(), true)),
            peers.initiator.dataplane.removed, "only the old inbound SA goes; the handle now sends with the new one");
        assertConsistent(peers);
        assertEquals(1, peers.initiator.events.eventsOf(QuickModeSaRekeyed.class).size());
        assertEquals(1, peers.responder.events.eventsOf(QuickModeSaRekeyed.class).size(), "the responder renews too");
        assertEquals(1, sa.childSas().size());
    }

    @Test
    void rekeysBeforeTheLifetimeEnds()
    {
        final ProposalPolicy shortLived = ProposalPolicy.defaults().withOffers(ProposalPolicy.defaults().phase1Offer(),
            List.of(new EspTransform(EspCipher.AES_CBC, 128, EspIntegrity.HMAC_SHA1_96, null,
                EspTransform.Encapsulation.TRANSPORT, 100)));
        final TwoPeers peers = new TwoPeers(MainModeQuickModeTest.config().withPolicy(shortLived)
            .withDpd(0, 0), MainModeQuickModeTest.config().withDpd(0, 0), false);
        final IkeSa sa = peers.start(QuickModeRequest.l2tpTransport());
        final ChildSa first = sa.childSas().get(0);
        peers.scheduler.advanceMs(91_000);
        assertNotEquals(first.inboundSpi(), sa.childSas().get(0).inboundSpi(), "rekeyed at 90% of 100 s");
        peers.scheduler.advanceMs(10_000);
        assertConsistent(peers);
        assertTrue(peers.initiator.events.eventsOf(IkeSaDown.class).isEmpty());
    }

    @Test
    void survivesARekeyCollision()
    {
        final TwoPeers peers = new TwoPeers(MainModeQuickModeTest.config(), MainModeQuickModeTest.config(), false);
        final IkeSa initiatorSa = peers.start(QuickModeRequest.l2tpTransport());
        final IkeSa responderSa = peers.responder.service.sasOf(TwoPeers.INITIATOR_ADDRESS, Endpoint.IKE_PORT).get(0);
        // Both sides start a rekey of the same pair before either hears of the other's.
        peers.initiator.service.rekeyChildSa(initiatorSa, initiatorSa.childSas().get(0));
        peers.responder.service.rekeyChildSa(responderSa, responderSa.childSas().get(0));
        peers.scheduler.runPending();
        peers.scheduler.advanceMs(10_000);
        // Each rekey renewed the old pair; the two new pairs are both kept, and agree on both sides.
        assertEquals(2, initiatorSa.childSas().size());
        assertEquals(2, responderSa.childSas().size());
        final Set<Integer> initiatorIn = new HashSet<>();
        final Set<Integer> responderOut = new HashSet<>();
        initiatorSa.childSas().forEach(c -> initiatorIn.add(c.inboundSpi()));
        responderSa.childSas().forEach(c -> responderOut.add(c.outboundSpi()));
        assertEquals(initiatorIn, responderOut);
        assertEquals(initiatorIn, live(peers.initiator.dataplane, true), "the old inbound SA is gone, no other");
        assertEquals(2, live(peers.responder.dataplane, true).size());
        assertTrue(liveOutbound(peers.responder.dataplane).stream().allMatch(initiatorIn::contains));
    }

    @Test
    void rekeysPhase1KeepingTheQuickModeSas()
    {
        final ProposalPolicy shortPhase1 = ProposalPolicy.defaults().withOffers(List.of(
            ProposalPolicy.defaults().phase1Offer().get(0).withLifetime(100)), ProposalPolicy.defaults().espOffer());
        final TwoPeers peers = new TwoPeers(MainModeQuickModeTest.config().withPolicy(shortPhase1).withDpd(0, 0),
            MainModeQuickModeTest.config().withDpd(0, 0), false);
        final IkeSa old = peers.start(QuickModeRequest.l2tpTransport());
        final ChildSa child = old.childSas().get(0);
        peers.scheduler.advanceMs(91_000);
        assertTrue(old.closed(), "the old ISAKMP SA is gone");
        final List<IkeSa> now = peers.initiator.service.sasOf(TwoPeers.RESPONDER_ADDRESS, Endpoint.IKE_PORT);
        assertEquals(1, now.size());
        assertTrue(now.get(0).established());
        assertEquals(List.of(child), now.get(0).childSas(), "the Quick Mode SA lives on under the new SA");
        assertTrue(peers.initiator.dataplane.removed.isEmpty());
        assertTrue(peers.responder.dataplane.removed.isEmpty());
        assertEquals(1, peers.initiator.events.eventsOf(IkeSaRekeyed.class).size());
        assertEquals(1, peers.responder.events.eventsOf(IkeSaRekeyed.class).size());
        assertTrue(peers.responder.events.eventsOf(IkeSaDown.class).isEmpty(), "no INITIAL-CONTACT on a rekey");
        final List<IkeSa> responderSas = peers.responder.service.sasOf(TwoPeers.INITIATOR_ADDRESS, Endpoint.IKE_PORT);
        assertEquals(1, responderSas.size());
        assertEquals(1, responderSas.get(0).childSas().size());
        // The renewed SA carries on: a Quick Mode rekey on it renews the adopted pair on both sides.
        peers.initiator.service.rekeyChildSa(now.get(0), child);
        peers.scheduler.runPending();
        peers.scheduler.advanceMs(IkeSa.REKEY_OVERLAP_MS);
        assertConsistent(peers);
        assertEquals(1, peers.responder.events.eventsOf(QuickModeSaRekeyed.class).size(), "renewed, not added");
    }

    /**
     * strongSwan renews phase 1 with a new Main Mode, renews phase 2 on it at once, and deletes
     * the old ISAKMP SA only later (or never): the Quick Mode SAs must move to the renewal as soon
     * as it is up — not be deleted when the old SA's lifetime ends, nor sit beside a second pair —
     * because the L2TP session rides on their outbound handle.
     */
    @Test
    void thePeersPhase1RenewalTakesOverTheQuickModeSas()
    {
        final ProposalPolicy shortPhase1 = ProposalPolicy.defaults().withOffers(List.of(
            ProposalPolicy.defaults().phase1Offer().get(0).withLifetime(100)), ProposalPolicy.defaults().espOffer());
        final TwoPeers peers = new TwoPeers(MainModeQuickModeTest.config().withPolicy(shortPhase1).withDpd(0, 0),
            MainModeQuickModeTest.config().withDpd(0, 0), false);
        peers.start(QuickModeRequest.l2tpTransport());
        final ChildSa child = peers.responder.up.get(0);
        // The peer's Delete of its old ISAKMP SA never arrives (HDR*, HASH(1), D: informational, type 5).
        peers.filter = (toResponder, message) -> !(toResponder && message[18] == 5);
        peers.scheduler.advanceMs(95_000);  // the peer renewed phase 1 at 90 s; our old SA lives until 100 s
        final List<IkeSa> responderSas = peers.responder.service.sasOf(TwoPeers.INITIATOR_ADDRESS, Endpoint.IKE_PORT);
        assertEquals(1, responderSas.size(), "the old SA handed over and went");
        assertEquals(List.of(child), responderSas.get(0).childSas(), "the Quick Mode SA moved to the renewal");
        assertTrue(peers.responder.dataplane.removed.isEmpty(), "nothing was uninstalled");
        assertEquals(List.of(child), peers.responder.up, "the L2TP side never heard the SA go");
        assertTrue(peers.responder.events.eventsOf(IkeSaRekeyed.class).get(0).describe().contains("renewed"),
            peers.responder.events.eventsOf(IkeSaRekeyed.class).get(0).describe());
        // The peer's Quick Mode on the renewal, still before our old SA's lifetime: it renews the pair in place.
        final IkeSa renewal = peers.initiator.service.sasOf(TwoPeers.RESPONDER_ADDRESS, Endpoint.IKE_PORT).get(0);
        peers.initiator.service.rekeyChildSa(renewal, renewal.childSas().get(0));
        peers.scheduler.runPending();
        final ChildSa renewed = responderSas.get(0).childSas().get(0);
        assertTrue(renewed != child, "a new pair");
        assertEquals(child.outboundHandle(), renewed.outboundHandle(), "under the old handle");
        assertEquals(1, responderSas.get(0).childSas().size(), "not beside the old one");
        assertEquals(1, peers.responder.events.eventsOf(QuickModeSaRekeyed.class).size());
        peers.scheduler.advanceMs(10_000);
        assertEquals(List.of(renewed), peers.responder.service.sasOf(TwoPeers.INITIATOR_ADDRESS, Endpoint.IKE_PORT)
            .get(0).childSas(), "nothing went at the old SA's lifetime");
        assertTrue(peers.responder.dataplane.removed.stream().noneMatch(r -> !r.inbound()),
            "the outbound handle was never emptied");
    }

    @Test
    void deleteNotificationsRemoveThePeersSas()
    {
        final TwoPeers peers = new TwoPeers(MainModeQuickModeTest.config(), MainModeQuickModeTest.config(), false);
        final IkeSa sa = peers.start(QuickModeRequest.l2tpTransport());
        sa.delete("administratively down");
        peers.scheduler.runPending();
        final IkeSaDown down = peers.responder.events.eventsOf(IkeSaDown.class).get(0);
        assertEquals("peer deleted the IKE SA", down.reason());
        assertTrue(live(peers.responder.dataplane, true).isEmpty());
        assertTrue(liveOutbound(peers.responder.dataplane).isEmpty());
        assertTrue(peers.responder.up.isEmpty(), "the L2TP side heard the SA go");
        assertEquals(0, peers.responder.service.size());
    }

    @Test
    void initialContactRemovesStaleSasOfTheSamePeer()
    {
        final TwoPeers peers = new TwoPeers(MainModeQuickModeTest.config(), MainModeQuickModeTest.config(), false);
        peers.start(QuickModeRequest.l2tpTransport());
        // The client restarts and forgets its SAs: its new Main Mode carries INITIAL-CONTACT.
        peers.start(QuickModeRequest.l2tpTransport());
        final List<IkeSaDown> down = peers.responder.events.eventsOf(IkeSaDown.class);
        assertEquals(1, down.size());
        assertTrue(down.get(0).reason().contains("INITIAL-CONTACT"), down.get(0).reason());
        assertEquals(1, peers.responder.service.sasOf(TwoPeers.INITIATOR_ADDRESS, Endpoint.IKE_PORT).size());
        assertEquals(1, peers.responder.up.size());
    }
}
