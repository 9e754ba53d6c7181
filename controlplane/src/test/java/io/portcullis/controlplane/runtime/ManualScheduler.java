package io.portcullis.controlplane.runtime;

import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * A scheduler for tests: nothing runs until the test calls {@link #runPending()} or
 * {@link #advanceMs(long)}, and time moves only by {@link #advanceMs(long)}. Several state
 * machines may share one, which makes two-peer tests deterministic.
 */
public final class ManualScheduler implements Scheduler
{
    private record Due(long dueMs, long sequence, Runnable task, boolean[] cancelled)
    {
    }

    private final PriorityQueue<Due> timers = new PriorityQueue<>((a, b) -> a.dueMs != b.dueMs ?
        Long.compare(a.dueMs, b.dueMs) : Long.compare(a.sequence, b.sequence));
    private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
    private long nowMs;
    private long sequence;

    @Override
    public long nowMs()
    {
        return nowMs;
    }

    @Override
    public Timer schedule(final long delayMs, final Runnable task)
    {
        final boolean[] cancelled = {false};
        timers.add(new Due(nowMs + Math.max(0, delayMs), sequence++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public void execute(final Runnable task)
    {
        pending.add(task);
    }

    /** Runs queued tasks (and what they queue) until none is left; returns how many ran. */
    public int runPending()
    {
        int ran = 0;
        Runnable task;
        while ((task = pending.poll()) != null)
        {
            task.run();
            ran++;
            if (ran > 1_000_000)
            {
                throw new IllegalStateException("tasks keep queueing tasks: a livelock");
            }
        }
        return ran;
    }

    /** Moves time forward, running each timer at its due time and queued tasks in between. */
    public void advanceMs(final long deltaMs)
    {
        final long endMs = nowMs + deltaMs;
        runPending();
        while (!timers.isEmpty() && timers.peek().dueMs <= endMs)
        {
            final Due due = timers.poll();
            nowMs = Math.max(nowMs, due.dueMs);
            if (!due.cancelled[0])
            {
                due.task.run();
            }
            runPending();
        }
        nowMs = endMs;
    }

    /** Timers not yet run nor cancelled. */
    public long scheduledCount()
    {
        return timers.stream().filter(due -> !due.cancelled[0]).count();
    }
}
