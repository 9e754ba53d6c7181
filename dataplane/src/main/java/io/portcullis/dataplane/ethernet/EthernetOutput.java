package io.portcullis.dataplane.ethernet;

import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.ip.RouteTable;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketBuffer;
import io.portcullis.dataplane.packet.PacketVector;

/**
 * The ethernet-output node of one port, for IPv4 packets ip4-forward routed to a LAN route
 * ({@link PacketVector#handle} is the route id): the next hop (the route's gateway, or the
 * destination itself on-link) is resolved in the {@link NeighbourCache} and an Ethernet header
 * from the port's MAC is written into the headroom.
 * <p>
 * A packet whose next hop is not resolved yet (the cache has made an ARP request due for it)
 * is taken out of the vector into the port's {@link ArpQueue} (RFC 1122 §2.3.2.2), as is one
 * whose next hop has packets held still, so they leave in order; {@link #release} gives them
 * back. Without a queue such packets are dropped, counted, as VPP does.
 */
public final class EthernetOutput
{
    /** This node's own next: held for ARP; out of the vector by the time {@link #process} returns. */
    private static final int NEXT_HELD = 16;

    private final RouteTable routes;
    private final NeighbourCache neighbours;
    private final long ourMac;
    private final NodeCounters<EthernetCounter> counters;
    private final ArpQueue queue;
    private final PacketVector held = new PacketVector();
    private final PacketBuffer buffer = new PacketBuffer();

    /** An ethernet-output that drops what it cannot resolve at once. */
    public EthernetOutput(
        final RouteTable routes, final NeighbourCache neighbours, final long ourMac,
        final NodeCounters<EthernetCounter> counters)
    {
        this(routes, neighbours, ourMac, counters, null);
    }

    /** An ethernet-output that holds packets in {@code queue} (its port's own) while ARP resolves. */
    public EthernetOutput(
        final RouteTable routes, final NeighbourCache neighbours, final long ourMac,
        final NodeCounters<EthernetCounter> counters, final ArpQueue queue)
    {
        this.routes = routes;
        this.neighbours = neighbours;
        this.ourMac = ourMac;
        this.counters = counters;
        this.queue = queue;
    }

    public void process(final PacketVector vector)
    {
        int holding = 0;
        // Most of a burst goes to one next hop (the WAN gateway, a client's NAT): the previous
        // packet's answer stands for the next while it is resolved, since nothing changes the
        // neighbour cache during one pass.
        int lastHop = 0;
        long lastMac = NeighbourCache.UNRESOLVED;
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) != PacketVector.NEXT_FORWARD)
            {
                continue;
            }
            buffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
            final int ip = vector.offset(i);
            if (ip < EthernetFlyweight.HEADER_LENGTH)
            {
                drop(vector, i, EthernetCounter.NO_HEADROOM);
                continue;
            }
            final int gateway = routes.nextHop(vector.handle(i));
            final int nextHop = gateway != 0 ? gateway : Ipv4.destination(buffer, ip);
            final long mac = nextHop == lastHop && lastMac >= 0 ? lastMac : neighbours.resolve(nextHop);
            if (mac == NeighbourCache.FULL)
            {
                drop(vector, i, EthernetCounter.NEIGHBOUR_CACHE_FULL);
                continue;
            }
            lastHop = nextHop;
            lastMac = mac;
            final boolean hold = queue != null && (mac < 0 || (queue.size() > 0 && queue.holds(nextHop)));
            if (mac < 0 && !hold)
            {
                drop(vector, i, EthernetCounter.NEIGHBOUR_UNRESOLVED);
                continue;
            }
            final int frame = ip - EthernetFlyweight.HEADER_LENGTH;
            EthernetFlyweight.write(buffer, frame, hold ? 0 : mac, ourMac, EthernetFlyweight.TYPE_IPV4);
            vector.data(i, frame, vector.length(i) + EthernetFlyweight.HEADER_LENGTH);
            if (hold)
            {
                vector.handle(i, nextHop);
                vector.next(i, NEXT_HELD);
                holding++;
            }
        }
        if (holding > 0)
        {
            hold(vector);
        }
    }

    /** Moves the held packets out of the vector into the queue; what the queue pushes out returns as drops. */
    private void hold(final PacketVector vector)
    {
        held.clear();
        vector.moveTo(NEXT_HELD, held);
        for (int k = 0, size = held.size(); k < size; k++)
        {
            queue.hold(held, k, held.handle(k), vector);
        }
        held.clear();  // the queue and the vector own those buffers now
    }

    /** How many packets wait for ARP on this port. */
    public int held()
    {
        return queue == null ? 0 : queue.size();
    }

    /**
     * Appends to {@code out} the held packets whose next hop is now resolved (to send, in the
     * order they came) or failed (drops, counted); returns how many. Send {@code out} from this
     * node's port.
     */
    public int release(final PacketVector out)
    {
        return queue == null || queue.size() == 0 ? 0 : queue.release(neighbours, out);
    }

    private void drop(final PacketVector vector, final int i, final EthernetCounter reason)
    {
        counters.increment(reason);
        vector.next(i, PacketVector.NEXT_DROP);
    }
}
