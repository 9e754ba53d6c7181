package io.portcullis.controlplane.l2tp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.portcullis.controlplane.runtime.ManualScheduler;

/**
 * One direction of an in-memory link on a {@link ManualScheduler}: each datagram is delayed by
 * {@code baseDelayMs} plus a random jitter (which reorders), or dropped when {@code drop} says so
 * or with probability {@code lossRate}. Every datagram offered is recorded with its send time.
 */
final class LossyLink implements Consumer<byte[]>
{
    record Sent(long atMs, byte[] datagram)
    {
    }

    private final ManualScheduler scheduler;
    private final Random random;
    private final List<Sent> sent = new ArrayList<>();
    private Consumer<byte[]> receiver;
    private double lossRate;
    private long baseDelayMs = 10;
    private long jitterMs;
    private Predicate<byte[]> drop = datagram -> false;

    LossyLink(final ManualScheduler scheduler, final long seed)
    {
        this.scheduler = scheduler;
        this.random = new Random(seed);
    }

    LossyLink to(final Consumer<byte[]> receiver)
    {
        this.receiver = receiver;
        return this;
    }

    LossyLink lossRate(final double lossRate)
    {
        this.lossRate = lossRate;
        return this;
    }

    LossyLink jitterMs(final long jitterMs)
    {
        this.jitterMs = jitterMs;
        return this;
    }

    LossyLink drop(final Predicate<byte[]> drop)
    {
        this.drop = drop;
        return this;
    }

    List<Sent> sent()
    {
        return sent;
    }

    @Override
    public void accept(final byte[] datagram)
    {
        sent.add(new Sent(scheduler.nowMs(), datagram));
        if (drop.test(datagram) || random.nextDouble() < lossRate)
        {
            return;
        }
        final long delayMs = baseDelayMs + (jitterMs > 0 ? random.nextLong(jitterMs) : 0);
        scheduler.schedule(delayMs, () -> receiver.accept(datagram));
    }

    static int ns(final byte[] datagram)
    {
        return (datagram[8] & 0xFF) << 8 | datagram[9] & 0xFF;
    }

    static int nr(final byte[] datagram)
    {
        return (datagram[10] & 0xFF) << 8 | datagram[11] & 0xFF;
    }

    static boolean zlb(final byte[] datagram)
    {
        return datagram.length == 12;
    }
}
