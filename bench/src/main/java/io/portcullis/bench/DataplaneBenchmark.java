package io.portcullis.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.portcullis.dataplane.counters.CountersFile;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.port.DpdkPort;
import io.portcullis.dataplane.port.Eal;
import io.portcullis.dataplane.port.EthDevice;
import io.portcullis.dataplane.port.Mempool;
import io.portcullis.dataplane.port.PortConfig;
import io.portcullis.dataplane.worker.Dataplane;
import io.portcullis.dataplane.worker.Worker;
import io.portcullis.dataplane.worker.WorkerBuilder;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.CountersManager;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * The whole worker graph on real DPDK ports, per worker duty cycle: {@code decap} (ESP from two
 * clients on the WAN → esp4-decrypt → l2tp-decap → ip4-forward → LAN) or {@code encap} (LAN →
 * ip4-forward → l2tp-encap → esp4-encrypt → WAN), AES-GCM-128 transport, with 1 or 2 workers
 * (run with as many JMH threads as workers: each thread is one worker, an EAL lcore).
 *
 * <p><b>Ports.</b> net_pcap with {@code infinite_rx=1} and no TX capture: DPDK's own replay mode for
 * performance tests, which receives the capture's frames over and over (copying each into a
 * fresh mbuf, as a NIC's DMA would) and frees what is sent. net_null would hand the graph
 * zero-filled frames (all dropped at ethernet-input) and net_ring needs a producer on another
 * core, so pcap replay is the input with real contents. {@code bench/run-dataplane.sh} runs
 * dpdk-testpmd's io forwarding on the same devices first: the I/O floor.
 *
 * <p><b>Counting.</b> The score to read is the {@code packets} counter (packets received per
 * second by the measured workers); the primary score counts duty cycles. The same ESP frames
 * come back every lap, so the inbound SAs have anti-replay off (RFC 4303 §3.4.3). After each
 * trial the counters are checked: packets must have been decrypted or encrypted and forwarded,
 * else the benchmark fails rather than report the drop path.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DataplaneBenchmark
{
    static final int CLIENTS = 2;
    static final int FRAMES = 3 * PacketMix.BURST * CLIENTS;
    private static final int JUMBO = 9000;

    @Param({"64", "1400", "IMIX"})
    public String size;

    @Param({"decap", "encap"})
    public String direction;

    @Param({"1"})
    public int workers;

    /**
     * Where the mbufs live: {@code hugepages} (2 MiB pages, as the appliance runs; the machine
     * must have them reserved, {@code bench/run-dataplane.sh} does it as root) or {@code no-huge}
     * (ordinary 4 KiB pages, anywhere). Every node walks a vector of 64 packets on as many 4 KiB
     * pages, more than the first-level TLB holds, and under nested paging a TLB miss walks two
     * page tables; with hugepages the packets of a vector share a few pages.
     */
    @Param({"hugepages"})
    public String memory;

    /**
     * The routes' MTUs: {@code standard} (LAN and WAN 1500, the clients' 1400, an appliance as
     * deployed: IMIX's 1500-byte packets, DF set, are answered on encap with ICMP fragmentation
     * needed, RFC 1191, and not encrypted) or {@code jumbo} (9000 everywhere, as
     * {@code EspPathBenchmark} and ipsec-secgw, which fragments nothing: every packet is
     * encapsulated whole, so that {@code compare-secgw.sh} compares the same work).
     */
    @Param({"standard"})
    public String mtus;

    private Path dir;
    private Mempool mbufs;
    private EthDevice wan;
    private EthDevice lan;
    private CountersManager counters;
    private Dataplane dataplane;
    private final AtomicInteger claimed = new AtomicInteger();

    /** One JMH thread drives one worker, on its own lcore. */
    @State(Scope.Thread)
    public static class WorkerThread
    {
        Worker worker;

        @Setup(Level.Trial)
        public void claim(final DataplaneBenchmark bench)
        {
            if (Eal.lcoreId() < 0)   // the thread that started EAL is an lcore already
            {
                Eal.registerThread();
            }
            final int index = bench.claimed.getAndIncrement() % bench.workers;
            worker = bench.dataplane.workers().get(index);
            // As the appliance pins its workers to the CPUs of `set system lcores`: one each,
            // counted from the last, so one worker does not share CPU 0 with JMH and the JIT.
            final int cpus = Runtime.getRuntime().availableProcessors();
            Eal.pinThread(cpus - 1 - index % cpus);
        }
    }

    /** Packets the worker received, reported by JMH per second next to the primary score. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Received
    {
        public long packets;

        @Setup(Level.Iteration)
        public void reset()
        {
            packets = 0;
        }
    }

    @Setup(Level.Trial)
    public void start() throws Exception
    {
        Eal.init(ealArguments(memory));
        dir = Files.createTempDirectory("portcullis-bench");
        final boolean decap = direction.equals("decap");
        ClientTraffic.writeCaptures(dir, PacketMix.of(size), decap, FRAMES);
        mbufs = Mempool.create("bench", 16383);
        wan = EthDevice.open(devargs("net_pcap_bw", dir.resolve("wan.pcap"), decap, workers), PortConfig.queues(workers),
            mbufs);
        lan = EthDevice.open(devargs("net_pcap_bl", dir.resolve("lan.pcap"), !decap, workers), PortConfig.queues(workers),
            mbufs);
        counters = CountersFile.inMemory(4096);
        dataplane = new Dataplane(queues(wan), queues(lan),
            new Dataplane.PortSettings(ClientTraffic.WAN_MAC, Packets.address(ClientTraffic.WAN), 1500),
            new Dataplane.PortSettings(ClientTraffic.LAN_MAC, Packets.address(ClientTraffic.LAN), 1500), 0,
            WorkerBuilder.Limits.defaults(), counters, new SystemNanoClock());
        install();
        wan.start();
        lan.start();
    }

    /** Every counter that moved, on stderr: what the trial did, read after the fact. */
    static void printCounters(final CountersManager counters)
    {
        final StringBuilder moved = new StringBuilder();
        counters.forEach((value, id, label) ->
        {
            if (value != 0)
            {
                moved.append(String.format("%14d  %s%n", value, label));
            }
        });
        System.err.print(moved);
    }

    /** EAL's arguments for the benchmarks' memory and the machine's CPUs, as the appliance starts it. */
    static List<String> ealArguments(final String memory)
    {
        final List<String> arguments = new ArrayList<>(switch (memory)
        {
            // What the appliance runs on (DataplaneLauncher): hugepages, no shared files.
            case "hugepages" -> List.of("--in-memory");
            case "no-huge" -> List.of("--no-huge", "--no-shconf", "-m", "1024");
            default -> throw new IllegalArgumentException("memory is hugepages or no-huge, not " + memory);
        });
        final int last = Runtime.getRuntime().availableProcessors() - 1;
        arguments.addAll(List.of("--no-pci", "--no-telemetry", "--lcores=(0-" + last + ")@(0-" + last + ")",
            "--log-level=warning"));
        return arguments;
    }

    /** Rx from the capture, over and over (or from nothing), one capture per queue; tx dropped. */
    static String devargs(final String name, final Path pcap, final boolean replay, final int workers)
    {
        final StringBuilder args = new StringBuilder(name);
        for (int q = 0; q < workers; q++)
        {
            args.append(",rx_pcap=").append(pcap);
        }
        return args.append(replay ? ",infinite_rx=1" : "").toString();  // no tx_pcap: the driver drops what is sent
    }

    private List<DpdkPort> queues(final EthDevice device)
    {
        final List<DpdkPort> ports = new ArrayList<>();
        for (int q = 0; q < workers; q++)
        {
            ports.add(device.port(q));
        }
        return ports;
    }

    /** Two clients whose outbound SAs (handles 1 and 2) belong to different workers when there are two. */
    private void install()
    {
        for (int w = 0; w < workers; w++)
        {
            dataplane.built(w).neighbours().addStatic(Packets.address(ClientTraffic.GATEWAY), ClientTraffic.GATEWAY_MAC);
            dataplane.built(w).neighbours().addStatic(Packets.address(ClientTraffic.HOST), ClientTraffic.HOST_MAC);
        }
        final boolean jumbo = switch (mtus)
        {
            case "standard" -> false;
            case "jumbo" -> true;
            default -> throw new IllegalArgumentException("mtus is standard or jumbo: " + mtus);
        };
        final int portMtu = jumbo ? JUMBO : 1500;
        dataplane.commands().addRoute(Packets.address("10.1.0.0"), 24, 0, Worker.PORT_LAN, portMtu);
        dataplane.commands().addRoute(0, 0, Packets.address(ClientTraffic.GATEWAY), Worker.PORT_WAN, portMtu);
        for (int c = 0; c < CLIENTS; c++)
        {
            dataplane.commands().addSa(0, ClientTraffic.applianceSas(c)[0]);
            dataplane.commands().addSa(c + 1, ClientTraffic.applianceSas(c)[1]);
            dataplane.commands().addClient(ClientTraffic.applianceSession(c, c + 1), jumbo ? JUMBO : 1400);
        }
        for (final Worker worker : dataplane.workers())
        {
            while (worker.applyCommands(Worker.COMMANDS_PER_DUTY_CYCLE) > 0)
            {
                // installed before the ports start
            }
        }
        if (dataplane.rejected() > 0)
        {
            throw new IllegalStateException("commands rejected: " + dataplane.rejections());
        }
    }

    @Benchmark
    public int dutyCycle(final WorkerThread thread, final Received received)
    {
        final int work = thread.worker.doWork();
        received.packets += work;
        return work;
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception
    {
        printCounters(counters);
        final long[] done = new long[1];
        counters.forEach((value, id, label) ->
        {
            if (label.endsWith(direction.equals("decap") ? "esp4: decrypted" : "esp4: encrypted"))
            {
                done[0] += value;
            }
        });
        wan.close();
        lan.close();
        dataplane.close();
        mbufs.close();
        ClientTraffic.deleteCaptures(dir);
        if (done[0] == 0)
        {
            throw new IllegalStateException("no packet went the whole way: see the counters above");
        }
    }
}
