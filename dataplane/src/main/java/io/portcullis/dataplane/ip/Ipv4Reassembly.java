package io.portcullis.dataplane.ip;

import java.nio.ByteOrder;

import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.packet.InternetChecksum;
import io.portcullis.dataplane.packet.Ipv4;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Bounded IPv4 reassembly (RFC 791 §3.2, RFC 815) for fragments addressed to the appliance
 * (fragmented ESP and L2TP from clients). Everything is allocated up front: a fixed number of
 * datagrams in progress, each with room for {@code maxDatagramLength} bytes and up to
 * {@code maxFragments} fragments; a cap on the fragment bytes held across all of them; a
 * timeout from the first fragment, read from an injected clock.
 *
 * <p>Fragments are copied in, so the caller frees (or reuses) every fragment's buffer. A datagram
 * is identified by source, destination, identification and protocol. Rules, each with its
 * counter: every fragment but the last carries a multiple of 8 bytes; nothing ends past 65535;
 * an exact duplicate is dropped alone (RFC 5722 as amended by erratum 3089); any other overlap
 * drops the whole datagram (the spirit of RFC 5722, against overlap attacks); a second last
 * fragment that disagrees on the length, or data past it, drops the datagram.
 */
public final class Ipv4Reassembly
{
    /** The fragment was kept; its buffer may be freed. */
    public static final int HELD = 0;
    /** The fragment completed a datagram: read it through {@link #datagramBuffer()}. */
    public static final int COMPLETE = 1;
    /** The fragment (maybe with its datagram) was dropped and counted. */
    public static final int DROPPED = 2;
    /** Not a fragment (MF clear, offset 0): nothing to do. */
    public static final int NOT_A_FRAGMENT = 3;

    private static final int HEADER_ROOM = 60;
    private static final int MAX_IP_LENGTH = 0xFFFF;
    private static final int NONE = -1;

    private final int maxDatagrams;
    private final int maxFragments;
    private final int maxPayload;
    private final int slotSize;
    private final long memoryCapBytes;
    private final long timeoutNs;
    private final NanoClock clock;
    private final NodeCounters<IpCounter> counters;
    private final UnsafeBuffer storage;

    // Per datagram in progress ("slot"), indexed by slot.
    private final boolean[] inUse;
    private final int[] source;
    private final int[] destination;
    private final int[] idProtocol;
    private final long[] firstNs;
    private final int[] headerLength;
    private final int[] totalPayload;
    private final int[] payloadHeld;
    private final int[] fragmentCount;
    private final int[] fragmentStart;
    private final int[] fragmentEnd;
    private final int[] freeSlots;
    private int freeCount;
    private long bytesHeld;
    /** Open addressing, linear probing: slot + 1, or 0 for empty. */
    private final int[] index;
    private final int indexMask;

    private int completedSlot = NONE;
    private int completedOffset;
    private int completedLength;

    /**
     * @param maxDatagrams      datagrams in reassembly at once.
     * @param maxDatagramLength largest datagram reassembled, header included (at most 65535).
     * @param maxFragments      fragments one datagram may have.
     * @param memoryCapBytes    fragment bytes held at most, across all datagrams.
     * @param timeoutNs         time from a datagram's first fragment to its being given up
     *                          (RFC 791 suggests 15 s, Linux uses 30 s).
     */
    public Ipv4Reassembly(
        final int maxDatagrams, final int maxDatagramLength, final int maxFragments, final long memoryCapBytes,
        final long timeoutNs, final NanoClock clock, final NodeCounters<IpCounter> counters)
    {
        if (maxDatagrams < 1 || maxFragments < 2 || maxDatagramLength < Ipv4Fragmenter.MIN_MTU ||
            maxDatagramLength > MAX_IP_LENGTH || memoryCapBytes < 1 || timeoutNs < 1)
        {
            throw new IllegalArgumentException("bad reassembly limits");
        }
        this.maxDatagrams = maxDatagrams;
        this.maxFragments = maxFragments;
        this.maxPayload = maxDatagramLength - Ipv4.MIN_HEADER_LENGTH;
        this.slotSize = HEADER_ROOM + maxPayload;
        this.memoryCapBytes = memoryCapBytes;
        this.timeoutNs = timeoutNs;
        this.clock = clock;
        this.counters = counters;
        final long storageBytes = ((long)slotSize * maxDatagrams + 63) & ~63L;
        if (storageBytes > Integer.MAX_VALUE - 64)
        {
            throw new IllegalArgumentException("reassembly storage over 2 GiB");
        }
        storage = new UnsafeBuffer(BufferUtil.allocateDirectAligned((int)storageBytes, 64));
        inUse = new boolean[maxDatagrams];
        source = new int[maxDatagrams];
        destination = new int[maxDatagrams];
        idProtocol = new int[maxDatagrams];
        firstNs = new long[maxDatagrams];
        headerLength = new int[maxDatagrams];
        totalPayload = new int[maxDatagrams];
        payloadHeld = new int[maxDatagrams];
        fragmentCount = new int[maxDatagrams];
        fragmentStart = new int[maxDatagrams * maxFragments];
        fragmentEnd = new int[maxDatagrams * maxFragments];
        freeSlots = new int[maxDatagrams];
        for (int s = 0; s < maxDatagrams; s++)
        {
            freeSlots[s] = maxDatagrams - 1 - s;
        }
        freeCount = maxDatagrams;
        index = new int[Integer.highestOneBit(maxDatagrams * 2 - 1) << 1];
        indexMask = index.length - 1;
    }

    /**
     * Takes one fragment: the IPv4 packet of {@code length} bytes at {@code ip}, which
     * ip4-input accepted. Returns {@link #HELD}, {@link #COMPLETE}, {@link #DROPPED} or
     * {@link #NOT_A_FRAGMENT}. A completed datagram stays readable until the next call.
     */
    public int offer(final DirectBuffer buf, final int ip, final int length)
    {
        releaseCompleted();
        final int flags = buf.getShort(ip + Ipv4.FLAGS_FRAGMENT, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final boolean more = (flags & Ipv4.FLAG_MF) != 0;
        final int start = (flags & Ipv4.FRAGMENT_OFFSET_MASK) * 8;
        if (!more && start == 0)
        {
            return NOT_A_FRAGMENT;
        }
        final int ihl = (buf.getByte(ip + Ipv4.VERSION_IHL) & 0x0F) * 4;
        final int dataLength = length - ihl;
        final int end = start + dataLength;
        // RFC 791 §3.2: fragments other than the last carry a multiple of 8 bytes, so that the
        // next offset can be said in 8-byte units; and no datagram is longer than 65535.
        if ((more && (dataLength == 0 || (dataLength & 7) != 0)) || ihl + end > MAX_IP_LENGTH)
        {
            return drop(IpCounter.FRAGMENT_BAD);
        }
        final long nowNs = clock.nanoTime();
        final int src = buf.getInt(ip + Ipv4.SOURCE, ByteOrder.BIG_ENDIAN);
        final int dst = buf.getInt(ip + Ipv4.DESTINATION, ByteOrder.BIG_ENDIAN);
        final int idProto = ((buf.getShort(ip + Ipv4.IDENTIFICATION, ByteOrder.BIG_ENDIAN) & 0xFFFF) << 8) |
            (buf.getByte(ip + Ipv4.PROTOCOL) & 0xFF);
        int slot = find(src, dst, idProto);
        if (slot != NONE && nowNs - firstNs[slot] >= timeoutNs)
        {
            release(slot);
            counters.increment(IpCounter.REASSEMBLY_TIMEOUT);
            slot = NONE;
        }
        if (end > maxPayload)
        {
            if (slot != NONE)
            {
                release(slot);
            }
            return drop(IpCounter.REASSEMBLY_TOO_BIG);
        }
        if (slot == NONE)
        {
            if (bytesHeld + dataLength > memoryCapBytes)
            {
                return drop(IpCounter.REASSEMBLY_MEMORY_CAP);
            }
            if (freeCount == 0 && expire() == 0)
            {
                return drop(IpCounter.REASSEMBLY_TOO_MANY_DATAGRAMS);
            }
            slot = allocate(src, dst, idProto, nowNs);
        }
        final IpCounter rejected = check(slot, start, end, more);
        if (rejected != null)
        {
            if (rejected != IpCounter.FRAGMENT_DUPLICATE)
            {
                release(slot);
            }
            return drop(rejected);
        }
        add(slot, buf, ip, ihl, start, end, more);
        if (totalPayload[slot] >= 0 && headerLength[slot] > 0 && payloadHeld[slot] == totalPayload[slot])
        {
            complete(slot);
            return COMPLETE;
        }
        return HELD;
    }

    /** The buffer holding the datagram the last {@link #COMPLETE} offer finished. */
    public DirectBuffer datagramBuffer()
    {
        return storage;
    }

    public int datagramOffset()
    {
        return completedOffset;
    }

    public int datagramLength()
    {
        return completedLength;
    }

    /** Gives up on every datagram older than the timeout; returns how many. Call once in a while. */
    public int expire()
    {
        final long nowNs = clock.nanoTime();
        int expired = 0;
        for (int s = 0; s < maxDatagrams; s++)
        {
            if (inUse[s] && s != completedSlot && nowNs - firstNs[s] >= timeoutNs)
            {
                release(s);
                expired++;
            }
        }
        counters.add(IpCounter.REASSEMBLY_TIMEOUT, expired);
        return expired;
    }

    /** Datagrams in progress. */
    public int datagrams()
    {
        return maxDatagrams - freeCount - (completedSlot == NONE ? 0 : 1);
    }

    /** Fragment bytes held across the datagrams in progress. */
    public long bytesHeld()
    {
        return bytesHeld;
    }

    private IpCounter check(final int slot, final int start, final int end, final boolean more)
    {
        final int base = slot * maxFragments;
        final int total = totalPayload[slot];
        for (int f = base, last = base + fragmentCount[slot]; f < last; f++)
        {
            if (fragmentStart[f] == start && fragmentEnd[f] == end)
            {
                return IpCounter.FRAGMENT_DUPLICATE;
            }
            if (start < fragmentEnd[f] && fragmentStart[f] < end)
            {
                return IpCounter.FRAGMENT_OVERLAP;
            }
            if (!more && fragmentEnd[f] > end)
            {
                return IpCounter.FRAGMENT_BAD;  // data beyond the end the last fragment gives
            }
        }
        if ((!more && total >= 0 && total != end) || (total >= 0 && end > total))
        {
            return IpCounter.FRAGMENT_BAD;
        }
        if (fragmentCount[slot] == maxFragments)
        {
            return IpCounter.REASSEMBLY_TOO_MANY_FRAGMENTS;
        }
        if (bytesHeld + (end - start) > memoryCapBytes)
        {
            return IpCounter.REASSEMBLY_MEMORY_CAP;
        }
        return null;
    }

    private void add(
        final int slot, final DirectBuffer buf, final int ip, final int ihl, final int start, final int end,
        final boolean more)
    {
        final int slotBase = slot * slotSize;
        storage.putBytes(slotBase + HEADER_ROOM + start, buf, ip + ihl, end - start);
        if (start == 0)
        {
            storage.putBytes(slotBase + HEADER_ROOM - ihl, buf, ip, ihl);
            headerLength[slot] = ihl;
        }
        if (!more)
        {
            totalPayload[slot] = end;
        }
        final int f = slot * maxFragments + fragmentCount[slot]++;
        fragmentStart[f] = start;
        fragmentEnd[f] = end;
        payloadHeld[slot] += end - start;
        bytesHeld += end - start;
    }

    /** The first fragment's header, made whole: total length, no MF, offset 0, checksum. */
    private void complete(final int slot)
    {
        final int ihl = headerLength[slot];
        final int ip = slot * slotSize + HEADER_ROOM - ihl;
        final int totalLength = ihl + totalPayload[slot];
        final int flags = storage.getShort(ip + Ipv4.FLAGS_FRAGMENT, ByteOrder.BIG_ENDIAN) &
            ~(Ipv4.FLAG_MF | Ipv4.FRAGMENT_OFFSET_MASK);
        storage.putShort(ip + Ipv4.TOTAL_LENGTH, (short)totalLength, ByteOrder.BIG_ENDIAN);
        storage.putShort(ip + Ipv4.FLAGS_FRAGMENT, (short)flags, ByteOrder.BIG_ENDIAN);
        storage.putShort(ip + Ipv4.CHECKSUM, (short)0);
        storage.putShort(ip + Ipv4.CHECKSUM, (short)InternetChecksum.fold(InternetChecksum.sum(storage, ip, ihl, 0)),
            ByteOrder.BIG_ENDIAN);
        unindex(slot);
        completedSlot = slot;
        completedOffset = ip;
        completedLength = totalLength;
        bytesHeld -= payloadHeld[slot];
        payloadHeld[slot] = 0;
        counters.increment(IpCounter.REASSEMBLED);
    }

    private void releaseCompleted()
    {
        if (completedSlot != NONE)
        {
            inUse[completedSlot] = false;
            freeSlots[freeCount++] = completedSlot;
            completedSlot = NONE;
        }
    }

    private int allocate(final int src, final int dst, final int idProto, final long nowNs)
    {
        final int slot = freeSlots[--freeCount];
        inUse[slot] = true;
        source[slot] = src;
        destination[slot] = dst;
        idProtocol[slot] = idProto;
        firstNs[slot] = nowNs;
        headerLength[slot] = 0;
        totalPayload[slot] = NONE;
        payloadHeld[slot] = 0;
        fragmentCount[slot] = 0;
        int h = hash(src, dst, idProto) & indexMask;
        while (index[h] != 0)
        {
            h = (h + 1) & indexMask;
        }
        index[h] = slot + 1;
        return slot;
    }

    private void release(final int slot)
    {
        unindex(slot);
        bytesHeld -= payloadHeld[slot];
        payloadHeld[slot] = 0;
        inUse[slot] = false;
        freeSlots[freeCount++] = slot;
    }

    private int find(final int src, final int dst, final int idProto)
    {
        for (int h = hash(src, dst, idProto) & indexMask; index[h] != 0; h = (h + 1) & indexMask)
        {
            final int slot = index[h] - 1;
            if (source[slot] == src && destination[slot] == dst && idProtocol[slot] == idProto)
            {
                return slot;
            }
        }
        return NONE;
    }

    /** Removes a slot from the index, shifting later entries of its probe run back (no tombstones). */
    private void unindex(final int slot)
    {
        int hole = hash(source[slot], destination[slot], idProtocol[slot]) & indexMask;
        while (index[hole] != slot + 1)
        {
            hole = (hole + 1) & indexMask;
        }
        index[hole] = 0;
        for (int j = (hole + 1) & indexMask; index[j] != 0; j = (j + 1) & indexMask)
        {
            final int s = index[j] - 1;
            final int home = hash(source[s], destination[s], idProtocol[s]) & indexMask;
            // Move the entry into the hole unless its home lies cyclically in (hole, j].
            final boolean homeBetween = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!homeBetween)
            {
                index[hole] = index[j];
                index[j] = 0;
                hole = j;
            }
        }
    }

    private static int hash(final int src, final int dst, final int idProto)
    {
        int h = src * 0x9E3779B1;
        h = (h ^ dst) * 0x85EBCA77;
        h = (h ^ idProto) * 0xC2B2AE3D;
        return h ^ (h >>> 16);
    }

    private int drop(final IpCounter reason)
    {
        counters.increment(reason);
        return DROPPED;
    }
}
