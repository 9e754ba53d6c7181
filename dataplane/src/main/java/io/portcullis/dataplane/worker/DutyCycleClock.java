package io.portcullis.dataplane.worker;

import org.agrona.concurrent.NanoClock;

/**
 * The time of the worker's current duty cycle, read from the real clock once when the cycle
 * starts ({@link #tick()}) and given to every node of the graph. Nodes want the time per packet
 * (neighbour-cache ageing, the ICMP error token bucket, reassembly timers), and a clock read
 * costs tens of nanoseconds in a virtual machine: a few percent of a small packet's budget,
 * for a precision (a duty cycle, microseconds) none of those timers needs. Owned by the worker's
 * thread, like the nodes that read it.
 */
public final class DutyCycleClock implements NanoClock
{
    private final NanoClock source;
    private long nowNs;

    public DutyCycleClock(final NanoClock source)
    {
        this.source = source;
        this.nowNs = source.nanoTime();
    }

    /** Reads the real clock: the time of the cycle that starts now. */
    public long tick()
    {
        nowNs = source.nanoTime();
        return nowNs;
    }

    /** The time {@link #tick()} last read. */
    @Override
    public long nanoTime()
    {
        return nowNs;
    }
}
