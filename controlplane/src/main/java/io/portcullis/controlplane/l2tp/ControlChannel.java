package io.portcullis.controlplane.l2tp;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.portcullis.controlplane.runtime.Scheduler;

/**
 * The reliable delivery of one tunnel's control messages (RFC 2661 §5.8): Ns/Nr, the peer's
 * receive window honoured and ours advertised and enforced, retransmission with a doubling,
 * capped timeout, acknowledgements riding on the next message or in a ZLB, duplicates discarded
 * (and acknowledged again), out-of-order messages held until the gap fills, HELLO after silence
 * (§6.5), and giving up on a peer that acknowledges nothing. Single threaded: every call runs on
 * the tunnel's scheduler.
 */
public final class ControlChannel
{
    /** Where the channel's output goes, and what it reports. */
    public interface Listener
    {
        /** Sends one datagram to the peer. */
        void transmit(byte[] datagram);

        /** A message in order, exactly once; {@code message} is the whole control message. */
        void onMessage(ControlHeader header, byte[] message);

        /** The peer acknowledged nothing through every retransmission: it is gone (§5.8). */
        void onPeerDead(String reason);
    }

    /** Encodes a message with the given Ns and Nr (hidden AVPs need the tunnel's secret). */
    @FunctionalInterface
    public interface Encoder
    {
        byte[] encode(ControlMessage message, int ns, int nr);
    }

    private final Scheduler scheduler;
    private final ControlChannelConfig config;
    private final Listener listener;
    private final Encoder encoder;
    /** Encoded messages sent but not yet acknowledged, oldest first; Ns at offset 8. */
    private final ArrayDeque<byte[]> inFlight = new ArrayDeque<>();
    /** Encoded messages waiting for the peer's window to open. */
    private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
    /** Messages that arrived ahead of a gap, by Ns. */
    private final Map<Integer, byte[]> ahead = new HashMap<>();
    private int peerTunnelId;
    private int peerWindow = ControlChannelConfig.DEFAULT_PEER_WINDOW;
    private int ns;
    private int nr;
    private int retries;
    private long retransmitMs;
    private Scheduler.Timer retransmitTimer;
    private Scheduler.Timer ackTimer;
    private Scheduler.Timer helloTimer;
    private long lastHeardMs;
    private boolean closed;
    private long duplicates;
    private long outOfWindow;
    private long retransmissions;

    public ControlChannel(final Scheduler scheduler, final ControlChannelConfig config, final Listener listener,
        final Encoder encoder)
    {
        this.scheduler = scheduler;
        this.config = config;
        this.listener = listener;
        this.encoder = encoder;
        this.retransmitMs = config.firstRetransmitMs();
        this.lastHeardMs = scheduler.nowMs();
        scheduleHello(config.helloIntervalMs());
    }

    /** The Tunnel ID the peer assigned, which ZLBs and HELLOs carry (0 until it is known). */
    public void peerTunnelId(final int peerTunnelId)
    {
        this.peerTunnelId = peerTunnelId;
    }

    /** The peer's Receive Window Size AVP (§4.4.3; absent means 4). */
    public void peerWindow(final int window)
    {
        this.peerWindow = Math.max(1, window);
        sendWaiting();
    }

    /** Queues a message for reliable delivery; it goes at once if the peer's window has room. */
    public void send(final ControlMessage message)
    {
        if (closed)
        {
            return;
        }
        waiting.add(encoder.encode(message, ns, nr));
        ns = SequenceNumbers.next(ns);
        sendWaiting();
    }

    /** A control message from the peer whose header was verified; {@code message} is ours to keep. */
    public void onReceive(final ControlHeader header, final byte[] message)
    {
        if (closed)
        {
            return;
        }
        lastHeardMs = scheduler.nowMs();
        acknowledged(header.nr());
        if (header.zlb())
        {
            return;
        }
        final int gap = SequenceNumbers.distance(nr, header.ns());
        if (gap == 0)
        {
            deliverInOrder(header, message);
        }
        else if (gap >= 0x8000)
        {
            duplicates++;
            sendZlb();  // our acknowledgement was lost: repeat it so the peer stops retransmitting
        }
        else if (gap < config.receiveWindow())
        {
            ahead.putIfAbsent(header.ns(), Arrays.copyOf(message, header.length()));
        }
        else
        {
            outOfWindow++;
        }
    }

    /** Stops every timer; nothing is sent or delivered any more. */
    public void close()
    {
        closed = true;
        cancel(retransmitTimer);
        cancel(ackTimer);
        cancel(helloTimer);
        inFlight.clear();
        waiting.clear();
        ahead.clear();
    }

    /** True when everything we sent has been acknowledged. */
    public boolean idle()
    {
        return inFlight.isEmpty() && waiting.isEmpty();
    }

    public long duplicates()
    {
        return duplicates;
    }

    public long outOfWindow()
    {
        return outOfWindow;
    }

    public long retransmissions()
    {
        return retransmissions;
    }

    private void deliverInOrder(final ControlHeader header, final byte[] message)
    {
        nr = SequenceNumbers.next(nr);
        listener.onMessage(header, message);
        byte[] next;
        while (!closed && (next = ahead.remove(nr)) != null)
        {
            nr = SequenceNumbers.next(nr);
            listener.onMessage(headerOf(next), next);
        }
        if (!closed && ackTimer == null)
        {
            ackTimer = scheduler.schedule(config.ackDelayMs(), this::sendZlb);
        }
    }

    /** The peer's Nr acknowledges every message before it (§5.8). */
    private void acknowledged(final int peerNr)
    {
        boolean progress = false;
        while (!inFlight.isEmpty() && SequenceNumbers.before(nsOf(inFlight.peekFirst()), peerNr))
        {
            inFlight.removeFirst();
            progress = true;
        }
        if (progress)
        {
            retries = 0;
            retransmitMs = config.firstRetransmitMs();
            cancel(retransmitTimer);
            retransmitTimer = null;
            sendWaiting();
            armRetransmit();
        }
    }

    private void sendWaiting()
    {
        while (!closed && !waiting.isEmpty() && inFlight.size() < peerWindow)
        {
            final byte[] message = waiting.removeFirst();
            inFlight.addLast(message);
            transmit(message);
        }
        armRetransmit();
    }

    private void armRetransmit()
    {
        if (!closed && retransmitTimer == null && !inFlight.isEmpty())
        {
            retransmitTimer = scheduler.schedule(retransmitMs, this::retransmit);
        }
    }

    private void retransmit()
    {
        retransmitTimer = null;
        if (closed || inFlight.isEmpty())
        {
            return;
        }
        if (retries >= config.maxRetransmissions())
        {
            close();
            listener.onPeerDead("RFC 2661 §5.8: no acknowledgement after " + config.maxRetransmissions() +
                " retransmissions");
            return;
        }
        retries++;
        retransmissions += inFlight.size();
        retransmitMs = Math.min(retransmitMs * 2, config.maxRetransmitMs());
        for (final byte[] message : inFlight)
        {
            transmit(message);
        }
        armRetransmit();
    }

    /** Every message carries our current Nr (§5.8), so it also acknowledges: no ZLB needed. */
    private void transmit(final byte[] message)
    {
        message[AvpDescriptor.NR_OFFSET] = (byte)(nr >>> 8);
        message[AvpDescriptor.NR_OFFSET + 1] = (byte)nr;
        cancel(ackTimer);
        ackTimer = null;
        listener.transmit(message.clone());
    }

    private void sendZlb()
    {
        ackTimer = null;
        if (!closed)
        {
            listener.transmit(ControlMessageCodec.zlb(peerTunnelId, ns, nr));
        }
    }

    private void scheduleHello(final long delayMs)
    {
        if (config.helloIntervalMs() > 0)
        {
            helloTimer = scheduler.schedule(delayMs, this::helloCheck);
        }
    }

    /** §6.5: after helloIntervalMs without a message from the peer, a HELLO; its loss detects a dead peer. */
    private void helloCheck()
    {
        if (closed)
        {
            return;
        }
        final long silentMs = scheduler.nowMs() - lastHeardMs;
        if (silentMs >= config.helloIntervalMs() && idle())
        {
            send(ControlMessage.builder(MessageType.HELLO, peerTunnelId, 0).build());
            lastHeardMs = scheduler.nowMs();
            scheduleHello(config.helloIntervalMs());
        }
        else
        {
            scheduleHello(Math.max(1, config.helloIntervalMs() - silentMs));
        }
    }

    private static int nsOf(final byte[] message)
    {
        return (message[AvpDescriptor.NS_OFFSET] & 0xFF) << 8 | message[AvpDescriptor.NS_OFFSET + 1] & 0xFF;
    }

    private static ControlHeader headerOf(final byte[] message)
    {
        return new ControlHeader(message.length, (message[4] & 0xFF) << 8 | message[5] & 0xFF,
            (message[6] & 0xFF) << 8 | message[7] & 0xFF, nsOf(message),
            (message[AvpDescriptor.NR_OFFSET] & 0xFF) << 8 | message[AvpDescriptor.NR_OFFSET + 1] & 0xFF);
    }

    private static void cancel(final Scheduler.Timer timer)
    {
        if (timer != null)
        {
            timer.cancel();
        }
    }
}
