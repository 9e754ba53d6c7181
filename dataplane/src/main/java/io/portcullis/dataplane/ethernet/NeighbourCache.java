package io.portcullis.dataplane.ethernet;

import org.agrona.collections.Int2IntHashMap;
import org.agrona.concurrent.NanoClock;

/**
 * One port's IPv4-to-MAC table (RFC 826; timing after RFC 1122 §2.3.2.1 and RFC 4861 §7.3's
 * states): bounded, aged with an injected clock, with pending resolutions. One writer (the
 * worker); nothing is allocated after construction.
 * <ul>
 *   <li>INCOMPLETE: asked for, not answered; requests go out every {@code retransmitNs}
 *       (RFC 1122: at most one a second per address), {@code maxProbes} times;</li>
 *   <li>REACHABLE: answered within {@code reachableNs};</li>
 *   <li>STALE: older than that, still used, and re-asked in the background;</li>
 *   <li>FAILED: the probes went unanswered; not asked again for {@code retransmitNs};</li>
 *   <li>STATIC: configured, never aged.</li>
 * </ul>
 * The output path calls {@link #resolve}; the worker drains {@link #requestsDue} once in a
 * while and sends an ARP request ({@link Arp#writeRequest}) for each address it returns.
 */
public final class NeighbourCache
{
    /** No MAC yet: the packet cannot go (an ARP request is or will be due). */
    public static final long UNRESOLVED = -1L;
    /** No room for another neighbour, not even by evicting one. */
    public static final long FULL = -2L;
    /** Resolution gave up (the probes went unanswered) or the entry is gone: see {@link #known}. */
    public static final long GAVE_UP = -3L;

    public static final int NONE = 0;
    public static final int INCOMPLETE = 1;
    public static final int REACHABLE = 2;
    public static final int STALE = 3;
    public static final int FAILED = 4;
    public static final int STATIC = 5;

    private static final int MISSING = -1;

    private final int capacity;
    private final long reachableNs;
    private final long retransmitNs;
    private final int maxProbes;
    private final NanoClock clock;
    private final Int2IntHashMap index;
    private final int[] address;
    private final long[] mac;
    private final byte[] state;
    private final long[] updatedNs;
    private final long[] lastRequestNs;
    private final int[] probes;
    private final int[] pendingPosition;
    private final int[] pending;
    private int pendingCount;
    private final int[] free;
    private int freeCount;
    private Listener listener = (ipAddress, macAddress) -> { };

    /** Hears what ARP taught this cache, e.g. to tell the other workers' caches. */
    @FunctionalInterface
    public interface Listener
    {
        void onLearned(int ipAddress, long macAddress);
    }

    public NeighbourCache(
        final int capacity, final long reachableNs, final long retransmitNs, final int maxProbes, final NanoClock clock)
    {
        if (capacity < 1 || reachableNs < 1 || retransmitNs < 1 || maxProbes < 1)
        {
            throw new IllegalArgumentException("bad neighbour cache parameters");
        }
        this.capacity = capacity;
        this.reachableNs = reachableNs;
        this.retransmitNs = retransmitNs;
        this.maxProbes = maxProbes;
        this.clock = clock;
        index = new Int2IntHashMap(capacity * 2, 0.5f, MISSING);  // sized never to resize
        address = new int[capacity];
        mac = new long[capacity];
        state = new byte[capacity];
        updatedNs = new long[capacity];
        lastRequestNs = new long[capacity];
        probes = new int[capacity];
        pendingPosition = new int[capacity];
        pending = new int[capacity];
        free = new int[capacity];
        for (int e = 0; e < capacity; e++)
        {
            free[e] = capacity - 1 - e;
            pendingPosition[e] = MISSING;
        }
        freeCount = capacity;
    }

    /**
     * The MAC to send to {@code ipAddress} now, or {@link #UNRESOLVED} (resolution started or
     * in progress) or {@link #FULL}. A stale entry's MAC is still returned while it is re-asked.
     */
    public long resolve(final int ipAddress)
    {
        final long nowNs = clock.nanoTime();
        final int e = index.get(ipAddress);
        if (e == MISSING)
        {
            final int fresh = allocate(ipAddress, nowNs);
            if (fresh == MISSING)
            {
                return FULL;
            }
            startProbing(fresh, INCOMPLETE, nowNs);
            return UNRESOLVED;
        }
        switch (state[e])
        {
            case STATIC, STALE:
                return mac[e];
            case REACHABLE:
                if (nowNs - updatedNs[e] >= reachableNs)
                {
                    startProbing(e, STALE, nowNs);
                }
                return mac[e];
            case FAILED:
                if (nowNs - updatedNs[e] >= retransmitNs)
                {
                    startProbing(e, INCOMPLETE, nowNs);
                }
                return UNRESOLVED;
            default:
                return UNRESOLVED;
        }
    }

    /**
     * What the cache knows of {@code ipAddress} now, starting nothing: its MAC (reachable, stale
     * or static), {@link #UNRESOLVED} while it is being asked for, or {@link #GAVE_UP} when the
     * probes went unanswered or there is no entry. For packets held until resolution ends.
     */
    public long known(final int ipAddress)
    {
        final int e = index.get(ipAddress);
        if (e == MISSING)
        {
            return GAVE_UP;
        }
        return switch (state[e])
        {
            case STATIC, REACHABLE, STALE -> mac[e];
            case INCOMPLETE -> UNRESOLVED;
            default -> GAVE_UP;
        };
    }

    /**
     * Records that {@code ipAddress} is at {@code macAddress} (an ARP reply to us, or a request
     * for one of our addresses: RFC 826 adds the sender then), adding the entry if need be.
     * Static entries are not changed. Returns false only if the cache is full.
     */
    public boolean learn(final int ipAddress, final long macAddress)
    {
        if (!record(ipAddress, macAddress))
        {
            return false;
        }
        listener.onLearned(ipAddress, macAddress);
        return true;
    }

    /** Who hears about entries {@link #learn} and {@link #update} confirm (one listener; none by default). */
    public void listener(final Listener listener)
    {
        this.listener = listener;
    }

    /**
     * What another worker's cache learnt: recorded like {@link #learn}, but not told to the
     * listener again (the worker that learnt it told everyone). Returns false if the cache is full.
     */
    public boolean learnFromPeer(final int ipAddress, final long macAddress)
    {
        return record(ipAddress, macAddress);
    }

    private boolean record(final int ipAddress, final long macAddress)
    {
        final long nowNs = clock.nanoTime();
        int e = index.get(ipAddress);
        if (e == MISSING)
        {
            e = allocate(ipAddress, nowNs);
            if (e == MISSING)
            {
                return false;
            }
        }
        confirm(e, macAddress, nowNs);
        return true;
    }

    /** RFC 826's merge step: updates {@code ipAddress} only if it is known; returns whether it was. */
    public boolean update(final int ipAddress, final long macAddress)
    {
        final int e = index.get(ipAddress);
        if (e == MISSING)
        {
            return false;
        }
        confirm(e, macAddress, clock.nanoTime());
        listener.onLearned(ipAddress, macAddress);
        return true;
    }

    /** Configures a neighbour that never ages and that ARP does not change. */
    public boolean addStatic(final int ipAddress, final long macAddress)
    {
        final long nowNs = clock.nanoTime();
        int e = index.get(ipAddress);
        if (e == MISSING)
        {
            e = allocate(ipAddress, nowNs);
            if (e == MISSING)
            {
                return false;
            }
        }
        unpend(e);
        mac[e] = macAddress;
        state[e] = STATIC;
        updatedNs[e] = nowNs;
        return true;
    }

    public boolean remove(final int ipAddress)
    {
        final int e = index.get(ipAddress);
        if (e == MISSING)
        {
            return false;
        }
        release(e);
        return true;
    }

    /**
     * Fills {@code addresses} with the neighbours to send an ARP request for now and returns how
     * many; marks those requests sent. Resolutions whose probes all went unanswered fail here.
     */
    public int requestsDue(final int[] addresses)
    {
        final long nowNs = clock.nanoTime();
        int n = 0;
        for (int p = pendingCount - 1; p >= 0; p--)
        {
            final int e = pending[p];
            if (nowNs - lastRequestNs[e] < retransmitNs)
            {
                continue;
            }
            if (probes[e] >= maxProbes)
            {
                unpend(e);
                state[e] = FAILED;
                updatedNs[e] = nowNs;
            }
            else if (n < addresses.length)
            {
                addresses[n++] = address[e];
                probes[e]++;
                lastRequestNs[e] = nowNs;
            }
        }
        return n;
    }

    /**
     * Removes failed entries and those not confirmed for twice {@code reachableNs} that nothing
     * is resolving; returns how many. Call once in a while.
     */
    public int expire()
    {
        final long nowNs = clock.nanoTime();
        int removed = 0;
        for (int e = 0; e < capacity; e++)
        {
            final int s = state[e];
            if ((s == FAILED && nowNs - updatedNs[e] >= retransmitNs) ||
                ((s == REACHABLE || s == STALE) && pendingPosition[e] == MISSING &&
                nowNs - updatedNs[e] >= 2 * reachableNs))
            {
                release(e);
                removed++;
            }
        }
        return removed;
    }

    /** The state of {@code ipAddress}'s entry ({@link #NONE} if there is none). */
    public int state(final int ipAddress)
    {
        final int e = index.get(ipAddress);
        return e == MISSING ? NONE : state[e];
    }

    public int size()
    {
        return capacity - freeCount;
    }

    private void confirm(final int e, final long macAddress, final long nowNs)
    {
        if (state[e] == STATIC)
        {
            return;
        }
        unpend(e);
        mac[e] = macAddress;
        state[e] = REACHABLE;
        updatedNs[e] = nowNs;
    }

    private void startProbing(final int e, final int newState, final long nowNs)
    {
        state[e] = (byte)newState;
        probes[e] = 0;
        lastRequestNs[e] = nowNs - retransmitNs;  // due at once
        if (newState == INCOMPLETE)
        {
            updatedNs[e] = nowNs;
        }
        if (pendingPosition[e] == MISSING)
        {
            pendingPosition[e] = pendingCount;
            pending[pendingCount++] = e;
        }
    }

    private void unpend(final int e)
    {
        final int p = pendingPosition[e];
        if (p != MISSING)
        {
            final int last = pending[--pendingCount];
            pending[p] = last;
            pendingPosition[last] = p;
            pendingPosition[e] = MISSING;
        }
    }

    private int allocate(final int ipAddress, final long nowNs)
    {
        if (freeCount == 0 && !evictOne())
        {
            return MISSING;
        }
        final int e = free[--freeCount];
        index.put(ipAddress, e);
        address[e] = ipAddress;
        mac[e] = 0;
        state[e] = INCOMPLETE;
        updatedNs[e] = nowNs;
        probes[e] = 0;
        return e;
    }

    /** Makes room: a failed entry if there is one, else the least recently updated non-static one. */
    private boolean evictOne()
    {
        int victim = MISSING;
        for (int e = 0; e < capacity; e++)
        {
            if (state[e] == FAILED)
            {
                victim = e;
                break;
            }
            if (state[e] != STATIC && (victim == MISSING || updatedNs[e] < updatedNs[victim]))
            {
                victim = e;
            }
        }
        if (victim == MISSING)
        {
            return false;
        }
        release(victim);
        return true;
    }

    private void release(final int e)
    {
        unpend(e);
        index.remove(address[e]);
        state[e] = NONE;
        free[freeCount++] = e;
    }
}
