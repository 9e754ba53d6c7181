package io.portcullis.dataplane.ip;

import java.util.Arrays;

import org.agrona.collections.Long2LongHashMap;

/**
 * One worker's IPv4 forwarding table: longest-prefix match over LAN routes (next hop, output
 * port), one host route per connected client (client address to session handle) and the
 * appliance's own addresses (local delivery).
 *
 * <p>Prefixes live in one hash map keyed by (length, prefix). A lookup masks the destination
 * with each prefix length in use, longest first, and stops at the first hit: with the usual
 * handful of distinct lengths (/32 for clients and local addresses, a few LAN lengths, /0) that
 * is a handful of probes, and no allocation. Routes have stable ids, valid until removed; the
 * table has one writer (its worker, applying control commands between bursts).
 *
 * <p>In front of the search sits a direct-mapped cache of the destinations looked up lately
 * (1,024 slots by a multiplicative hash): a worker's traffic goes to a limited set of clients,
 * LAN hosts and next hops, and a hit costs one array read instead of a probe per prefix length.
 * Every change to the table empties it, so it never answers with a route that has gone or been
 * overtaken by a more specific one.
 */
public final class RouteTable
{
    public static final int NO_ROUTE = -1;

    /** A LAN route: out of {@link #port} to {@link #nextHop} (0: the destination is on-link). */
    public static final int KIND_LAN = 0;
    /** A connected client's address: into the tunnel of {@link #session}. */
    public static final int KIND_CLIENT = 1;
    /** One of the appliance's own addresses. */
    public static final int KIND_LOCAL = 2;

    private static final long MISSING = -1L;
    private static final int CACHE_BITS = 10;
    private static final int[] MASKS = new int[33];

    static
    {
        for (int length = 1; length <= 32; length++)
        {
            MASKS[length] = -1 << (32 - length);
        }
    }

    private final Long2LongHashMap index;
    private final int maxRoutes;
    private final int[] prefix;
    private final byte[] prefixLength;
    private final byte[] kind;
    private final int[] nextHop;
    private final int[] port;
    private final int[] session;
    private final int[] mtu;
    private final int[] free;
    private int freeCount;
    private long version;
    private final int[] routesOfLength = new int[33];
    private final int[] searchLengths = new int[33];
    private int searchCount;
    /** Slot (by destination hash): destination in the high 32 bits, route id + 1 in the low; 0 is empty. */
    private final long[] cache = new long[1 << CACHE_BITS];

    public RouteTable(final int maxRoutes)
    {
        if (maxRoutes < 1)
        {
            throw new IllegalArgumentException("maxRoutes must be positive: " + maxRoutes);
        }
        this.maxRoutes = maxRoutes;
        // Load factor 0.5 and capacity for all routes up front: the map never resizes.
        index = new Long2LongHashMap(maxRoutes * 2, 0.5f, MISSING);
        prefix = new int[maxRoutes];
        prefixLength = new byte[maxRoutes];
        kind = new byte[maxRoutes];
        nextHop = new int[maxRoutes];
        port = new int[maxRoutes];
        session = new int[maxRoutes];
        mtu = new int[maxRoutes];
        free = new int[maxRoutes];
        for (int i = 0; i < maxRoutes; i++)
        {
            free[i] = maxRoutes - 1 - i;
        }
        freeCount = maxRoutes;
    }

    /**
     * Adds or replaces a LAN route; returns its id, or {@link #NO_ROUTE} if the table is full.
     *
     * @param nextHop the gateway, or 0 when the destination itself is on the link.
     * @param mtu     the egress MTU of the port.
     */
    public int addLan(final int prefix, final int prefixLength, final int nextHop, final int port, final int mtu)
    {
        return put(prefix, prefixLength, KIND_LAN, nextHop, port, 0, mtu);
    }

    /** Adds or replaces the host route of a connected client; {@code mtu} is the tunnel's inner MTU. */
    public int addClient(final int address, final int session, final int mtu)
    {
        return put(address, 32, KIND_CLIENT, 0, 0, session, mtu);
    }

    /** Adds one of the appliance's own addresses. */
    public int addLocal(final int address)
    {
        return put(address, 32, KIND_LOCAL, 0, 0, 0, 0);
    }

    /** Removes the route for exactly this prefix; returns whether there was one. */
    public boolean remove(final int prefix, final int prefixLength)
    {
        checkPrefix(prefix, prefixLength);
        version++;
        Arrays.fill(cache, 0L);
        final long id = index.remove(key(prefix, prefixLength));
        if (id == MISSING)
        {
            return false;
        }
        free[freeCount++] = (int)id;
        if (--routesOfLength[prefixLength] == 0)
        {
            rebuildSearchLengths();
        }
        return true;
    }

    /** The id of the route for exactly this prefix, or {@link #NO_ROUTE}. */
    public int find(final int prefix, final int prefixLength)
    {
        checkPrefix(prefix, prefixLength);
        return (int)index.get(key(prefix, prefixLength));
    }

    /**
     * Goes up with every change to the table, so what a worker derived from routes (a session's
     * tunnel MTU) can be cached and known stale.
     */
    public long version()
    {
        return version;
    }

    /** Longest-prefix match: the id of the most specific route covering {@code destination}. */
    public int lookup(final int destination)
    {
        final int slot = (destination * 0x9E37_79B1) >>> (32 - CACHE_BITS);
        final long cached = cache[slot];
        if (cached != 0 && (int)(cached >>> 32) == destination)
        {
            return (int)cached - 1;
        }
        final int route = search(destination);
        if (route != NO_ROUTE)
        {
            cache[slot] = ((long)destination << 32) | (route + 1);
        }
        return route;
    }

    private int search(final int destination)
    {
        for (int i = 0; i < searchCount; i++)
        {
            final int length = searchLengths[i];
            final long id = index.get(key(destination & MASKS[length], length));
            if (id != MISSING)
            {
                return (int)id;
            }
        }
        return NO_ROUTE;
    }

    public int size()
    {
        return maxRoutes - freeCount;
    }

    public int kind(final int route)
    {
        return kind[route];
    }

    public int prefix(final int route)
    {
        return prefix[route];
    }

    public int prefixLength(final int route)
    {
        return prefixLength[route];
    }

    public int nextHop(final int route)
    {
        return nextHop[route];
    }

    public int port(final int route)
    {
        return port[route];
    }

    public int session(final int route)
    {
        return session[route];
    }

    public int mtu(final int route)
    {
        return mtu[route];
    }

    private int put(
        final int prefix, final int prefixLength, final int kind, final int nextHop, final int port,
        final int session, final int mtu)
    {
        checkPrefix(prefix, prefixLength);
        version++;
        Arrays.fill(cache, 0L);
        final long key = key(prefix, prefixLength);
        int id = (int)index.get(key);
        if (id == NO_ROUTE)
        {
            if (freeCount == 0)
            {
                return NO_ROUTE;
            }
            id = free[--freeCount];
            index.put(key, id);
            if (routesOfLength[prefixLength]++ == 0)
            {
                rebuildSearchLengths();
            }
        }
        this.prefix[id] = prefix;
        this.prefixLength[id] = (byte)prefixLength;
        this.kind[id] = (byte)kind;
        this.nextHop[id] = nextHop;
        this.port[id] = port;
        this.session[id] = session;
        this.mtu[id] = mtu;
        return id;
    }

    private void rebuildSearchLengths()
    {
        Arrays.fill(searchLengths, 0);
        searchCount = 0;
        for (int length = 32; length >= 0; length--)
        {
            if (routesOfLength[length] > 0)
            {
                searchLengths[searchCount++] = length;
            }
        }
    }

    private static long key(final int maskedPrefix, final int prefixLength)
    {
        return ((long)prefixLength << 32) | (maskedPrefix & 0xFFFF_FFFFL);
    }

    private static void checkPrefix(final int prefix, final int prefixLength)
    {
        if (prefixLength < 0 || prefixLength > 32)
        {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
        if ((prefix & ~MASKS[prefixLength]) != 0)
        {
            throw new IllegalArgumentException("host bits set in " + AddressClass.toString(prefix) + "/" + prefixLength);
        }
    }
}
