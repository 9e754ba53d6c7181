package io.portcullis.controlplane.ppp;

import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

import io.portcullis.controlplane.aaa.AuthFailureLimiter;
import io.portcullis.controlplane.aaa.UserDirectory;
import io.portcullis.controlplane.runtime.Scheduler;

/**
 * What an authenticator needs around it: time, randomness, the users, the failure limiter keyed
 * by user and by {@code peerKey} (the peer's address), our name for challenges, and where its
 * packets and its result go.
 */
public record AuthContext(Scheduler scheduler, RandomGenerator random, UserDirectory users,
    AuthFailureLimiter limiter, Object peerKey, String hostName, BiConsumer<Integer, byte[]> output,
    AuthProtocol.Result result)
{
    static final long RESEND_MS = 3_000;
    static final int MAX_TRANSMISSIONS = 10;

    /** Refused before checking: too many failures lately for this user or from this peer. */
    boolean blocked(final String user)
    {
        final long nowMs = scheduler.nowMs();
        return limiter.blocked(user, nowMs) || limiter.blocked(peerKey, nowMs);
    }

    void failed(final String user, final String reason)
    {
        final long nowMs = scheduler.nowMs();
        limiter.failed(user, nowMs);
        limiter.failed(peerKey, nowMs);
        result.failed(user, reason);
    }

    void succeeded(final String user)
    {
        limiter.succeeded(user);
        limiter.succeeded(peerKey);
        result.authenticated(user);
    }

    byte[] randomBytes(final int length)
    {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
