package io.portcullis.controlplane.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.portcullis.dataplane.port.Eal;
import io.portcullis.dataplane.worker.Worker;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * The workers on their own threads: one {@link AgentRunner} each, the thread registered as a
 * DPDK lcore (so mempool caches serve it without locks) and pinned to its CPU when the
 * configuration names one; the control agent on a thread of its own, sleeping when idle.
 */
final class WorkerThreads implements AutoCloseable
{
    private final List<AgentRunner> runners = new ArrayList<>();

    WorkerThreads(
        final List<Worker> workers, final List<Integer> lcores, final String idleStrategy, final Agent control,
        final ErrorHandler errors)
    {
        for (int w = 0; w < workers.size(); w++)
        {
            final int cpu = lcores.isEmpty() ? -1 : lcores.get(w);
            runners.add(new AgentRunner(idle(idleStrategy), errors, null, new LcoreAgent(workers.get(w), cpu)));
        }
        runners.add(new AgentRunner(new SleepingMillisIdleStrategy(1), errors, null, control));
        runners.forEach(runner -> AgentRunner.startOnThread(runner));
    }

    static IdleStrategy idle(final String name)
    {
        return switch (name)
        {
            case "busy-spin" -> new BusySpinIdleStrategy();
            case "yield" -> new YieldingIdleStrategy();
            case "sleep" -> new SleepingMillisIdleStrategy(1);
            default -> new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
        };
    }

    @Override
    public void close()
    {
        runners.forEach(AgentRunner::close);
    }

    /** A worker whose thread becomes an lcore when it starts and stops being one when it ends. */
    private record LcoreAgent(Worker worker, int cpu) implements Agent
    {
        @Override
        public void onStart()
        {
            Eal.registerThread();
            if (cpu >= 0)
            {
                Eal.pinThread(cpu);
            }
        }

        @Override
        public int doWork()
        {
            return worker.doWork();
        }

        @Override
        public void onClose()
        {
            Eal.unregisterThread();
        }

        @Override
        public String roleName()
        {
            return worker.roleName();
        }
    }
}
