package io.portcullis.controlplane.ppp;

import java.util.function.Consumer;

import io.portcullis.controlplane.runtime.Scheduler;

/**
 * Sends a packet and sends it again every {@code intervalMs} until {@link #cancel()} or
 * {@code maxTransmissions}; then {@code onGiveUp}. Authentication requests are retransmitted so
 * (RFC 1994 §4.1, RFC 1334 §2.2.1, RFC 3748 §4.3).
 */
final class Resender
{
    private final Scheduler scheduler;
    private final long intervalMs;
    private final int maxTransmissions;
    private final Consumer<byte[]> output;
    private final Runnable onGiveUp;
    private Scheduler.Timer timer;
    private byte[] packet;
    private int transmissions;

    Resender(final Scheduler scheduler, final long intervalMs, final int maxTransmissions,
        final Consumer<byte[]> output, final Runnable onGiveUp)
    {
        this.scheduler = scheduler;
        this.intervalMs = intervalMs;
        this.maxTransmissions = maxTransmissions;
        this.output = output;
        this.onGiveUp = onGiveUp;
    }

    void send(final byte[] packet)
    {
        cancel();
        this.packet = packet;
        transmissions = 0;
        transmit();
    }

    private void transmit()
    {
        if (transmissions >= maxTransmissions)
        {
            timer = null;
            onGiveUp.run();
            return;
        }
        transmissions++;
        output.accept(packet);
        timer = scheduler.schedule(intervalMs, this::transmit);
    }

    void cancel()
    {
        if (timer != null)
        {
            timer.cancel();
            timer = null;
        }
    }
}
