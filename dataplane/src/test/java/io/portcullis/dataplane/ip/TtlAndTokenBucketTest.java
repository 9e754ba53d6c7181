package io.portcullis.dataplane.ip;

import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TTL decrement with its incremental checksum; the token bucket under a hand-stepped clock. */
class TtlAndTokenBucketTest
{
    @Test
    void decrementKeepsTheHeaderChecksumRight()
    {
        final Random random = new Random(1812);
        for (int round = 0; round < 2000; round++)
        {
            final int ttl = 2 + random.nextInt(254);
            final byte[] p = Ipv4Packets.ipv4("10.0." + random.nextInt(256) + ".1", "192.0.2." + random.nextInt(256),
                random.nextInt(256), ttl, random.nextInt(0x10000), random.nextInt(0x10000), new byte[0], new byte[3]);
            assertTrue(Ttl.decrement(new UnsafeBuffer(p), 0));
            assertEquals(ttl - 1, p[8] & 0xFF);
            assertTrue(Ipv4Packets.ipChecksumValid(p), "round " + round);
        }
    }

    @Test
    void ttlOfOneOrZeroIsExpiredAndNotDecremented()
    {
        for (final int ttl : new int[] {0, 1})
        {
            final byte[] p = Ipv4Packets.ipv4("10.0.0.1", "192.0.2.1", 17, ttl, 0, 1, new byte[0], new byte[8]);
            final byte[] before = p.clone();
            assertTrue(Ttl.expired(new UnsafeBuffer(p), 0));
            assertFalse(Ttl.decrement(new UnsafeBuffer(p), 0));
            assertArrayEquals(before, p);
        }
        assertFalse(Ttl.expired(new UnsafeBuffer(Ipv4Packets.ipv4("10.0.0.1", "192.0.2.1", 17, 2, 0, 1,
            new byte[0], new byte[8])), 0));
    }

    @Test
    void bucketGivesItsBurstThenOneTokenPerPeriod()
    {
        final TokenBucket bucket = new TokenBucket(10, 3, 1_000);  // one token every 100 ms
        long now = 1_000;
        assertTrue(bucket.tryAcquire(now));
        assertTrue(bucket.tryAcquire(now));
        assertTrue(bucket.tryAcquire(now));
        assertFalse(bucket.tryAcquire(now));
        now += 99_999_999;
        assertFalse(bucket.tryAcquire(now));
        now += 1;
        assertTrue(bucket.tryAcquire(now));
        assertFalse(bucket.tryAcquire(now));
    }

    @Test
    void idleTimeSavesNoMoreThanTheBurst()
    {
        final TokenBucket bucket = new TokenBucket(1000, 2, 0);
        assertTrue(bucket.tryAcquire(0));
        assertTrue(bucket.tryAcquire(0));
        final long later = 3_600_000_000_000L;
        assertTrue(bucket.tryAcquire(later));
        assertTrue(bucket.tryAcquire(later));
        assertFalse(bucket.tryAcquire(later));
    }

    @Test
    void aClockGoingBackwardsGivesNothing()
    {
        final TokenBucket bucket = new TokenBucket(1, 1, 5_000_000_000L);
        assertTrue(bucket.tryAcquire(5_000_000_000L));
        assertFalse(bucket.tryAcquire(1_000_000_000L));
        assertFalse(bucket.tryAcquire(1_900_000_000L));
        assertTrue(bucket.tryAcquire(2_000_000_000L));
    }

    @Test
    void failsWhenRateOrBurstIsOutOfRange()
    {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 2_000_000, 0));
    }
}
