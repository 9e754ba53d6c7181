package io.portcullis.dataplane.ip;

import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.packet.PacketBuffer;
import io.portcullis.dataplane.packet.PacketVector;

/**
 * The tcp-mss-clamp node: {@link MssClamp#fixup} on every forwarded IPv4 packet of a vector, in
 * either direction (client to LAN after decapsulation, LAN to client before encapsulation).
 * Packets always go on; clamped SYNs are counted.
 */
public final class TcpMssClampNode
{
    private final NodeCounters<IpCounter> counters;
    private final PacketBuffer buffer = new PacketBuffer();
    private int maxMss;

    public TcpMssClampNode(final NodeCounters<IpCounter> counters, final int maxMss)
    {
        this.counters = counters;
        maxMss(maxMss);
    }

    /** Configuration (between bursts): 0 turns clamping off. */
    public void maxMss(final int maxMss)
    {
        if (maxMss < 0 || maxMss > 0xFFFF)
        {
            throw new IllegalArgumentException("mss out of range: " + maxMss);
        }
        this.maxMss = maxMss;
    }

    public void process(final PacketVector vector)
    {
        if (maxMss == 0)
        {
            return;
        }
        int clamped = 0;
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) == PacketVector.NEXT_FORWARD)
            {
                buffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
                if (MssClamp.fixup(buffer, vector.offset(i), vector.length(i), maxMss) == MssClamp.CLAMPED)
                {
                    clamped++;
                }
            }
        }
        counters.add(IpCounter.MSS_CLAMPED, clamped);
    }
}
