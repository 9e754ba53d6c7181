package io.portcullis.dataplane.packet;

import java.util.Arrays;

/**
 * A burst of packets moving through a graph node (VPP's vector). Each packet is a buffer
 * (for DPDK: an mbuf's data room) with headroom before {@code offset} and tailroom after
 * {@code offset + length}, so encapsulation grows it in place. A node writes {@link #next}
 * per packet to say where the packet goes; drops are counted by the node that drops.
 */
public final class PacketVector
{
    public static final int MAX_SIZE = 256;

    /** Packet goes on to the next node of the usual path. */
    public static final int NEXT_FORWARD = 0;
    /** Packet is for the control plane (punt ring). */
    public static final int NEXT_PUNT = 1;
    /** Packet was dropped and counted; free its buffer. */
    public static final int NEXT_DROP = 2;
    /** Packet was fully handled (e.g. a NAT keepalive); free its buffer. */
    public static final int NEXT_CONSUMED = 3;

    private long[] mbuf = new long[MAX_SIZE];
    private long[] bufferAddress = new long[MAX_SIZE];
    private int[] bufferCapacity = new int[MAX_SIZE];
    private int[] offset = new int[MAX_SIZE];
    private int[] length = new int[MAX_SIZE];
    private int[] handle = new int[MAX_SIZE];
    private int[] next = new int[MAX_SIZE];
    private int[] pendingChecksum = new int[MAX_SIZE];
    private int size;

    public int size()
    {
        return size;
    }

    public void clear()
    {
        size = 0;
    }

    /** Appends a packet: {@code length} bytes at {@code bufferAddress + offset}; returns its index. */
    public int add(final long bufferAddress, final int bufferCapacity, final int offset, final int length)
    {
        return add(0, bufferAddress, bufferCapacity, offset, length);
    }

    /**
     * Appends a packet whose buffer a port owns: {@code mbuf} is the port's handle for it (for DPDK
     * the {@code struct rte_mbuf *}), which the port frees or sends; 0 if no port owns the buffer.
     */
    public int add(final long mbuf, final long bufferAddress, final int bufferCapacity, final int offset,
        final int length)
    {
        if (size == MAX_SIZE)
        {
            throw new IllegalStateException("vector full");
        }
        final int i = size++;
        this.mbuf[i] = mbuf;
        this.bufferAddress[i] = bufferAddress;
        this.bufferCapacity[i] = bufferCapacity;
        this.offset[i] = offset;
        this.length[i] = length;
        this.handle[i] = 0;
        this.next[i] = NEXT_FORWARD;
        this.pendingChecksum[i] = 0;
        return i;
    }

    /** The port's handle of packet i's buffer (a {@code struct rte_mbuf *} for DPDK), 0 if none. */
    public long mbuf(final int i)
    {
        return mbuf[i];
    }

    public void mbuf(final int i, final long value)
    {
        mbuf[i] = value;
    }

    public long bufferAddress(final int i)
    {
        return bufferAddress[i];
    }

    public int bufferCapacity(final int i)
    {
        return bufferCapacity[i];
    }

    public int offset(final int i)
    {
        return offset[i];
    }

    public int length(final int i)
    {
        return length[i];
    }

    public void data(final int i, final int offset, final int length)
    {
        this.offset[i] = offset;
        this.length[i] = length;
    }

    /** Per-packet metadata a node sets for the next one (outbound: the SA handle). */
    public int handle(final int i)
    {
        return handle[i];
    }

    public void handle(final int i, final int value)
    {
        handle[i] = value;
    }

    /**
     * Where, from the start of packet i's IPv4 payload, a TCP/UDP checksum field waits to be
     * completed by a later node (it holds the folded pseudo-header sum, as Linux's
     * CHECKSUM_PARTIAL leaves it for a NIC): l2tp-encap leaves it so for esp4-encrypt, whose
     * crypto burst sums the bytes it encrypts anyway. 0 if none.
     */
    public int pendingChecksum(final int i)
    {
        return pendingChecksum[i];
    }

    public void pendingChecksum(final int i, final int offset)
    {
        pendingChecksum[i] = offset;
    }

    public int next(final int i)
    {
        return next[i];
    }

    public void next(final int i, final int value)
    {
        next[i] = value;
    }

    /**
     * Moves the packets whose next is {@code next} to the end of {@code to}, as forward packets
     * there, and closes the gaps they leave here: a graph's fork to another branch. The buffers
     * go with them, so only {@code to}'s port will send or free them.
     */
    public void moveTo(final int next, final PacketVector to)
    {
        // A fork usually takes none of a burst or all of it (every LAN packet to a client's
        // tunnel): a count first, a branch-free pass, answers both without touching the rest.
        int matching = 0;
        for (int i = 0; i < size; i++)
        {
            matching += this.next[i] == next ? 1 : 0;
        }
        if (matching == 0)
        {
            return;
        }
        if (matching == size && to.size == 0)
        {
            swapPackets(to);
            Arrays.fill(to.next, 0, to.size, NEXT_FORWARD);
            return;
        }
        int kept = 0;
        for (int i = 0; i < size; i++)
        {
            if (this.next[i] == next)
            {
                final int j = to.add(mbuf[i], bufferAddress[i], bufferCapacity[i], offset[i], length[i]);
                to.handle[j] = handle[i];
                to.pendingChecksum[j] = pendingChecksum[i];
            }
            else
            {
                if (kept != i)
                {
                    mbuf[kept] = mbuf[i];
                    bufferAddress[kept] = bufferAddress[i];
                    bufferCapacity[kept] = bufferCapacity[i];
                    offset[kept] = offset[i];
                    length[kept] = length[i];
                    handle[kept] = handle[i];
                    pendingChecksum[kept] = pendingChecksum[i];
                    this.next[kept] = this.next[i];
                }
                kept++;
            }
        }
        size = kept;
    }

    /** Exchanges this vector's packets with {@code other}'s: their arrays, not their contents. */
    private void swapPackets(final PacketVector other)
    {
        final long[] mbufs = mbuf;
        mbuf = other.mbuf;
        other.mbuf = mbufs;
        final long[] addresses = bufferAddress;
        bufferAddress = other.bufferAddress;
        other.bufferAddress = addresses;
        int[] t = bufferCapacity;
        bufferCapacity = other.bufferCapacity;
        other.bufferCapacity = t;
        t = offset;
        offset = other.offset;
        other.offset = t;
        t = length;
        length = other.length;
        other.length = t;
        t = handle;
        handle = other.handle;
        other.handle = t;
        t = next;
        next = other.next;
        other.next = t;
        t = pendingChecksum;
        pendingChecksum = other.pendingChecksum;
        other.pendingChecksum = t;
        final int n = size;
        size = other.size;
        other.size = n;
    }
}
