package io.portcullis.controlplane.ike;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.portcullis.controlplane.runtime.ManualScheduler;

/**
 * Bounded fuzzing of the whole responder: the initiator's messages of a real exchange, mutated,
 * replayed into a fresh responder. Nothing may escape as an exception (the loop keeps serving
 * other peers); after the bad input the responder must still complete a clean exchange.
 */
class IkeServiceFuzzTest
{
    private static final long BUDGET_NS = 4_000_000_000L;

    @Test
    void responderSurvivesMutatedExchanges()
    {
        final TwoPeers recorded = new TwoPeers(MainModeQuickModeTest.config(), MainModeQuickModeTest.config(), false);
        recorded.start(QuickModeRequest.l2tpTransport());
        final List<byte[]> messages = List.copyOf(recorded.toResponder);
        final TwoPeers peers = new TwoPeers(MainModeQuickModeTest.config(), MainModeQuickModeTest.config(), false);
        final ManualScheduler scheduler = peers.scheduler;
        final IkeService responder = peers.responder.service;
        final SplittableRandom random = new SplittableRandom(7);
        final long end = System.nanoTime() + BUDGET_NS;
        int runs = 0;
        while (System.nanoTime() < end)
        {
            // A prefix of the exchange as sent, then one mutated message, from one of a few source ports.
            final int upTo = random.nextInt(messages.size());
            final int port = 1000 + random.nextInt(4);
            for (int i = 0; i <= upTo; i++)
            {
                final byte[] message = messages.get(i).clone();
                if (i == upTo)
                {
                    for (int flips = 1 + random.nextInt(4); flips > 0; flips--)
                    {
                        message[random.nextInt(message.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                responder.onDatagram(TwoPeers.RESPONDER_ADDRESS, 500, TwoPeers.INITIATOR_ADDRESS, port,
                    ByteBuffer.wrap(message));
                scheduler.runPending();
            }
            runs++;
        }
        scheduler.advanceMs(3_600_000);
        assertTrue(runs > 20, "ran " + runs);
        assertTrue(responder.size() == 0, "half-done SAs expire: " + responder.size());
        // Still serving: the same responder completes a clean negotiation afterwards.
        peers.responder.up.clear();
        peers.start(QuickModeRequest.l2tpTransport());
        assertTrue(peers.responder.up.size() == 1 && peers.initiator.up.size() == 1);
    }
}
