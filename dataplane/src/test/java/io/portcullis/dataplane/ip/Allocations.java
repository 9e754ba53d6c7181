package io.portcullis.dataplane.ip;

import java.lang.management.ManagementFactory;

/**
 * Bytes the current thread allocates while running a piece of code, from the JVM's per-thread
 * allocation counter (HotSpot's TLAB accounting; exact, not sampled). The code runs a first time
 * untimed so that class loading and lambda linkage are not counted.
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
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        code.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
