package io.portcullis.controlplane.aaa;

import java.util.HashMap;
import java.util.Map;

/**
 * Slows password guessing: after {@code maxFailures} failed attempts for one key (a user name or
 * a peer address) within {@code windowMs}, attempts for that key are refused until the window
 * has passed since the last failure. Success clears the key.
 */
public final class AuthFailureLimiter
{
    private static final int PURGE_ABOVE = 10_000;

    private record Failures(int count, long lastMs)
    {
    }

    private final int maxFailures;
    private final long windowMs;
    private final Map<Object, Failures> failures = new HashMap<>();

    public AuthFailureLimiter(final int maxFailures, final long windowMs)
    {
        this.maxFailures = maxFailures;
        this.windowMs = windowMs;
    }

    public boolean blocked(final Object key, final long nowMs)
    {
        final Failures f = failures.get(key);
        return f != null && f.count >= maxFailures && nowMs - f.lastMs < windowMs;
    }

    public void failed(final Object key, final long nowMs)
    {
        if (failures.size() > PURGE_ABOVE)
        {
            failures.values().removeIf(f -> nowMs - f.lastMs >= windowMs);
        }
        final Failures f = failures.get(key);
        final int count = f == null || nowMs - f.lastMs >= windowMs ? 1 : f.count + 1;
        failures.put(key, new Failures(count, nowMs));
    }

    public void succeeded(final Object key)
    {
        failures.remove(key);
    }
}
