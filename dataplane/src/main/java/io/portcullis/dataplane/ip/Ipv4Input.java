package io.portcullis.dataplane.ip;

import java.nio.ByteOrder;

import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketBuffer;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.DirectBuffer;

/**
 * The ip4-input node: every IPv4 packet that arrives (from a LAN port or out of a tunnel) is
 * checked against RFC 791 and RFC 1812 §5.2.2 before anything reads it further. A valid packet
 * keeps {@link PacketVector#NEXT_FORWARD} and is trimmed to its total length (Ethernet pads
 * short frames); an invalid one is dropped under the counter of the rule it broke.
 *
 * <p>TTL is not checked here: RFC 1812 §5.3.1 says a router checks it only when forwarding and
 * must still receive a datagram for itself that arrives with TTL 0 or 1. {@link Ipv4Forward}
 * checks and decrements it.
 */
public final class Ipv4Input
{
    private final NodeCounters<IpCounter> counters;
    private final boolean optionsAllowed;
    private final PacketBuffer buffer = new PacketBuffer();

    /**
     * @param optionsAllowed whether packets with IP options go on (counted) or are dropped;
     *                       options are rare and mostly used to probe or attack.
     */
    public Ipv4Input(final NodeCounters<IpCounter> counters, final boolean optionsAllowed)
    {
        this.counters = counters;
        this.optionsAllowed = optionsAllowed;
    }

    /** Checks every packet of the vector whose next is {@link PacketVector#NEXT_FORWARD}. */
    public void process(final PacketVector vector)
    {
        final int size = vector.size();
        int received = 0;
        for (int i = 0; i < size; i++)
        {
            if (vector.next(i) != PacketVector.NEXT_FORWARD)
            {
                continue;
            }
            buffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
            final int ip = vector.offset(i);
            final IpCounter reason = verify(buffer, ip, vector.length(i), optionsAllowed);
            if (reason != null)
            {
                counters.increment(reason);
                vector.next(i, PacketVector.NEXT_DROP);
                continue;
            }
            if ((buffer.getByte(ip + Ipv4.VERSION_IHL) & 0x0F) > 5)
            {
                counters.increment(IpCounter.OPTIONS);
            }
            vector.data(i, ip, buffer.getShort(ip + Ipv4.TOTAL_LENGTH, ByteOrder.BIG_ENDIAN) & 0xFFFF);
            received++;
        }
        counters.add(IpCounter.RECEIVED, received);
    }

    /**
     * Validates the IPv4 header at {@code ip} in a frame of {@code frameLength} bytes; returns
     * null if the packet may go on, else the counter of the first rule it breaks.
     */
    public static IpCounter verify(
        final DirectBuffer buf, final int ip, final int frameLength, final boolean optionsAllowed)
    {
        if (frameLength < Ipv4.MIN_HEADER_LENGTH)
        {
            return IpCounter.TRUNCATED;
        }
        final int versionIhl = buf.getByte(ip + Ipv4.VERSION_IHL) & 0xFF;
        if ((versionIhl >>> 4) != 4)  // RFC 1812 §5.2.2 (2)
        {
            return IpCounter.NOT_IPV4;
        }
        final int ihl = (versionIhl & 0x0F) * 4;
        if (ihl < Ipv4.MIN_HEADER_LENGTH)  // RFC 1812 §5.2.2 (4)
        {
            return IpCounter.BAD_HEADER_LENGTH;
        }
        if (ihl > frameLength)  // RFC 1812 §5.2.2 (1)
        {
            return IpCounter.TRUNCATED;
        }
        if (!Ipv4.checksumValid(buf, ip, ihl))  // RFC 1812 §5.2.2 (3)
        {
            return IpCounter.BAD_CHECKSUM;
        }
        final int totalLength = buf.getShort(ip + Ipv4.TOTAL_LENGTH, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (totalLength < ihl)  // RFC 1812 §5.2.2 (5)
        {
            return IpCounter.BAD_TOTAL_LENGTH;
        }
        if (totalLength > frameLength)  // RFC 1812 §5.2.2 (1): the frame must hold the datagram
        {
            return IpCounter.LENGTH_BEYOND_FRAME;
        }
        if (ihl > Ipv4.MIN_HEADER_LENGTH)
        {
            if (!optionsAllowed)
            {
                return IpCounter.OPTIONS_NOT_ALLOWED;
            }
            if (!optionsWellFormed(buf, ip + Ipv4.MIN_HEADER_LENGTH, ip + ihl))
            {
                return IpCounter.BAD_OPTIONS;
            }
        }
        final int source = buf.getInt(ip + Ipv4.SOURCE, ByteOrder.BIG_ENDIAN);
        if (!AddressClass.isUnicastSource(source))  // RFC 1812 §5.3.7
        {
            return IpCounter.MARTIAN_SOURCE;
        }
        final int destination = buf.getInt(ip + Ipv4.DESTINATION, ByteOrder.BIG_ENDIAN);
        if (AddressClass.isThisNetwork(destination) || AddressClass.isLoopback(destination))
        {
            return IpCounter.MARTIAN_DESTINATION;
        }
        if (AddressClass.isMulticastOrBroadcast(destination))  // no multicast routing here
        {
            return IpCounter.MULTICAST_OR_BROADCAST;
        }
        return null;
    }

    /**
     * RFC 791 §3.1 option format: end-of-list (0) and no-operation (1) are one byte; every other
     * option has a length byte that counts its type and length bytes and stays inside the header.
     */
    static boolean optionsWellFormed(final DirectBuffer buf, final int from, final int to)
    {
        int p = from;
        while (p < to)
        {
            final int type = buf.getByte(p) & 0xFF;
            if (type == 0)
            {
                return true;
            }
            if (type == 1)
            {
                p++;
                continue;
            }
            if (p + 1 >= to)
            {
                return false;
            }
            final int length = buf.getByte(p + 1) & 0xFF;
            if (length < 2 || p + length > to)
            {
                return false;
            }
            p += length;
        }
        return true;
    }
}
