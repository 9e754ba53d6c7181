package io.portcullis.dataplane.counters;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * The counters of one graph node on one worker, one per constant of an enum of
 * {@link CounterDescriptor}s, allocated in an Agrona {@link CountersManager} so that they can
 * be read from outside the worker (and, over a mapped file, outside the process).
 */
public final class NodeCounters<E extends Enum<E> & CounterDescriptor>
{
    private final AtomicCounter[] counters;

    public NodeCounters(final CountersManager manager, final String node, final Class<E> descriptors)
    {
        final E[] constants = descriptors.getEnumConstants();
        counters = new AtomicCounter[constants.length];
        for (final E descriptor : constants)
        {
            counters[descriptor.ordinal()] = manager.newCounter(node + ": " + descriptor.label(), descriptor.id());
        }
    }

    /** One writer (the worker): a release store is enough. */
    public void increment(final E descriptor)
    {
        counters[descriptor.ordinal()].incrementRelease();
    }

    public void add(final E descriptor, final long delta)
    {
        counters[descriptor.ordinal()].getAndAddRelease(delta);
    }

    public long get(final E descriptor)
    {
        return counters[descriptor.ordinal()].get();
    }
}
