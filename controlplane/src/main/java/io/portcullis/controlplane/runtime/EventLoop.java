package io.portcullis.controlplane.runtime;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A control-plane event loop: one daemon thread running tasks and timers in order. */
public final class EventLoop implements Scheduler, AutoCloseable
{
    private final ScheduledThreadPoolExecutor executor;

    public EventLoop(final String name)
    {
        executor = new ScheduledThreadPoolExecutor(1, runnable ->
        {
            final Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public long nowMs()
    {
        return System.nanoTime() / 1_000_000L;
    }

    @Override
    public Timer schedule(final long delayMs, final Runnable task)
    {
        final var future = executor.schedule(guarded(task), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void execute(final Runnable task)
    {
        executor.execute(guarded(task));
    }

    @Override
    public void close()
    {
        executor.shutdown();
        try
        {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS))
            {
                executor.shutdownNow();
            }
        }
        catch (final InterruptedException ex)
        {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** A failing task is logged and the loop goes on serving every other peer. */
    private static Runnable guarded(final Runnable task)
    {
        return () ->
        {
            try
            {
                task.run();
            }
            catch (final RuntimeException | Error ex)
            {
                System.getLogger(EventLoop.class.getName()).log(System.Logger.Level.ERROR,
                    "control-plane task failed on " + Thread.currentThread().getName(), ex);
            }
        };
    }
}
