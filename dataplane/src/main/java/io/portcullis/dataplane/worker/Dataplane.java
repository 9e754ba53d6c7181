package io.portcullis.dataplane.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

import io.portcullis.dataplane.api.ControlPacketListener;
import io.portcullis.dataplane.api.SaExpiryListener;
import io.portcullis.dataplane.port.Port;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.status.CountersManager;

/**
 * The whole dataplane of one process: N workers, each with its own queue of the WAN and the
 * LAN port, its command ring and hand-off ring; one punt ring and one SA-expiry ring shared by
 * all; the {@link WorkerCommandRouter} the control plane talks to; and the control plane's
 * {@link #control agent} that delivers waiting commands and reads punted packets and expiries.
 */
public final class Dataplane implements AutoCloseable
{
    public static final int COMMAND_RING_BYTES = 1 << 20;
    public static final int HANDOFF_RING_BYTES = 1 << 20;
    public static final int PUNT_RING_BYTES = 4 << 20;
    public static final int EXPIRY_RING_BYTES = 64 << 10;
    public static final int REPLY_RING_BYTES = 64 << 10;
    private static final int MAX_REJECTIONS_KEPT = 64;

    /** One port's addressing, as the workers need it. */
    public record PortSettings(long mac, int address, int mtu)
    {
    }

    private final List<WorkerBuilder.Built> workers = new ArrayList<>();
    private final ManyToOneRingBuffer puntRing = Rings.manyToOne(PUNT_RING_BYTES);
    private final ManyToOneRingBuffer expiryRing = Rings.manyToOne(EXPIRY_RING_BYTES);
    private final ManyToOneRingBuffer replyRing = Rings.manyToOne(REPLY_RING_BYTES);
    private final SessionTrafficProxy replies = new SessionTrafficProxy(replyRing);
    private final WorkerCommandRouter commands;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final ConcurrentLinkedDeque<String> rejections = new ConcurrentLinkedDeque<>();

    /**
     * @param wanQueues one WAN port queue per worker, by worker index.
     * @param lanQueues one LAN port queue per worker.
     * @param maxMss    TCP MSS clamp, 0 to derive it from the WAN MTU.
     */
    public Dataplane(
        final List<? extends Port> wanQueues, final List<? extends Port> lanQueues, final PortSettings wan,
        final PortSettings lan, final int maxMss, final WorkerBuilder.Limits limits, final CountersManager counters,
        final NanoClock clock)
    {
        if (wanQueues.isEmpty() || wanQueues.size() != lanQueues.size())
        {
            throw new IllegalArgumentException("one WAN and one LAN queue per worker: " + wanQueues.size() + " and " +
                lanQueues.size());
        }
        final int count = wanQueues.size();
        final List<OneToOneRingBuffer> commandRings = new ArrayList<>();
        final List<org.agrona.concurrent.ringbuffer.RingBuffer> handoffRings = new ArrayList<>();
        for (int w = 0; w < count; w++)
        {
            commandRings.add(Rings.oneToOne(COMMAND_RING_BYTES));
            handoffRings.add(Rings.manyToOne(HANDOFF_RING_BYTES));
        }
        final WorkerCommandAdapter.Listener listener = new WorkerCommandAdapter.Listener()
        {
            public void onApplied(final long correlationId)
            {
                applied.incrementAndGet();
            }

            public void onRejected(final long correlationId, final String reason)
            {
                rejected.incrementAndGet();
                rejections.addLast(correlationId + ": " + reason);
                if (rejections.size() > MAX_REJECTIONS_KEPT)
                {
                    rejections.pollFirst();
                }
            }

            public void onSessionTraffic(final long queryId, final boolean found, final long inputOctets,
                final long outputOctets, final long inputPackets, final long outputPackets)
            {
                replies.write(queryId, found, inputOctets, outputOctets, inputPackets, outputPackets);
            }
        };
        for (int w = 0; w < count; w++)
        {
            final int index = w;
            workers.add(WorkerBuilder.build("worker-" + w, wanQueues.get(w), lanQueues.get(w),
                new Worker.Interface(wan.mac(), wan.address()), new Worker.Interface(lan.mac(), lan.address()),
                wan.mtu(), maxMss, limits, counters, commandRings.get(w), puntRing, expiryRing, listener, clock,
                count == 1 ? null : sessions -> new Handoff(index, handoffRings, sessions)));
        }
        this.commands = new WorkerCommandRouter(commandRings);
    }

    public List<Worker> workers()
    {
        return workers.stream().map(WorkerBuilder.Built::worker).toList();
    }

    public WorkerBuilder.Built built(final int worker)
    {
        return workers.get(worker);
    }

    /** What the control plane calls: {@link io.portcullis.dataplane.api.DataplaneCommands}. */
    public WorkerCommandRouter commands()
    {
        return commands;
    }

    /** Commands the workers applied, and rejected (see {@link #rejections()}). */
    public long applied()
    {
        return applied.get();
    }

    public long rejected()
    {
        return rejected.get();
    }

    /** The latest rejections, "correlationId: reason" (reasons never hold keys). */
    public List<String> rejections()
    {
        return List.copyOf(rejections);
    }

    /**
     * The control plane's agent for the dataplane: delivers commands that waited for room,
     * hands punted datagrams to {@code packets} and SA expiries to {@code expiries}, and the
     * workers' answers to traffic queries to the router.
     */
    public Agent control(final ControlPacketListener packets, final SaExpiryListener expiries)
    {
        final PuntAdapter punts = new PuntAdapter(puntRing, new ControlPacketDispatcher(packets));
        final SaExpiryAdapter expired = new SaExpiryAdapter(expiryRing, expiries);
        final SessionTrafficAdapter traffic = new SessionTrafficAdapter(replyRing, commands);
        return new Agent()
        {
            public int doWork()
            {
                return commands.deliverPending() + punts.poll(64) + expired.poll(64) + traffic.poll(64);
            }

            public String roleName()
            {
                return "dataplane-control";
            }
        };
    }

    /** Answers to traffic queries that a full reply ring could not take. */
    public long lostReplies()
    {
        return replies.lost();
    }

    @Override
    public void close()
    {
        workers.forEach(WorkerBuilder.Built::close);
    }
}
