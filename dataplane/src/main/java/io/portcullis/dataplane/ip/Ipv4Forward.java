package io.portcullis.dataplane.ip;

import java.nio.ByteOrder;

import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketBuffer;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.NanoClock;

/**
 * The ip4-forward node: route lookup, TTL and MTU rules (RFC 1812 §5.2.4, §5.3.1) for packets
 * ip4-input accepted. Each packet leaves with {@link PacketVector#handle} set to its route id
 * and one of these next indices (VPP style: values above the common four are this node's own):
 * <ul>
 *   <li>{@link PacketVector#NEXT_FORWARD}: a LAN route, TTL decremented, fits the port MTU;</li>
 *   <li>{@link #NEXT_CLIENT}: a client's host route, to its session's tunnel;</li>
 *   <li>{@link #NEXT_LOCAL}: one of the appliance's addresses, untouched (TTL not checked);</li>
 *   <li>{@link #NEXT_FRAGMENT}: bigger than the route's MTU, DF clear, TTL decremented: the
 *       worker splits it with {@link Ipv4Fragmenter} and sends the pieces by the route;</li>
 *   <li>{@link PacketVector#NEXT_DROP}.</li>
 * </ul>
 * A packet with no route, an expiring TTL, or too big with DF set is turned into the ICMP error
 * the RFCs ask for (in place, see {@link IcmpError}), rate-limited by a {@link TokenBucket}, and
 * routed back to its source; so it too leaves as a LAN or client packet. Its source address is
 * one of the interface it leaves by (RFC 1812 §4.3.2.4), the one the offending packet came in
 * by when routing is symmetric: see {@link IcmpSource}.
 */
public final class Ipv4Forward
{
    public static final int NEXT_CLIENT = 4;
    public static final int NEXT_LOCAL = 5;
    public static final int NEXT_FRAGMENT = 6;

    private final RouteTable routes;
    private final NodeCounters<IpCounter> counters;
    private final TokenBucket icmpErrors;
    private final NanoClock clock;
    private final IcmpSource icmpSource;
    private final PacketBuffer buffer = new PacketBuffer();
    private short identification;

    /** RFC 1812 §4.3.2.4: the address of the interface an ICMP error leaves by, given its route back. */
    @FunctionalInterface
    public interface IcmpSource
    {
        int addressFor(int backRoute);
    }

    /**
     * @param icmpErrors rate limit of the ICMP errors this node sends (all kinds together).
     * @param clock      read only when an ICMP error is due.
     * @param icmpSource the appliance address every ICMP error comes from (one interface).
     */
    public Ipv4Forward(
        final RouteTable routes, final NodeCounters<IpCounter> counters, final TokenBucket icmpErrors,
        final NanoClock clock, final int icmpSource)
    {
        this(routes, counters, icmpErrors, clock, backRoute -> icmpSource);
    }

    /** @param icmpSource picks an ICMP error's source address by the route it takes back. */
    public Ipv4Forward(
        final RouteTable routes, final NodeCounters<IpCounter> counters, final TokenBucket icmpErrors,
        final NanoClock clock, final IcmpSource icmpSource)
    {
        this.routes = routes;
        this.counters = counters;
        this.icmpErrors = icmpErrors;
        this.clock = clock;
        this.icmpSource = icmpSource;
    }

    /**
     * RFC 1191: replaces packet i, an IPv4 packet with DF set that cannot go in one piece because
     * the tunnel it enters leaves only {@code nextHopMtu} bytes for it, by an ICMP fragmentation
     * needed about it (rate-limited like every error), routed back to its source: it leaves with
     * next {@link PacketVector#NEXT_FORWARD} (a LAN route in its handle), {@link #NEXT_CLIENT}
     * (a client's route) or {@link PacketVector#NEXT_DROP}.
     */
    public void fragmentationNeeded(final PacketVector vector, final int i, final int nextHopMtu)
    {
        buffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
        counters.increment(IpCounter.TOO_BIG_FOR_TUNNEL_DF);
        icmpError(vector, i, Icmp.DESTINATION_UNREACHABLE, Icmp.FRAGMENTATION_NEEDED, nextHopMtu);
    }

    /** Processes every packet of the vector whose next is {@link PacketVector#NEXT_FORWARD}. */
    public void process(final PacketVector vector)
    {
        int forwarded = 0;
        int toClient = 0;
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) == PacketVector.NEXT_FORWARD && forward(vector, i))
            {
                forwarded++;
                if (vector.next(i) == NEXT_CLIENT)
                {
                    toClient++;  // counted once per vector: a shared counter's store per packet chains them
                }
            }
        }
        counters.add(IpCounter.FORWARDED, forwarded);
        counters.add(IpCounter.TO_CLIENT, toClient);
    }

    /** Returns true if the packet itself (not an ICMP error about it) goes on. */
    private boolean forward(final PacketVector vector, final int i)
    {
        final PacketBuffer buf = buffer;
        buf.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
        final int ip = vector.offset(i);
        final int route = routes.lookup(Ipv4.destination(buf, ip));
        if (route == RouteTable.NO_ROUTE)
        {
            counters.increment(IpCounter.NO_ROUTE);
            icmpError(vector, i, Icmp.DESTINATION_UNREACHABLE, Icmp.NET_UNREACHABLE, 0);
            return false;
        }
        vector.handle(i, route);
        final int kind = routes.kind(route);
        if (kind == RouteTable.KIND_LOCAL)
        {
            counters.increment(IpCounter.LOCAL);
            vector.next(i, NEXT_LOCAL);
            return false;
        }
        if (Ttl.expired(buf, ip))
        {
            counters.increment(IpCounter.TTL_EXPIRED);
            icmpError(vector, i, Icmp.TIME_EXCEEDED, Icmp.TTL_EXCEEDED_IN_TRANSIT, 0);
            return false;
        }
        final int mtu = routes.mtu(route);
        if (mtu > 0 && vector.length(i) > mtu)
        {
            if ((buf.getShort(ip + Ipv4.FLAGS_FRAGMENT, ByteOrder.BIG_ENDIAN) & Ipv4.FLAG_DF) != 0)
            {
                counters.increment(IpCounter.TOO_BIG_DF);
                icmpError(vector, i, Icmp.DESTINATION_UNREACHABLE, Icmp.FRAGMENTATION_NEEDED, mtu);
                return false;
            }
            Ttl.decrement(buf, ip);
            counters.increment(IpCounter.TOO_BIG);
            vector.next(i, NEXT_FRAGMENT);
            return true;
        }
        Ttl.decrement(buf, ip);
        if (kind == RouteTable.KIND_CLIENT)
        {
            vector.next(i, NEXT_CLIENT);
        }
        return true;
    }

    /** Replaces packet i by an ICMP error about it, routed back to its source, or drops it. */
    private void icmpError(final PacketVector vector, final int i, final int type, final int code, final int mtu)
    {
        final PacketBuffer buf = buffer;
        final int ip = vector.offset(i);
        final int length = vector.length(i);
        vector.next(i, PacketVector.NEXT_DROP);
        if (!IcmpError.permitted(buf, ip, length))
        {
            counters.increment(IpCounter.ICMP_ERROR_NOT_ALLOWED);
            return;
        }
        final int back = routes.lookup(Ipv4.source(buf, ip));
        if (back == RouteTable.NO_ROUTE || routes.kind(back) == RouteTable.KIND_LOCAL)
        {
            counters.increment(IpCounter.ICMP_ERROR_UNROUTABLE);
            return;
        }
        if (ip < IcmpError.HEADROOM)
        {
            counters.increment(IpCounter.ICMP_ERROR_NO_HEADROOM);
            return;
        }
        if (!icmpErrors.tryAcquire(clock.nanoTime()))
        {
            counters.increment(IpCounter.ICMP_ERROR_RATE_LIMITED);
            return;
        }
        final int errorLength = IcmpError.write(buf, ip, length, type, code, mtu, icmpSource.addressFor(back),
            identification++);
        vector.data(i, ip - IcmpError.HEADROOM, errorLength);
        vector.handle(i, back);
        vector.next(i, routes.kind(back) == RouteTable.KIND_CLIENT ? NEXT_CLIENT : PacketVector.NEXT_FORWARD);
        counters.increment(IpCounter.ICMP_ERROR_SENT);
    }
}
