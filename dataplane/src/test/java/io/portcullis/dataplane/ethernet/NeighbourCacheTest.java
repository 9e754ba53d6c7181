package io.portcullis.dataplane.ethernet;

import io.portcullis.dataplane.ip.Allocations;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.ip.AddressClass.parse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resolution states, ARP request pacing, aging and eviction, all on a hand-stepped clock. */
class NeighbourCacheTest
{
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private static final long MAC_A = 0x0200_0000_000AL;
    private static final long MAC_B = 0x0200_0000_000BL;
    private static final int HOST = parse("192.168.10.20");

    private final CachedNanoClock clock = new CachedNanoClock();
    private final NeighbourCache cache = new NeighbourCache(4, 30 * SECOND, SECOND, 3, clock);
    private final int[] due = new int[8];

    private void at(final long nowNs)
    {
        clock.update(nowNs);
    }

    private int[] requests()
    {
        return java.util.Arrays.copyOf(due, cache.requestsDue(due));
    }

    @Test
    void anUnknownNeighbourIsAskedForAtOnceAndResolvedByTheReply()
    {
        assertEquals(NeighbourCache.UNRESOLVED, cache.resolve(HOST));
        assertEquals(NeighbourCache.INCOMPLETE, cache.state(HOST));
        assertArrayEquals(new int[] {HOST}, requests());
        assertArrayEquals(new int[0], requests());  // not again within a second
        assertEquals(NeighbourCache.UNRESOLVED, cache.resolve(HOST));
        assertTrue(cache.learn(HOST, MAC_A));
        assertEquals(MAC_A, cache.resolve(HOST));
        assertEquals(NeighbourCache.REACHABLE, cache.state(HOST));
        at(5 * SECOND);
        assertArrayEquals(new int[0], requests());
    }

    @Test
    void anUnansweredNeighbourIsAskedMaxProbesTimesThenFails()
    {
        cache.resolve(HOST);
        assertEquals(1, requests().length);
        at(999 * MS);
        assertEquals(0, requests().length);
        at(SECOND);
        assertEquals(1, requests().length);
        at(2 * SECOND);
        assertEquals(1, requests().length);
        at(3 * SECOND);
        assertEquals(0, requests().length);
        assertEquals(NeighbourCache.FAILED, cache.state(HOST));
        assertEquals(NeighbourCache.UNRESOLVED, cache.resolve(HOST));
        assertEquals(0, requests().length);  // held down for a retransmit period
        at(4 * SECOND);
        assertEquals(NeighbourCache.UNRESOLVED, cache.resolve(HOST));
        assertEquals(NeighbourCache.INCOMPLETE, cache.state(HOST));
        assertEquals(1, requests().length);
    }

    @Test
    void aStaleNeighbourIsStillUsedWhileItIsAskedAgain()
    {
        cache.learn(HOST, MAC_A);
        at(30 * SECOND);
        assertEquals(MAC_A, cache.resolve(HOST));
        assertEquals(NeighbourCache.STALE, cache.state(HOST));
        assertArrayEquals(new int[] {HOST}, requests());
        assertTrue(cache.update(HOST, MAC_B));
        assertEquals(MAC_B, cache.resolve(HOST));
        assertEquals(NeighbourCache.REACHABLE, cache.state(HOST));
    }

    @Test
    void aStaleNeighbourThatNeverAnswersFails()
    {
        cache.learn(HOST, MAC_A);
        at(30 * SECOND);
        cache.resolve(HOST);
        for (int probe = 0; probe < 3; probe++)
        {
            at(30 * SECOND + probe * SECOND);
            assertEquals(1, requests().length);
        }
        at(33 * SECOND);
        requests();
        assertEquals(NeighbourCache.UNRESOLVED, cache.resolve(HOST));
    }

    @Test
    void updateChangesOnlyKnownNeighbours()
    {
        assertFalse(cache.update(HOST, MAC_A));
        assertEquals(NeighbourCache.NONE, cache.state(HOST));
    }

    @Test
    void staticNeighboursNeverAgeAndArpDoesNotChangeThem()
    {
        cache.addStatic(HOST, MAC_A);
        cache.learn(HOST, MAC_B);
        at(1_000_000 * SECOND);
        assertEquals(MAC_A, cache.resolve(HOST));
        assertEquals(0, cache.expire());
        assertEquals(0, requests().length);
    }

    @Test
    void aFullCacheEvictsTheOldestDynamicEntry()
    {
        for (int k = 0; k < 4; k++)
        {
            at(k * SECOND);
            cache.learn(HOST + k, MAC_A + k);
        }
        at(10 * SECOND);
        assertEquals(NeighbourCache.UNRESOLVED, cache.resolve(HOST + 10));
        assertEquals(NeighbourCache.NONE, cache.state(HOST));
        assertEquals(MAC_A + 1, cache.resolve(HOST + 1));
        assertEquals(4, cache.size());
    }

    @Test
    void aCacheFullOfStaticEntriesRefusesMore()
    {
        for (int k = 0; k < 4; k++)
        {
            cache.addStatic(HOST + k, MAC_A + k);
        }
        assertEquals(NeighbourCache.FULL, cache.resolve(HOST + 10));
        assertFalse(cache.learn(HOST + 10, MAC_B));
    }

    @Test
    void expiryRemovesLongUnconfirmedAndFailedEntries()
    {
        cache.learn(HOST, MAC_A);
        cache.resolve(HOST + 1);
        for (int k = 0; k <= 3; k++)  // three probes, then failure
        {
            at(k * SECOND);
            requests();
        }
        assertEquals(NeighbourCache.FAILED, cache.state(HOST + 1));
        at(59 * SECOND);
        cache.learn(HOST + 2, MAC_B);
        at(60 * SECOND);
        assertEquals(2, cache.expire());  // HOST unconfirmed for 60 s, HOST + 1 failed
        assertEquals(NeighbourCache.NONE, cache.state(HOST));
        assertEquals(NeighbourCache.NONE, cache.state(HOST + 1));
        assertEquals(MAC_B, cache.resolve(HOST + 2));
    }

    @Test
    void removedNeighboursAreForgotten()
    {
        cache.resolve(HOST);
        assertTrue(cache.remove(HOST));
        assertFalse(cache.remove(HOST));
        assertEquals(0, requests().length);
        assertEquals(0, cache.size());
    }

    @Test
    void resolvingAllocatesNothing()
    {
        cache.learn(HOST, MAC_A);
        final long[] sink = new long[1];
        final long bytes = Allocations.bytesAllocatedBy(() ->
        {
            for (int k = 0; k < 100_000; k++)
            {
                sink[0] += cache.resolve(HOST);
            }
        });
        assertEquals(0, bytes);
    }
}
