package io.portcullis.controlplane.runtime;

/**
 * The one thread a state machine runs on, and its timers. Every IKE SA, L2TP tunnel and PPP
 * link is pinned to one scheduler, so it is single threaded and holds no locks. Tests drive a
 * manual implementation instead: time moves only when the test says so, and nothing sleeps.
 */
public interface Scheduler
{
    /** Monotonic milliseconds; only differences mean anything. */
    long nowMs();

    /** Runs {@code task} on this scheduler's thread after {@code delayMs}. */
    Timer schedule(long delayMs, Runnable task);

    /** Runs {@code task} on this scheduler's thread, after what is already queued. */
    void execute(Runnable task);

    /** A scheduled task; cancelling one that already ran or was cancelled does nothing. */
    interface Timer
    {
        void cancel();
    }
}
