package io.portcullis.dataplane.ip;

/**
 * A token bucket for rate limits on rare paths (RFC 1812 §4.3.2.8: ICMP errors must be
 * rate-limited): {@code ratePerSecond} tokens a second, at most {@code burst} saved up. The
 * caller passes the time ({@code nowNs} from an injected clock), so tests step it by hand.
 * Credit is kept in nanoseconds of refill time: no division per call. One thread only.
 */
public final class TokenBucket
{
    private final long nsPerToken;
    private final long capacityNs;
    private long creditNs;
    private long lastNs;

    public TokenBucket(final long ratePerSecond, final long burst, final long nowNs)
    {
        if (ratePerSecond < 1 || ratePerSecond > 1_000_000_000L || burst < 1 || burst > 1_000_000)
        {
            throw new IllegalArgumentException("rate 1..1e9 a second, burst 1..1e6: " + ratePerSecond + ", " + burst);
        }
        nsPerToken = 1_000_000_000L / ratePerSecond;
        capacityNs = nsPerToken * burst;  // <= 1e15: no overflow
        creditNs = capacityNs;
        lastNs = nowNs;
    }

    /** Takes one token if there is one; returns whether it did. */
    public boolean tryAcquire(final long nowNs)
    {
        final long elapsedNs = nowNs - lastNs;
        lastNs = nowNs;
        if (elapsedNs > 0)
        {
            creditNs = elapsedNs >= capacityNs - creditNs ? capacityNs : creditNs + elapsedNs;
        }
        if (creditNs >= nsPerToken)
        {
            creditNs -= nsPerToken;
            return true;
        }
        return false;
    }
}
