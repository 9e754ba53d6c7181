package io.portcullis.dataplane.port;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.portcullis.dataplane.ffm.Dpdk;

/**
 * A DPDK Ethernet port, declared by its device arguments: a PCI device bound to vfio-pci
 * ({@code 0000:03:00.0}), {@code net_af_packet0,iface=eth0}, {@code net_tap0},
 * {@code net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap}, {@code net_ring0}, {@code net_null0}.
 * Control-plane object: open, start, stop, close, read its counters. Workers use its queues
 * through {@link #port(int)}, one {@link DpdkPort} per queue.
 */
public final class EthDevice implements AutoCloseable
{
    private final String devargs;
    private final Mempool pool;
    private final Dpdk.PortInfo info;
    private final List<DpdkPort> queues = new ArrayList<>();
    private boolean closed;

    private EthDevice(final String devargs, final Mempool pool, final Dpdk.PortInfo info)
    {
        this.devargs = devargs;
        this.pool = pool;
        this.info = info;
    }

    /**
     * Probes the device (unless EAL already has) and sets up its queues, each RX queue filling from
     * {@code pool}. Not started yet.
     *
     * @throws IllegalStateException naming what DPDK refused and why: an unknown driver, a file or
     *                               interface that does not exist, more queues than the device has, …
     */
    public static EthDevice open(final String devargs, final PortConfig config, final Mempool pool)
    {
        Eal.running();
        final Dpdk.PortInfo info = Dpdk.portOpen(devargs, config.rxQueues(), config.txQueues(),
            config.rxDescriptors(), config.txDescriptors(), config.promiscuous(), config.mtu(), pool.address());
        return new EthDevice(devargs, pool, info);
    }

    public EthDevice start()
    {
        Dpdk.portStart(info.portId());
        return this;
    }

    public void stop()
    {
        Dpdk.portStop(info.portId());
    }

    /** The queue pair {@code queue} (RX and TX), for the one worker that owns it. */
    public synchronized DpdkPort port(final int queue)
    {
        if (queue < 0 || queue >= info.rxQueues() || queue >= info.txQueues())
        {
            throw new IllegalArgumentException(devargs + " has " + info.rxQueues() + " RX and " +
                info.txQueues() + " TX queues: no queue pair " + queue);
        }
        final DpdkPort port = new DpdkPort(this, queue);
        queues.add(port);
        return port;
    }

    public String devargs()
    {
        return devargs;
    }

    public int portId()
    {
        return info.portId();
    }

    public String driver()
    {
        return info.driver();
    }

    public int rxQueues()
    {
        return info.rxQueues();
    }

    public int txQueues()
    {
        return info.txQueues();
    }

    public int mtu()
    {
        return info.mtu();
    }

    public int socketId()
    {
        return info.socketId();
    }

    /** RTE_ETH_RSS_* bits of the hash functions in use; 0 when RSS is off (one queue, or no hashing). */
    public long rssHashFunctions()
    {
        return info.rssHashFunctions();
    }

    public byte[] macAddress()
    {
        return info.mac().clone();
    }

    public Mempool pool()
    {
        return pool;
    }

    public LinkStatus link()
    {
        final Dpdk.Link link = Dpdk.portLink(info.portId());
        return new LinkStatus(link.up(), link.speedMbps(), link.fullDuplex(), link.autonegotiated());
    }

    /** The device's counters, plus what the ports of its queues dropped in software. */
    public synchronized PortStats stats()
    {
        final Dpdk.EthStats s = Dpdk.portStats(info.portId());
        long rxDropped = 0;
        long txDropped = 0;
        for (final DpdkPort port : queues)
        {
            rxDropped += port.rxDropped();
            txDropped += port.txDropped();
        }
        return new PortStats(s.ipackets(), s.opackets(), s.ibytes(), s.obytes(), s.imissed(), s.ierrors(),
            s.oerrors(), s.rxNombuf(), rxDropped, txDropped);
    }

    /** Resets the device's counters (not the software ones). */
    public void resetStats()
    {
        Dpdk.portStatsReset(info.portId());
    }

    /** Stops, closes and detaches the device; its queues' ports must no longer be used. */
    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            Dpdk.portClose(info.portId());
            queues.forEach(DpdkPort::close);
        }
    }

    @Override
    public String toString()
    {
        return "EthDevice[port " + info.portId() + ", " + devargs + ", " + info.driver() + ", " +
            HexFormat.ofDelimiter(":").formatHex(info.mac()) + "]";
    }
}
