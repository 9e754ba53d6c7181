package io.portcullis.dataplane.ethernet;

import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.ip.RouteTable;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The ethernet-output node of one port, for IPv4 packets ip4-forward routed to a LAN route
 * ({@link PacketVector#handle} is the route id): the next hop (the route's gateway, or the
 * destination itself on-link) is resolved in the {@link NeighbourCache} and an Ethernet header
 * from the port's MAC is written into the headroom. A packet whose next hop is not resolved yet
 * is dropped, counted, as VPP does; the cache has made an ARP request due for it.
 */
public final class EthernetOutput
{
    private final RouteTable routes;
    private final NeighbourCache neighbours;
    private final long ourMac;
    private final NodeCounters<EthernetCounter> counters;
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);

    public EthernetOutput(
        final RouteTable routes, final NeighbourCache neighbours, final long ourMac,
        final NodeCounters<EthernetCounter> counters)
    {
        this.routes = routes;
        this.neighbours = neighbours;
        this.ourMac = ourMac;
        this.counters = counters;
    }

    public void process(final PacketVector vector)
    {
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) != PacketVector.NEXT_FORWARD)
            {
                continue;
            }
            buffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
            final int ip = vector.offset(i);
            final int gateway = routes.nextHop(vector.handle(i));
            final long mac = neighbours.resolve(gateway != 0 ? gateway : Ipv4.destination(buffer, ip));
            if (mac < 0)
            {
                drop(vector, i, mac == NeighbourCache.FULL ?
                    EthernetCounter.NEIGHBOUR_CACHE_FULL : EthernetCounter.NEIGHBOUR_UNRESOLVED);
                continue;
            }
            if (ip < EthernetFlyweight.HEADER_LENGTH)
            {
                drop(vector, i, EthernetCounter.NO_HEADROOM);
                continue;
            }
            final int frame = ip - EthernetFlyweight.HEADER_LENGTH;
            EthernetFlyweight.write(buffer, frame, mac, ourMac, EthernetFlyweight.TYPE_IPV4);
            vector.data(i, frame, vector.length(i) + EthernetFlyweight.HEADER_LENGTH);
        }
    }

    private void drop(final PacketVector vector, final int i, final EthernetCounter reason)
    {
        counters.increment(reason);
        vector.next(i, PacketVector.NEXT_DROP);
    }
}
