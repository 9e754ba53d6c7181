package io.portcullis.dataplane.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The DPDK set-up calls of the shim, typed: EAL, lcores, mempools, ports. Control-plane time,
 * never per packet (bursts are {@link PktBurst}). Every failure is an {@link IllegalStateException}
 * carrying the shim's message: what failed, what DPDK logged about it, and the usual fix.
 * The typed façade over this is {@code io.portcullis.dataplane.port}.
 */
public final class Dpdk
{
    private static final int ERROR_LENGTH = 1024;

    /** What {@link #portOpen} configured. */
    public record PortInfo(
        int portId,
        int rxQueues,
        int txQueues,
        int rxDescriptors,
        int txDescriptors,
        int mtu,
        int socketId,
        long rssHashFunctions,
        byte[] mac,
        String driver)
    {
    }

    /** {@code struct rte_eth_stats}, the part Portcullis reads; DPDK's names. */
    public record EthStats(
        long ipackets, long opackets, long ibytes, long obytes,
        long imissed, long ierrors, long oerrors, long rxNombuf)
    {
    }

    public record Link(boolean up, int speedMbps, boolean fullDuplex, boolean autonegotiated)
    {
    }

    private Dpdk()
    {
    }

    /** rte_eal_init; {@code argv} starts with the program name. */
    public static void ealInit(final List<String> argv)
    {
        // EAL may keep pointers into argv for the life of the process: global memory, allocated once.
        final Arena arena = Arena.global();
        final MemorySegment array = arena.allocate(ADDRESS, argv.size() + 1L);
        for (int i = 0; i < argv.size(); i++)
        {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(argv.get(i)));
        }
        array.setAtIndex(ADDRESS, argv.size(), MemorySegment.NULL);
        try (Arena call = Arena.ofConfined())
        {
            final MemorySegment err = call.allocate(ERROR_LENGTH);
            final int rc = (int)PortcullisNative.PC_EAL_INIT.invokeExact(argv.size(), array, err, ERROR_LENGTH);
            check(rc, err);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** The calling thread's lcore id, -1 if it is not an lcore. */
    public static int lcoreId()
    {
        try
        {
            return (int)PortcullisNative.PC_LCORE_ID.invokeExact();
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** Makes the calling thread an lcore (rte_thread_register); returns its lcore id. */
    public static int registerThread()
    {
        final int rc;
        try
        {
            rc = (int)PortcullisNative.PC_THREAD_REGISTER.invokeExact();
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
        if (rc < 0)
        {
            throw new IllegalStateException("rte_thread_register failed (errno " + -rc +
                "): no free lcore id left (RTE_MAX_LCORE), or EAL is not running");
        }
        return rc;
    }

    public static void unregisterThread()
    {
        try
        {
            PortcullisNative.PC_THREAD_UNREGISTER.invokeExact();
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** Pins the calling thread to one CPU. */
    public static void pinThread(final int cpu)
    {
        final int rc;
        try
        {
            rc = (int)PortcullisNative.PC_THREAD_PIN.invokeExact(cpu);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
        if (rc != 0)
        {
            throw new IllegalStateException("cannot pin the thread to CPU " + cpu + ": is it online and allowed " +
                "(taskset, cgroup cpuset)?");
        }
    }

    /** rte_pktmbuf_pool_create; returns the {@code struct rte_mempool *}. */
    public static long poolCreate(final String name, final int mbufs, final int cacheSize, final int dataRoomSize,
        final int socketId)
    {
        try (Arena call = Arena.ofConfined())
        {
            final MemorySegment err = call.allocate(ERROR_LENGTH);
            final long pool = (long)PortcullisNative.PC_PKTMBUF_POOL_CREATE.invokeExact(
                call.allocateFrom(name), mbufs, cacheSize, (short)dataRoomSize, socketId, err, ERROR_LENGTH);
            if (pool == 0)
            {
                throw new IllegalStateException(err.getString(0));
            }
            return pool;
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    public static void poolFree(final long pool)
    {
        try
        {
            PortcullisNative.PC_MEMPOOL_FREE.invokeExact(pool);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /** Free mbufs, per-lcore caches included. */
    public static int poolAvailable(final long pool)
    {
        try
        {
            return (int)PortcullisNative.PC_MEMPOOL_AVAIL.invokeExact(pool);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    public static int poolInUse(final long pool)
    {
        try
        {
            return (int)PortcullisNative.PC_MEMPOOL_IN_USE.invokeExact(pool);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    /**
     * Probes the device named by {@code devargs} (unless EAL has) and configures its queues, RSS when
     * there is more than one RX queue and the device hashes. Descriptor counts of 0 mean the default,
     * an MTU of 0 the device's.
     */
    public static PortInfo portOpen(final String devargs, final int rxQueues, final int txQueues,
        final int rxDescriptors, final int txDescriptors, final boolean promiscuous, final int mtu, final long pool)
    {
        try (Arena call = Arena.ofConfined())
        {
            final MemorySegment conf = call.allocate(PortConfLayout.LAYOUT);
            conf.set(JAVA_LONG, PortConfLayout.POOL, pool);
            conf.set(JAVA_SHORT, PortConfLayout.RX_QUEUES, (short)rxQueues);
            conf.set(JAVA_SHORT, PortConfLayout.TX_QUEUES, (short)txQueues);
            conf.set(JAVA_SHORT, PortConfLayout.RX_DESC, (short)rxDescriptors);
            conf.set(JAVA_SHORT, PortConfLayout.TX_DESC, (short)txDescriptors);
            conf.set(JAVA_INT, PortConfLayout.FLAGS, promiscuous ? PortConfLayout.PC_PORT_PROMISCUOUS : 0);
            conf.set(JAVA_INT, PortConfLayout.MTU, mtu);
            final MemorySegment info = call.allocate(PortInfoLayout.LAYOUT);
            final MemorySegment err = call.allocate(ERROR_LENGTH);
            final int rc = (int)PortcullisNative.PC_PORT_OPEN.invokeExact(
                call.allocateFrom(devargs), conf, info, err, ERROR_LENGTH);
            check(rc, err);
            return new PortInfo(
                Short.toUnsignedInt(info.get(JAVA_SHORT, PortInfoLayout.PORT_ID)),
                Short.toUnsignedInt(info.get(JAVA_SHORT, PortInfoLayout.RX_QUEUES)),
                Short.toUnsignedInt(info.get(JAVA_SHORT, PortInfoLayout.TX_QUEUES)),
                Short.toUnsignedInt(info.get(JAVA_SHORT, PortInfoLayout.RX_DESC)),
                Short.toUnsignedInt(info.get(JAVA_SHORT, PortInfoLayout.TX_DESC)),
                info.get(JAVA_INT, PortInfoLayout.MTU),
                info.get(JAVA_INT, PortInfoLayout.SOCKET_ID),
                info.get(JAVA_LONG, PortInfoLayout.RSS_HF),
                info.asSlice(PortInfoLayout.MAC, 6).toArray(JAVA_BYTE),
                info.getString(PortInfoLayout.DRIVER));
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    public static void portStart(final int port)
    {
        try (Arena call = Arena.ofConfined())
        {
            final MemorySegment err = call.allocate(ERROR_LENGTH);
            check((int)PortcullisNative.PC_PORT_START.invokeExact((short)port, err, ERROR_LENGTH), err);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    public static void portStop(final int port)
    {
        final int rc;
        try
        {
            rc = (int)PortcullisNative.PC_PORT_STOP.invokeExact((short)port);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
        checkPortCall(rc, "rte_eth_dev_stop", port);
    }

    /** Stops, closes and detaches the port's device. */
    public static void portClose(final int port)
    {
        final int rc;
        try
        {
            rc = (int)PortcullisNative.PC_PORT_CLOSE.invokeExact((short)port);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
        checkPortCall(rc, "rte_eth_dev_close", port);
    }

    public static EthStats portStats(final int port)
    {
        try (Arena call = Arena.ofConfined())
        {
            final MemorySegment s = call.allocate(PortStatsLayout.LAYOUT);
            checkPortCall((int)PortcullisNative.PC_PORT_STATS_GET.invokeExact((short)port, s), "rte_eth_stats_get", port);
            return new EthStats(
                s.get(JAVA_LONG, PortStatsLayout.IPACKETS),
                s.get(JAVA_LONG, PortStatsLayout.OPACKETS),
                s.get(JAVA_LONG, PortStatsLayout.IBYTES),
                s.get(JAVA_LONG, PortStatsLayout.OBYTES),
                s.get(JAVA_LONG, PortStatsLayout.IMISSED),
                s.get(JAVA_LONG, PortStatsLayout.IERRORS),
                s.get(JAVA_LONG, PortStatsLayout.OERRORS),
                s.get(JAVA_LONG, PortStatsLayout.RX_NOMBUF));
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    public static void portStatsReset(final int port)
    {
        final int rc;
        try
        {
            rc = (int)PortcullisNative.PC_PORT_STATS_RESET.invokeExact((short)port);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
        checkPortCall(rc, "rte_eth_stats_reset", port);
    }

    public static Link portLink(final int port)
    {
        try (Arena call = Arena.ofConfined())
        {
            final MemorySegment l = call.allocate(PortLinkLayout.LAYOUT);
            checkPortCall((int)PortcullisNative.PC_PORT_LINK_GET.invokeExact((short)port, l), "rte_eth_link_get", port);
            return new Link(
                l.get(JAVA_BYTE, PortLinkLayout.UP) != 0,
                l.get(JAVA_INT, PortLinkLayout.SPEED_MBPS),
                l.get(JAVA_BYTE, PortLinkLayout.FULL_DUPLEX) != 0,
                l.get(JAVA_BYTE, PortLinkLayout.AUTONEG) != 0);
        }
        catch (final Throwable t)
        {
            throw rethrow(t);
        }
    }

    private static void check(final int rc, final MemorySegment err)
    {
        if (rc < 0)
        {
            throw new IllegalStateException(err.getString(0));
        }
    }

    private static void checkPortCall(final int rc, final String call, final int port)
    {
        if (rc < 0)
        {
            throw new IllegalStateException(call + "(port " + port + ") failed: errno " + -rc);
        }
    }

    /**
     * Unchecked as they are; anything else wrapped. An error loading the shim (the class
     * initialiser of PortcullisNative) is unwrapped to the IllegalStateException that names the fix.
     */
    static RuntimeException rethrow(final Throwable t)
    {
        if (t instanceof ExceptionInInitializerError e && e.getCause() instanceof RuntimeException cause)
        {
            return cause;
        }
        if (t instanceof NoClassDefFoundError)
        {
            Throwable root = t;
            while (root.getCause() != null)
            {
                root = root.getCause();
            }
            return new IllegalStateException("the native shim failed to load earlier in this process: " +
                root.getMessage(), t);
        }
        if (t instanceof RuntimeException ex)
        {
            return ex;
        }
        if (t instanceof Error error)
        {
            throw error;
        }
        return new IllegalStateException(t);
    }
}
