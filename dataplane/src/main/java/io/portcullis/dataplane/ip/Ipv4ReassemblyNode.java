package io.portcullis.dataplane.ip;

import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketBuffer;
import io.portcullis.dataplane.packet.PacketVector;

/**
 * The ip4-reassembly node, for packets addressed to the appliance: fragments go into
 * {@link Ipv4Reassembly} and their buffers are released ({@link PacketVector#NEXT_CONSUMED});
 * the fragment that completes a datagram gets the whole datagram copied into its own buffer and
 * goes on ({@link PacketVector#NEXT_FORWARD}). The datagram keeps the
 * fragment's offset if it fits there, else it ends at the buffer's end; a datagram bigger than
 * the buffer is dropped. Packets that are not fragments pass untouched.
 */
public final class Ipv4ReassemblyNode
{
    private final Ipv4Reassembly reassembly;
    private final NodeCounters<IpCounter> counters;
    private final PacketBuffer buffer = new PacketBuffer();

    public Ipv4ReassemblyNode(final Ipv4Reassembly reassembly, final NodeCounters<IpCounter> counters)
    {
        this.reassembly = reassembly;
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
            if (!Ipv4.isFragment(buffer, ip))
            {
                continue;
            }
            switch (reassembly.offer(buffer, ip, vector.length(i)))
            {
                case Ipv4Reassembly.HELD -> vector.next(i, PacketVector.NEXT_CONSUMED);
                case Ipv4Reassembly.COMPLETE -> deliver(vector, i, ip);
                default -> vector.next(i, PacketVector.NEXT_DROP);
            }
        }
    }

    private void deliver(final PacketVector vector, final int i, final int fragmentOffset)
    {
        final int length = reassembly.datagramLength();
        final int capacity = vector.bufferCapacity(i);
        if (length > capacity)
        {
            counters.increment(IpCounter.REASSEMBLY_NO_BUFFER_ROOM);
            vector.next(i, PacketVector.NEXT_DROP);
            return;
        }
        final int offset = fragmentOffset + length <= capacity ? fragmentOffset : capacity - length;
        buffer.putBytes(offset, reassembly.datagramBuffer(), reassembly.datagramOffset(), length);
        vector.data(i, offset, length);
    }
}
