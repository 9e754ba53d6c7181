package io.portcullis.dataplane.ethernet;

import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.packet.PacketBuffer;
import io.portcullis.dataplane.packet.PacketVector;

/**
 * The arp-input node of one port, for the ARP frames ethernet-input hands it (whole frames,
 * from the Ethernet header). Follows RFC 826's packet reception: the sender is merged into the
 * {@link NeighbourCache} if known; if the target address is one we answer for, the sender is
 * added, and a request is turned into our reply in place and sent back out of the same port
 * ({@link PacketVector#NEXT_FORWARD}). Everything else is consumed or dropped, counted.
 */
public final class ArpInput
{
    /** The addresses this port answers ARP for: its own, and any it proxies (e.g. clients'). */
    @FunctionalInterface
    public interface Targets
    {
        boolean answersFor(int ipAddress);
    }

    private final long ourMac;
    private final Targets targets;
    private final NeighbourCache neighbours;
    private final NodeCounters<EthernetCounter> counters;
    private final PacketBuffer buffer = new PacketBuffer();

    public ArpInput(
        final long ourMac, final Targets targets, final NeighbourCache neighbours,
        final NodeCounters<EthernetCounter> counters)
    {
        this.ourMac = ourMac;
        this.targets = targets;
        this.neighbours = neighbours;
        this.counters = counters;
    }

    public void process(final PacketVector vector)
    {
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) == PacketVector.NEXT_FORWARD)
            {
                buffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
                final EthernetCounter outcome = receive(buffer, vector.offset(i), vector.length(i));
                counters.increment(outcome);
                vector.next(i, outcome == EthernetCounter.ARP_REPLIED ? PacketVector.NEXT_FORWARD :
                    outcome == EthernetCounter.ARP_REPLY_RECEIVED || outcome == EthernetCounter.ARP_NOT_FOR_US ?
                    PacketVector.NEXT_CONSUMED : PacketVector.NEXT_DROP);
            }
        }
    }

    private EthernetCounter receive(final PacketBuffer buf, final int frame, final int length)
    {
        final EthernetCounter invalid = Arp.verify(buf, frame, length);
        if (invalid != null)
        {
            return invalid;
        }
        final int sender = Arp.senderAddress(buf, frame);
        final long senderMac = Arp.senderMac(buf, frame);
        if (sender != 0 && targets.answersFor(sender))
        {
            return EthernetCounter.ARP_ADDRESS_CONFLICT;  // someone else claims our address: learn nothing
        }
        // An ARP probe (RFC 5227 §2.1.1) has sender address 0: nothing to learn from it.
        final boolean merged = sender != 0 && neighbours.update(sender, senderMac);
        if (!targets.answersFor(Arp.targetAddress(buf, frame)))
        {
            return EthernetCounter.ARP_NOT_FOR_US;
        }
        if (!merged && sender != 0)
        {
            neighbours.learn(sender, senderMac);
        }
        if (Arp.operation(buf, frame) == Arp.REQUEST)
        {
            Arp.turnIntoReply(buf, frame, ourMac);
            return EthernetCounter.ARP_REPLIED;
        }
        return EthernetCounter.ARP_REPLY_RECEIVED;
    }
}
