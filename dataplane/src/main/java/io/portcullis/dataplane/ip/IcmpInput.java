package io.portcullis.dataplane.ip;

import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketBuffer;
import io.portcullis.dataplane.packet.PacketVector;

/**
 * The icmp4-input node, for ICMP packets addressed to the appliance (ip4-forward's
 * {@link Ipv4Forward#NEXT_LOCAL} with protocol 1): echo requests are answered in place (RFC 792,
 * RFC 1122 §3.2.2.6) and leave as {@link PacketVector#NEXT_FORWARD}, to be routed back; any
 * other ICMP message is dropped, counted apart (errors about our own packets, e.g. path MTU for
 * ESP, have no listener in the control plane yet); a truncated message, a bad checksum or a
 * fragment is dropped too. Like every node it takes the packets whose next is
 * {@link PacketVector#NEXT_FORWARD}; one of another protocol would be a wiring mistake and is
 * dropped, counted, rather than sent back out.
 */
public final class IcmpInput
{
    private final NodeCounters<IpCounter> counters;
    private final PacketBuffer buffer = new PacketBuffer();
    private short identification;

    public IcmpInput(final NodeCounters<IpCounter> counters)
    {
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
            final PacketBuffer buf = buffer;
            buf.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
            final int ip = vector.offset(i);
            if (Ipv4.protocol(buf, ip) != Icmp.PROTOCOL)
            {
                drop(vector, i, IpCounter.NOT_ICMP);
                continue;
            }
            if (Ipv4.isFragment(buf, ip))
            {
                drop(vector, i, IpCounter.ICMP_FRAGMENT);
                continue;
            }
            final int ihl = Ipv4.headerLength(buf, ip);
            final int icmpLength = vector.length(i) - ihl;
            if (icmpLength < Icmp.HEADER_LENGTH)
            {
                drop(vector, i, IpCounter.ICMP_TRUNCATED);
                continue;
            }
            if (!Icmp.checksumValid(buf, ip + ihl, icmpLength))
            {
                drop(vector, i, IpCounter.ICMP_BAD_CHECKSUM);
                continue;
            }
            if ((buf.getByte(ip + ihl + Icmp.TYPE) & 0xFF) != Icmp.ECHO_REQUEST)
            {
                drop(vector, i, IpCounter.ICMP_NOT_ANSWERED);
                continue;
            }
            final int replyIp = Icmp.echoReply(buf, ip, identification++);
            vector.data(i, replyIp, Ipv4.MIN_HEADER_LENGTH + icmpLength);
            counters.increment(IpCounter.ECHO_REPLIED);
        }
    }

    private void drop(final PacketVector vector, final int i, final IpCounter reason)
    {
        counters.increment(reason);
        vector.next(i, PacketVector.NEXT_DROP);
    }
}
