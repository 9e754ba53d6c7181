package io.portcullis.controlplane.aaa;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * An IPv4 client pool ({@code set vpn l2tp remote-access client-ip-pool start A stop B}): each
 * address is leased to one holder at a time, released when its session goes, and never handed
 * out twice. Free addresses are taken round-robin, so a just-released address is reused last
 * (routes and ARP caches elsewhere have time to forget it). Addresses are IPv4 in host order.
 */
public final class AddressPool
{
    private final int first;
    private final int size;
    private final BitSet leased;
    private final Map<Object, Integer> byHolder = new HashMap<>();
    private int cursor;

    public AddressPool(final int first, final int last)
    {
        if (Integer.compareUnsigned(first, last) > 0 || (long)(last - first) + 1 > 1 << 24)
        {
            throw new IllegalArgumentException("pool start must not be above stop, and at most a /8");
        }
        this.first = first;
        this.size = last - first + 1;
        this.leased = new BitSet(size);
    }

    /** Leases a free address to {@code holder}; the one it already holds if any; 0 if the pool is exhausted. */
    public int lease(final Object holder)
    {
        final Integer held = byHolder.get(holder);
        if (held != null)
        {
            return held;
        }
        int index = leased.nextClearBit(cursor);
        if (index >= size)
        {
            index = leased.nextClearBit(0);
        }
        if (index >= size)
        {
            return 0;
        }
        leased.set(index);
        cursor = index + 1;
        byHolder.put(holder, first + index);
        return first + index;
    }

    /** Leases a specific address (a user's static one); false if it is outside the pool or taken. */
    public boolean leaseExactly(final Object holder, final int address)
    {
        final int index = address - first;
        if (index < 0 || index >= size || leased.get(index) || byHolder.containsKey(holder))
        {
            return false;
        }
        leased.set(index);
        byHolder.put(holder, address);
        return true;
    }

    /** Gives back what {@code holder} leased; releasing twice or without a lease does nothing. */
    public void release(final Object holder)
    {
        final Integer address = byHolder.remove(holder);
        if (address != null)
        {
            leased.clear(address - first);
        }
    }

    public boolean contains(final int address)
    {
        final int index = address - first;
        return index >= 0 && index < size;
    }

    public int leasedCount()
    {
        return byHolder.size();
    }

    public int size()
    {
        return size;
    }
}
