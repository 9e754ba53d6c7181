package io.portcullis.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.portcullis.dataplane.api.SaExpiryListener;
import io.portcullis.dataplane.counters.CountersFile;
import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.esp.EspCounter;
import io.portcullis.dataplane.esp.EspInbound;
import io.portcullis.dataplane.esp.EspOutbound;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.esp.SaTable;
import io.portcullis.dataplane.ethernet.EthernetCounter;
import io.portcullis.dataplane.ethernet.EthernetInput;
import io.portcullis.dataplane.ethernet.EthernetOutput;
import io.portcullis.dataplane.ethernet.NeighbourCache;
import io.portcullis.dataplane.ffm.CryptoBurst;
import io.portcullis.dataplane.ffm.IpsecMb;
import io.portcullis.dataplane.ip.IpCounter;
import io.portcullis.dataplane.ip.Ipv4Forward;
import io.portcullis.dataplane.ip.Ipv4Input;
import io.portcullis.dataplane.ip.RouteTable;
import io.portcullis.dataplane.ip.TokenBucket;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketBuffer;
import io.portcullis.dataplane.packet.PacketVector;
import io.portcullis.dataplane.port.DpdkPort;
import io.portcullis.dataplane.port.Eal;
import io.portcullis.dataplane.port.EthDevice;
import io.portcullis.dataplane.port.Mempool;
import io.portcullis.dataplane.port.PortConfig;
import io.portcullis.dataplane.worker.DutyCycleClock;
import io.portcullis.dataplane.worker.Worker;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.CountersManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ESP part of the worker's path alone, on the same DPDK devices and captures as
 * {@link DataplaneBenchmark}, doing what DPDK's ipsec-secgw does with them in transport mode
 * ({@code bench/run-secgw.sh}): {@code decap} receives the clients' ESP on the WAN port,
 * decrypts it, routes the result (UDP to the appliance's WAN address, by a LAN route to the LAN
 * host as ipsec-secgw's {@code rt}) and sends it out of the LAN port; {@code encap} receives the
 * LAN host's packets to the two clients, finds each one's SA by its client route, encrypts it
 * in transport mode, routes it by a second table to the WAN gateway and sends it out of the WAN
 * port. No L2TP, PPP or MSS clamping: the nodes are the worker's own (ethernet-input, ip4-input,
 * esp4-decrypt or esp4-encrypt, ip4-forward, ethernet-output), wired by hand in the order the
 * worker runs them, one thread, one core.
 * <p>
 * This is the "ESP part of our path" measured on devices rather than composed from
 * {@link EspBenchmark} (no I/O) and testpmd (I/O only). The score to read is {@code packets}
 * per second; after each trial, a benchmark that forwarded fewer than 99 % of what it received
 * fails instead of reporting a drop path.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class EspPathBenchmark
{
    private static final int FRAMES = DataplaneBenchmark.FRAMES;
    private static final int JUMBO = 9000;

    @Param({"64", "1400", "IMIX"})
    public String size;

    @Param({"decap", "encap"})
    public String direction;

    /** As {@link DataplaneBenchmark#memory}. */
    @Param({"hugepages"})
    public String memory;

    private Path dir;
    private Mempool mbufs;
    private EthDevice wanDevice;
    private EthDevice lanDevice;
    private DpdkPort wan;
    private DpdkPort lan;
    private IpsecMb ipsecMb;
    private SaTable saTable;
    private CryptoBurst burst;
    private boolean decap;
    private DutyCycleClock clock;
    private long received;
    private long forwarded;

    private final PacketVector vector = new PacketVector();
    private final PacketBuffer buffer = new PacketBuffer();
    private final RouteTable routes = new RouteTable(64);
    private final RouteTable wanRoutes = new RouteTable(64);
    private final CountersManager counters = CountersFile.inMemory(1024);
    private final NodeCounters<EthernetCounter> eth = new NodeCounters<>(counters, "ethernet", EthernetCounter.class);
    private final NodeCounters<IpCounter> ip = new NodeCounters<>(counters, "ip4", IpCounter.class);
    private final NodeCounters<EspCounter> esp = new NodeCounters<>(counters, "esp4", EspCounter.class);
    private EthernetInput ethernetInput;
    private Ipv4Input ipv4Input;
    private Ipv4Forward ipv4Forward;
    private EspInbound espInbound;
    private EspOutbound espOutbound;
    private EthernetOutput ethernetOutput;

    @Setup(Level.Trial)
    public void start() throws Exception
    {
        Eal.init(DataplaneBenchmark.ealArguments(memory));
        Eal.pinThread(Runtime.getRuntime().availableProcessors() - 1);  // as DataplaneBenchmark's one worker
        decap = direction.equals("decap");
        dir = Files.createTempDirectory("portcullis-bench");
        ClientTraffic.writeCaptures(dir, PacketMix.of(size), decap, FRAMES);
        mbufs = Mempool.create("bench", 16383);
        wanDevice = EthDevice.open(DataplaneBenchmark.devargs("net_pcap_bw", dir.resolve("wan.pcap"), decap, 1),
            PortConfig.queues(1), mbufs);
        lanDevice = EthDevice.open(DataplaneBenchmark.devargs("net_pcap_bl", dir.resolve("lan.pcap"), !decap, 1),
            PortConfig.queues(1), mbufs);
        wan = wanDevice.port(0);
        lan = lanDevice.port(0);

        clock = new DutyCycleClock(new SystemNanoClock());  // one clock read per duty cycle, as a worker's
        final NeighbourCache neighbours = new NeighbourCache(16, 30_000_000_000L, 1_000_000_000L, 3, clock);
        neighbours.addStatic(Packets.address(ClientTraffic.GATEWAY), ClientTraffic.GATEWAY_MAC);
        neighbours.addStatic(Packets.address(ClientTraffic.HOST), ClientTraffic.HOST_MAC);
        ipsecMb = IpsecMb.create();
        saTable = new SaTable(ipsecMb);
        burst = new CryptoBurst(ipsecMb, PacketVector.MAX_SIZE);
        final SaExpiryListener expiries = new SaExpiryListener()
        {
            @Override
            public void onSoftExpiry(final int spi, final boolean inbound, final Limit limit)
            {
            }

            @Override
            public void onHardExpiry(final int spi, final boolean inbound, final Limit limit)
            {
            }
        };
        for (int c = 0; c < DataplaneBenchmark.CLIENTS; c++)
        {
            saTable.addInbound(ClientTraffic.applianceSas(c)[0]);
            final int sa = saTable.addOutbound(ClientTraffic.applianceSas(c)[1]);
            routes.addClient(Packets.address(ClientTraffic.pppAddress(c)), sa, JUMBO);
        }
        // ipsec-secgw's rt lines: decrypted packets (to the WAN address) to the LAN host, encrypted ones to the
        // gateway. It fragments nothing, so neither do these routes: IMIX's 1500-byte packets grow past 1500 bytes
        // in L2TP and ESP, and the frames leave whole.
        routes.addLan(Packets.address(ClientTraffic.WAN), 32, Packets.address(ClientTraffic.HOST), Worker.PORT_LAN,
            JUMBO);
        wanRoutes.addLan(0, 0, Packets.address(ClientTraffic.GATEWAY), Worker.PORT_WAN, JUMBO);

        ethernetInput = new EthernetInput(decap ? ClientTraffic.WAN_MAC : ClientTraffic.LAN_MAC, eth);
        ipv4Input = new Ipv4Input(ip, false);
        ipv4Forward = new Ipv4Forward(routes, ip, new TokenBucket(100, 10, clock.nanoTime()), clock,
            Packets.address(ClientTraffic.WAN));
        espInbound = new EspInbound(saTable, burst, esp, expiries);
        espOutbound = new EspOutbound(saTable, burst, esp, expiries);
        ethernetOutput = decap ?
            new EthernetOutput(routes, neighbours, ClientTraffic.LAN_MAC, eth) :
            new EthernetOutput(wanRoutes, neighbours, ClientTraffic.WAN_MAC, eth);
        wanDevice.start();
        lanDevice.start();
    }

    @Benchmark
    public int dutyCycle(final DataplaneBenchmark.Received count)
    {
        clock.tick();
        final int n = decap ? decap() : encap();
        count.packets += n;
        return n;
    }

    /** WAN → ethernet-input → ip4-input → esp4-decrypt → ip4-forward → ethernet-output → LAN. */
    private int decap()
    {
        final int n = wan.receive(vector);
        if (n == 0)
        {
            return 0;
        }
        ethernetInput.process(vector);
        ipv4Input.process(vector);
        espInbound.process(vector);
        ipv4Forward.process(vector);
        ethernetOutput.process(vector);
        send(lan, n);
        return n;
    }

    /**
     * LAN → ethernet-input → ip4-input → ip4-forward (the client route names the SA) →
     * esp4-encrypt → the WAN route → ethernet-output → WAN.
     */
    private int encap()
    {
        final int n = lan.receive(vector);
        if (n == 0)
        {
            return 0;
        }
        ethernetInput.process(vector);
        ipv4Input.process(vector);
        ipv4Forward.process(vector);
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) == Ipv4Forward.NEXT_CLIENT)
            {
                vector.handle(i, routes.session(vector.handle(i)));
                vector.next(i, PacketVector.NEXT_FORWARD);
            }
        }
        espOutbound.process(vector);
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) == PacketVector.NEXT_FORWARD)
            {
                buffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
                vector.handle(i, wanRoutes.lookup(Ipv4.destination(buffer, vector.offset(i))));
            }
        }
        ethernetOutput.process(vector);
        send(wan, n);
        return n;
    }

    private void send(final DpdkPort port, final int n)
    {
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) == PacketVector.NEXT_FORWARD)
            {
                forwarded++;
            }
        }
        received += n;
        port.transmit(vector);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception
    {
        DataplaneBenchmark.printCounters(counters);
        wanDevice.close();
        lanDevice.close();
        burst.close();
        saTable.close();
        ipsecMb.close();
        mbufs.close();
        ClientTraffic.deleteCaptures(dir);
        if (received == 0 || forwarded < received * 99 / 100)
        {
            throw new IllegalStateException(
                "forwarded " + forwarded + " of " + received + " packets: see the counters above");
        }
    }
}
