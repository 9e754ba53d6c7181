package io.portcullis.dataplane.ethernet;

import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.packet.PacketBuffer;
import io.portcullis.dataplane.packet.PacketVector;

/**
 * The packets of one port waiting for ARP to resolve their next hop (RFC 1122 §2.3.2.2, "ARP
 * Packet Queue": the link layer SHOULD save at least the latest packet for an unresolved address
 * and send it once resolved). Like Linux's {@code unres_qlen}: at most {@code perNeighbour}
 * packets a neighbour (a newer packet pushes the oldest out, so the latest are kept) and at most
 * {@code capacity} in all; they leave in arrival order when the {@link NeighbourCache} learns the
 * address, or are dropped when it gives up (its {@code maxProbes} requests, {@code retransmitNs}
 * apart, went unanswered: the ARP retry give-up is the timeout) or forgets the address.
 * <p>
 * Held packets are whole frames whose destination MAC is still to be written. Their buffers
 * belong to the queue: a held packet is out of every vector the ports see, so no port frees or
 * reuses it until {@link #release} puts it into one again (to be sent, or freed as a drop). One
 * writer (the worker); the packets sit in a vector of the queue's own, in arrival order, with
 * their next hop as handle.
 */
public final class ArpQueue
{
    /** Linux's historic {@code unres_qlen} was 3; one more lets a ping's first try survive a retry. */
    public static final int DEFAULT_PER_NEIGHBOUR = 4;
    public static final int DEFAULT_CAPACITY = 64;

    /** Marks within {@link #held}: stays (every packet's next until marked), leaves resolved, leaves dropped. */
    private static final int STAYS = PacketVector.NEXT_FORWARD;
    private static final int RESOLVED = 1;
    private static final int GAVE_UP = 2;

    private final int capacity;
    private final int perNeighbour;
    private final NodeCounters<EthernetCounter> counters;
    private final PacketVector held = new PacketVector();
    private final PacketBuffer buffer = new PacketBuffer();

    public ArpQueue(final int capacity, final int perNeighbour, final NodeCounters<EthernetCounter> counters)
    {
        if (capacity < 1 || capacity > PacketVector.MAX_SIZE || perNeighbour < 1)
        {
            throw new IllegalArgumentException("bad arp queue parameters");
        }
        this.capacity = capacity;
        this.perNeighbour = perNeighbour;
        this.counters = counters;
    }

    /** How many packets are held. */
    public int size()
    {
        return held.size();
    }

    /** Whether packets for {@code address} are held (a later one must queue behind them). */
    public boolean holds(final int address)
    {
        for (int s = 0, size = held.size(); s < size; s++)
        {
            if (held.handle(s) == address)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes packet {@code i} of {@code from} (already out of the vector it came in, see
     * {@link EthernetOutput}) for next hop {@code address}. If the neighbour has its share held,
     * its oldest packet is pushed out into {@code drops} as a drop; if the queue is full, the
     * packet itself goes to {@code drops}. Either way {@code drops} gains at most one packet.
     */
    public void hold(final PacketVector from, final int i, final int address, final PacketVector drops)
    {
        int count = 0;
        int oldest = -1;
        for (int s = 0, size = held.size(); s < size; s++)
        {
            if (held.handle(s) == address && count++ == 0)
            {
                oldest = s;
            }
        }
        if (count >= perNeighbour)
        {
            counters.increment(EthernetCounter.ARP_QUEUE_OVERFLOW);
            held.next(oldest, GAVE_UP);
            moveOut(GAVE_UP, drops, PacketVector.NEXT_DROP);
        }
        else if (held.size() == capacity)
        {
            counters.increment(EthernetCounter.NEIGHBOUR_UNRESOLVED);
            drops.next(drops.add(from.mbuf(i), from.bufferAddress(i), from.bufferCapacity(i), from.offset(i),
                from.length(i)), PacketVector.NEXT_DROP);
            return;
        }
        held.handle(held.add(from.mbuf(i), from.bufferAddress(i), from.bufferCapacity(i), from.offset(i),
            from.length(i)), address);
        counters.increment(EthernetCounter.ARP_QUEUE_HELD);
    }

    /**
     * Appends to {@code out} (which must have room for {@link #size()} packets) every held packet
     * whose neighbour {@code cache} now knows, destination MAC written, as forward packets in the
     * order they came; and, as drops, those whose resolution the cache gave up. The rest stay.
     * Returns how many left the queue.
     */
    public int release(final NeighbourCache cache, final PacketVector out)
    {
        final int before = held.size();
        for (int s = 0; s < before; s++)
        {
            final long mac = cache.known(held.handle(s));
            if (mac >= 0)
            {
                buffer.wrap(held.bufferAddress(s), held.bufferCapacity(s));
                EthernetFlyweight.putMac(buffer, held.offset(s) + EthernetFlyweight.DESTINATION, mac);
                held.next(s, RESOLVED);
                counters.increment(EthernetCounter.ARP_QUEUE_RELEASED);
            }
            else if (mac == NeighbourCache.GAVE_UP)
            {
                held.next(s, GAVE_UP);
                counters.increment(EthernetCounter.ARP_RESOLUTION_FAILED);
            }
        }
        moveOut(GAVE_UP, out, PacketVector.NEXT_DROP);
        moveOut(RESOLVED, out, PacketVector.NEXT_FORWARD);
        return before - held.size();
    }

    /** Moves the held packets marked {@code mark} to the end of {@code out}, with next {@code next} there. */
    private void moveOut(final int mark, final PacketVector out, final int next)
    {
        final int first = out.size();
        held.moveTo(mark, out);
        for (int j = first, size = out.size(); j < size; j++)
        {
            out.next(j, next);
        }
    }
}
