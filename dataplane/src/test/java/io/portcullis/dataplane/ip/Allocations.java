package io.portcullis.dataplane.ip;

import java.lang.management.ManagementFactory;

/**
 * Bytes the current thread allocates while running a piece of code, from the JVM's per-thread
 * allocation counter (HotSpot's TLAB accounting; exact, not sampled). The code runs once
 * untimed (class loading, lambda linkage), then up to five times measured; the least is
 * returned. Compilation events (an on-stack replacement, a deoptimisation materialising
 * scalar-replaced objects) can allocate a few hundred bytes once in a while; an allocation per
 * call would show in every run, tens of thousands of times over.
 */
public final class Allocations
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private Allocations()
    {
    }

    public static long bytesAllocatedBy(final Runnable code)
    {
        code.run();
        long least = Long.MAX_VALUE;
        for (int run = 0; run < 5 && least > 0; run++)
        {
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            code.run();
            least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }
}
