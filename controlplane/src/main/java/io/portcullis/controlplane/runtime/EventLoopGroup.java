package io.portcullis.controlplane.runtime;

/**
 * A small pool of event loops. A peer is pinned to one loop by its key (for IKE and L2TP, the
 * peer's outer address and port), so the same peer always lands on the same thread.
 */
public final class EventLoopGroup implements AutoCloseable
{
    private final EventLoop[] loops;

    public EventLoopGroup(final String name, final int size)
    {
        if (size < 1)
        {
            throw new IllegalArgumentException("an event loop group needs at least one loop: " + size);
        }
        loops = new EventLoop[size];
        for (int i = 0; i < size; i++)
        {
            loops[i] = new EventLoop(name + "-" + i);
        }
    }

    public Scheduler loopFor(final Object peerKey)
    {
        return loops[Math.floorMod(peerKey.hashCode(), loops.length)];
    }

    public int size()
    {
        return loops.length;
    }

    @Override
    public void close()
    {
        for (final EventLoop loop : loops)
        {
            loop.close();
        }
    }
}
