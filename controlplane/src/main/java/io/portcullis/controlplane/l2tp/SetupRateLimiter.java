package io.portcullis.controlplane.l2tp;

import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per peer address: {@code perSecond} tunnel or session set-ups a second, with a
 * burst of as many, so one peer cannot exhaust ids or memory for everyone else.
 */
final class SetupRateLimiter
{
    private static final int PURGE_ABOVE = 4096;

    private final int perSecond;
    private final Map<Integer, double[]> buckets = new HashMap<>();

    SetupRateLimiter(final int perSecond)
    {
        this.perSecond = perSecond;
    }

    /** Takes a token for {@code peerAddress}; false when its bucket is empty. */
    boolean tryAcquire(final int peerAddress, final long nowMs)
    {
        if (buckets.size() > PURGE_ABOVE)
        {
            buckets.values().removeIf(bucket -> refill(bucket, nowMs) >= perSecond);
        }
        final double[] bucket = buckets.computeIfAbsent(peerAddress, key -> new double[] {perSecond, nowMs});
        if (refill(bucket, nowMs) < 1)
        {
            return false;
        }
        bucket[0] -= 1;
        return true;
    }

    /** bucket = {tokens, last refill ms}. */
    private double refill(final double[] bucket, final long nowMs)
    {
        bucket[0] = Math.min(perSecond, bucket[0] + (nowMs - bucket[1]) * perSecond / 1000.0);
        bucket[1] = nowMs;
        return bucket[0];
    }
}
