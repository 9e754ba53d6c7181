package io.portcullis.dataplane.ethernet;

import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.packet.PacketBuffer;
import io.portcullis.dataplane.packet.PacketVector;

/**
 * The ethernet-input node of one port: frames addressed to the port's MAC (or to a group
 * address) are sorted by EtherType. IPv4 loses its Ethernet header and goes on
 * ({@link PacketVector#NEXT_FORWARD}, to ip4-input); ARP keeps it and goes to {@link #NEXT_ARP};
 * anything else (VLAN tags, IPv6 for now) is dropped, counted.
 */
public final class EthernetInput
{
    public static final int NEXT_ARP = 4;

    private final long ourMac;
    private final NodeCounters<EthernetCounter> counters;
    private final PacketBuffer buffer = new PacketBuffer();
    private final EthernetFlyweight ethernet = new EthernetFlyweight();

    public EthernetInput(final long ourMac, final NodeCounters<EthernetCounter> counters)
    {
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
            final int frame = vector.offset(i);
            final int length = vector.length(i);
            if (length < EthernetFlyweight.HEADER_LENGTH)
            {
                drop(vector, i, EthernetCounter.ETHERNET_TRUNCATED);
                continue;
            }
            buffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
            ethernet.wrap(buffer, frame);
            final long destination = ethernet.destination();
            if (destination != ourMac && !EthernetFlyweight.isMulticast(destination))
            {
                drop(vector, i, EthernetCounter.NOT_OUR_MAC);
                continue;
            }
            switch (ethernet.etherType())
            {
                case EthernetFlyweight.TYPE_IPV4 -> vector.data(i, frame + EthernetFlyweight.HEADER_LENGTH,
                    length - EthernetFlyweight.HEADER_LENGTH);
                case EthernetFlyweight.TYPE_ARP -> vector.next(i, NEXT_ARP);
                default -> drop(vector, i, EthernetCounter.UNKNOWN_ETHERTYPE);
            }
        }
    }

    private void drop(final PacketVector vector, final int i, final EthernetCounter reason)
    {
        counters.increment(reason);
        vector.next(i, PacketVector.NEXT_DROP);
    }
}
