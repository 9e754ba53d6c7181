package io.portcullis.dataplane.worker;

import io.portcullis.dataplane.api.SaExpiryListener;
import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.esp.EspCounter;
import io.portcullis.dataplane.esp.EspInbound;
import io.portcullis.dataplane.esp.EspOutbound;
import io.portcullis.dataplane.esp.SaTable;
import io.portcullis.dataplane.ethernet.ArpInput;
import io.portcullis.dataplane.ethernet.ArpQueue;
import io.portcullis.dataplane.ethernet.EthernetCounter;
import io.portcullis.dataplane.ethernet.EthernetInput;
import io.portcullis.dataplane.ethernet.EthernetOutput;
import io.portcullis.dataplane.ethernet.NeighbourCache;
import io.portcullis.dataplane.ffm.CryptoBurst;
import io.portcullis.dataplane.ffm.IpsecMb;
import io.portcullis.dataplane.ip.IcmpInput;
import io.portcullis.dataplane.ip.IpCounter;
import io.portcullis.dataplane.ip.Ipv4Forward;
import io.portcullis.dataplane.ip.Ipv4Input;
import io.portcullis.dataplane.ip.Ipv4Reassembly;
import io.portcullis.dataplane.ip.RouteTable;
import io.portcullis.dataplane.ip.TcpMssClampNode;
import io.portcullis.dataplane.ip.TokenBucket;
import io.portcullis.dataplane.ip.TunnelOverhead;
import io.portcullis.dataplane.l2tp.L2tpCounter;
import io.portcullis.dataplane.l2tp.L2tpDecap;
import io.portcullis.dataplane.l2tp.L2tpEncap;
import io.portcullis.dataplane.l2tp.SessionTable;
import io.portcullis.dataplane.packet.PacketVector;
import io.portcullis.dataplane.port.Port;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.CountersManager;

/**
 * Builds one worker's graph with its own tables (SAs, sessions, routes, neighbours), counters
 * labelled with the worker's name ("worker-1 esp4: replay"), and the rings it shares with the
 * control plane. The tables start with the ports' own addresses; everything else arrives as
 * commands.
 */
public final class WorkerBuilder
{
    /** Limits of one worker's tables and timers. */
    public record Limits(
        int routes, int neighbours, long neighbourReachableNs, long arpRetransmitNs, int arpProbes,
        int reassemblyDatagrams, long reassemblyMemoryBytes, long reassemblyTimeoutNs, long icmpErrorsPerSecond)
    {
        public static Limits defaults()
        {
            return new Limits(4096, 1024, 30_000_000_000L, 1_000_000_000L, 3, 64, 4L << 20, 30_000_000_000L, 100);
        }
    }

    /** What was built: the worker, and what must be closed with it. */
    public record Built(Worker worker, SaTable saTable, IpsecMb ipsecMb, CryptoBurst burst, NeighbourCache neighbours)
        implements AutoCloseable
    {
        @Override
        public void close()
        {
            saTable.close();
            burst.close();
            ipsecMb.close();
        }
    }

    private WorkerBuilder()
    {
    }

    /**
     * @param maxMss   TCP MSS clamp; 0 derives it from the WAN MTU and the worst-case tunnel overhead.
     * @param handoff  null for a single worker.
     */
    public static Built build(
        final String name, final Port wan, final Port lan, final Worker.Interface wanInterface,
        final Worker.Interface lanInterface, final int wanMtu, final int maxMss, final Limits limits,
        final CountersManager counters, final RingBuffer commandRing, final RingBuffer puntRing,
        final RingBuffer expiryRing, final WorkerCommandAdapter.Listener listener, final NanoClock realClock,
        final java.util.function.Function<SessionTable, Handoff> handoff)
    {
        final DutyCycleClock clock = new DutyCycleClock(realClock);
        final NodeCounters<IpCounter> ip = new NodeCounters<>(counters, name + " ip4", IpCounter.class);
        final NodeCounters<EthernetCounter> eth = new NodeCounters<>(counters, name + " ethernet", EthernetCounter.class);
        final NodeCounters<L2tpCounter> l2tp = new NodeCounters<>(counters, name + " l2tp", L2tpCounter.class);
        final NodeCounters<EspCounter> esp = new NodeCounters<>(counters, name + " esp4", EspCounter.class);
        final NodeCounters<WorkerCounter> own = new NodeCounters<>(counters, name, WorkerCounter.class);

        final IpsecMb ipsecMb = IpsecMb.create();
        final SaTable saTable = new SaTable(ipsecMb);
        final CryptoBurst burst = new CryptoBurst(ipsecMb, PacketVector.MAX_SIZE);
        final SaExpiryListener expiries = new SaExpiryProxy(expiryRing);
        final SessionTable sessions = new SessionTable();
        final RouteTable routes = new RouteTable(limits.routes());
        routes.addLocal(wanInterface.address());
        routes.addLocal(lanInterface.address());
        final NeighbourCache neighbours = new NeighbourCache(limits.neighbours(), limits.neighbourReachableNs(),
            limits.arpRetransmitNs(), limits.arpProbes(), clock);
        final int mss = maxMss > 0 ? maxMss : TunnelOverhead.worstCaseInnerMtu(wanMtu) - TunnelOverhead.INNER_IPV4 -
            TunnelOverhead.TCP;

        final Worker.Graph graph = new Worker.Graph(
            wan, lan,
            new WorkerCommandAdapter(commandRing, saTable, sessions, routes, listener),
            new PuntProxy(puntRing),
            new EthernetInput(wanInterface.mac(), eth),
            new ArpInput(wanInterface.mac(), address -> address == wanInterface.address(), neighbours, eth),
            new EthernetOutput(routes, neighbours, wanInterface.mac(), eth, arpQueue(eth)),
            new EthernetInput(lanInterface.mac(), eth),
            new ArpInput(lanInterface.mac(), address -> address == lanInterface.address(), neighbours, eth),
            new EthernetOutput(routes, neighbours, lanInterface.mac(), eth, arpQueue(eth)),
            new Ipv4Input(ip, false),
            new Ipv4Forward(routes, ip, new TokenBucket(limits.icmpErrorsPerSecond(), 10, clock.nanoTime()), clock,
                icmpSource(routes, wanInterface, lanInterface)),
            new IcmpInput(ip),
            new EspInbound(saTable, burst, esp, expiries),
            new EspOutbound(saTable, burst, esp, expiries),
            new L2tpDecap(sessions, l2tp),
            l2tpEncapBeforeEsp(sessions, l2tp),
            new TcpMssClampNode(ip, mss),
            new Ipv4Reassembly(limits.reassemblyDatagrams(), 9000, 64, limits.reassemblyMemoryBytes(),
                limits.reassemblyTimeoutNs(), clock, ip),
            ip, routes, neighbours, wanInterface, lanInterface, own, clock);
        final Worker worker = new Worker(name, graph, handoff == null ? null : handoff.apply(sessions));
        return new Built(worker, saTable, ipsecMb, burst, neighbours);
    }

    /** One port's ARP queue; its packets wait as long as the neighbour cache's resolutions. */
    static ArpQueue arpQueue(final NodeCounters<EthernetCounter> counters)
    {
        return new ArpQueue(ArpQueue.DEFAULT_CAPACITY, ArpQueue.DEFAULT_PER_NEIGHBOUR, counters);
    }

    /**
     * RFC 1812 §4.3.2.4: an ICMP error comes from the address of the port it leaves by, the
     * one the offending packet came in by; errors into a client's tunnel come from the WAN
     * address, the tunnel's own end.
     */
    /** l2tp-encap as the worker runs it, right before esp4-encrypt: UDP checksums completed there. */
    private static L2tpEncap l2tpEncapBeforeEsp(final SessionTable sessions, final NodeCounters<L2tpCounter> l2tp)
    {
        final L2tpEncap encap = new L2tpEncap(sessions, l2tp);
        encap.checksumInEsp(true);
        return encap;
    }

    static Ipv4Forward.IcmpSource icmpSource(
        final RouteTable routes, final Worker.Interface wan, final Worker.Interface lan)
    {
        return back -> routes.kind(back) == RouteTable.KIND_LAN && routes.port(back) == Worker.PORT_LAN ?
            lan.address() : wan.address();
    }
}
