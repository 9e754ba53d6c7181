package io.portcullis.controlplane.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.portcullis.controlplane.config.ConfigError;
import io.portcullis.controlplane.config.ConfigSchema;
import io.portcullis.controlplane.config.ConfigTree;
import io.portcullis.controlplane.config.ManualSa;
import io.portcullis.dataplane.api.ControlPacketListener;
import io.portcullis.dataplane.api.DataplaneCommands;
import io.portcullis.dataplane.api.SaExpiryListener;
import io.portcullis.dataplane.counters.CountersFile;
import io.portcullis.dataplane.port.DpdkPort;
import io.portcullis.dataplane.port.Eal;
import io.portcullis.dataplane.port.EthDevice;
import io.portcullis.dataplane.port.Mempool;
import io.portcullis.dataplane.port.PortConfig;
import io.portcullis.dataplane.worker.Dataplane;
import io.portcullis.dataplane.worker.Worker;
import io.portcullis.dataplane.worker.WorkerBuilder;
import io.portcullis.dataplane.worker.WorkerCommandRouter;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Starts the dataplane from a configuration file: EAL, the WAN and LAN ports with one queue
 * pair per worker, the workers, and the static state the file declares (routes, neighbours,
 * manual SAs, static L2TP sessions).
 * <pre>
 * DataplaneLauncher &lt;config file&gt; [--offline]
 * </pre>
 * Online, the workers run on their own threads until the process is told to stop (SIGTERM,
 * SIGINT). With {@code --offline} (net_pcap ports: captures in, captures out) the workers run
 * in turn on the main thread until every input capture is drained, the output captures are
 * closed, the counters that moved are printed, and the process exits.
 */
public final class DataplaneLauncher
{
    /** Consecutive rounds without work after which offline input counts as drained. */
    private static final int DRAINED_ROUNDS = 2000;
    private static final int MAX_COUNTERS = 4096;
    /** Counted down when the ports are closed, so a shutdown hook can wait for that. */
    private static final CountDownLatch FINISHED = new CountDownLatch(1);

    private DataplaneLauncher()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final List<String> rest = new ArrayList<>(List.of(args));
        final boolean offline = rest.remove("--offline");
        if (rest.size() != 1)
        {
            System.err.println("usage: portcullis-dataplane <config file> [--offline]");
            System.exit(2);
        }
        final DataplaneConfig config = ConfigFile.readOrExit(Path.of(rest.getFirst()), ConfigSchema.dataplane(),
            DataplaneConfig::from);
        System.exit(run(config, offline));
    }

    /**
     * What the appliance's main job plugs into the dataplane: given the commands once the
     * workers exist, it returns where punted datagrams and SA expiries go; it is closed after the
     * workers stop polling (so its goodbyes can still leave) and before the ports close.
     */
    public interface ControlPlaneHook extends AutoCloseable
    {
        ControlPacketListener start(DataplaneCommands commands);

        SaExpiryListener expiries();

        /** The workers are polling: the appliance serves from now on. */
        void serving();

        /** Called on SIGTERM while the workers still run: say goodbye to every peer. */
        void shutdown();

        @Override
        void close();
    }

    /** Runs the dataplane alone (punts are counted and dropped); returns the process's exit status. */
    static int run(final DataplaneConfig config, final boolean offline) throws Exception
    {
        return run(config, offline, null);
    }

    /** Runs the dataplane with {@code hook} (null: none) as its control plane; returns the exit status. */
    public static int run(final DataplaneConfig config, final boolean offline, final ControlPlaneHook hook)
        throws Exception
    {
        Eal.init(ealArguments(config, offline));
        final Mempool mbufs = Mempool.create("portcullis", config.mbufs());
        final PortConfig queues = PortConfig.queues(config.workers());
        final EthDevice wan = EthDevice.open(config.wan().devargs(), queues, mbufs);
        final EthDevice lan = EthDevice.open(config.lan().devargs(), queues, mbufs);
        try (CountersFile counters = CountersFile.create(Path.of(config.countersFile()), MAX_COUNTERS);
            Dataplane dataplane = new Dataplane(queuesOf(wan, config.workers()), queuesOf(lan, config.workers()),
                settings(config.wan(), wan), settings(config.lan(), lan), config.tcpMss(),
                WorkerBuilder.Limits.defaults(), counters.manager(), new SystemNanoClock()))
        {
            install(config, dataplane);
            final Agent control = hook == null ? dataplane.control(PUNT_LOG, EXPIRY_LOG) :
                dataplane.control(hook.start(dataplane.commands()), hook.expiries());
            for (final Worker worker : dataplane.workers())
            {
                worker.acceptPlainL2tp(config.plainL2tp());
                while (worker.applyCommands(Worker.COMMANDS_PER_DUTY_CYCLE) > 0)
                {
                    // the static state is in place before the first packet arrives
                }
            }
            wan.start();
            lan.start();
            if (offline)
            {
                drain(dataplane, control);
            }
            else
            {
                // Live ports: tell the segments where our addresses are now (RFC 5227 §2.3).
                dataplane.workers().getFirst().announceAddresses();
                runUntilStopped(dataplane, config, control, hook);
            }
            if (hook != null)
            {
                hook.close();
            }
            wan.stop();
            lan.stop();
            report(dataplane, counters, offline);
            return dataplane.rejected() == 0 ? 0 : 1;
        }
        finally
        {
            wan.close();
            lan.close();
            mbufs.close();
            FINISHED.countDown();
        }
    }

    private static List<String> ealArguments(final DataplaneConfig config, final boolean offline)
    {
        if (!config.ealArguments().isEmpty())
        {
            return config.ealArguments();
        }
        return offline ? Eal.testArguments() : List.of("--in-memory", "--no-telemetry");
    }

    private static List<DpdkPort> queuesOf(final EthDevice device, final int workers)
    {
        final List<DpdkPort> ports = new ArrayList<>();
        for (int w = 0; w < workers; w++)
        {
            ports.add(device.port(w));
        }
        return ports;
    }

    private static Dataplane.PortSettings settings(final DataplaneConfig.Interface port, final EthDevice device)
    {
        long mac = port.mac();
        if (mac < 0)
        {
            mac = 0;
            for (final byte b : device.macAddress())
            {
                mac = (mac << 8) | (b & 0xFF);
            }
        }
        return new Dataplane.PortSettings(mac, port.address(), port.mtu());
    }

    /**
     * The static state, through the same commands the control plane uses: neighbours into each
     * worker's cache (before any thread runs), then routes, SAs (outbound ones under handles 1,
     * 2, … in the file's order) and sessions.
     */
    private static void install(final DataplaneConfig config, final Dataplane dataplane)
    {
        for (int w = 0; w < dataplane.workers().size(); w++)
        {
            for (final DataplaneConfig.Neighbour n : config.neighbours())
            {
                dataplane.built(w).neighbours().addStatic(n.address(), n.mac());
            }
        }
        final WorkerCommandRouter commands = dataplane.commands();
        for (final DataplaneConfig.Route r : config.routes())
        {
            commands.addRoute(r.prefix(), r.prefixLength(), r.nextHop(), r.port(), r.mtu());
        }
        final Map<String, Integer> handles = new HashMap<>();
        for (final ManualSa sa : config.sas())
        {
            final int handle = sa.config().inbound() ? 0 : handles.size() + 1;
            if (!sa.config().inbound())
            {
                handles.put(sa.name(), handle);
            }
            commands.addSa(handle, sa.config());
        }
        for (final DataplaneConfig.StaticSession s : config.sessions())
        {
            commands.addClient(s.plain() ? s.session() : s.session().withEspSaHandle(handles.get(s.outboundSa())),
                s.mtu());
        }
    }

    /** Offline: every worker in turn on this thread until nothing has moved for a while. */
    private static void drain(final Dataplane dataplane, final Agent control) throws Exception
    {
        final List<Worker> workers = dataplane.workers();
        int idle = 0;
        while (idle < DRAINED_ROUNDS || dataplane.commands().pendingCount() > 0)
        {
            int work = control.doWork();
            for (final Worker worker : workers)
            {
                work += worker.doWork();
            }
            idle = work == 0 ? idle + 1 : 0;
        }
    }

    private static void runUntilStopped(final Dataplane dataplane, final DataplaneConfig config, final Agent control,
        final ControlPlaneHook hook) throws InterruptedException
    {
        final CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            stop.countDown();
            try
            {
                // The ports close (and pcap captures are flushed) before the JVM halts.
                FINISHED.await(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            catch (final InterruptedException ignored)
            {
                Thread.currentThread().interrupt();
            }
        }));
        try (WorkerThreads threads = new WorkerThreads(dataplane.workers(), config.lcores(), config.idleStrategy(),
            control, Throwable::printStackTrace))
        {
            System.out.println("portcullis dataplane: " + config.workers() + " worker(s) running; counters in " +
                config.countersFile());
            if (hook != null)
            {
                hook.serving();
            }
            stop.await();
            if (hook != null)
            {
                hook.shutdown();
            }
        }
    }

    private static void report(final Dataplane dataplane, final CountersFile counters, final boolean offline)
    {
        for (final String rejection : dataplane.rejections())
        {
            System.err.println("rejected: " + rejection);
        }
        if (offline)
        {
            counters.reader().forEach((value, id, label) ->
            {
                if (value != 0)
                {
                    System.out.printf("%12d  %s%n", value, label);
                }
            });
        }
    }

    /** Until the control plane runs in this process, punted datagrams are counted by the workers and dropped here. */
    private static final ControlPacketListener PUNT_LOG =
        (localAddress, localPort, remoteAddress, remotePort, payload, inboundSpi, arrivalNs) -> { };

    private static final SaExpiryListener EXPIRY_LOG = new SaExpiryListener()
    {
        public void onSoftExpiry(final int spi, final boolean inbound, final Limit limit)
        {
            System.err.printf("SA 0x%08x (%s) soft expiry by %s%n", spi, inbound ? "inbound" : "outbound", limit);
        }

        public void onHardExpiry(final int spi, final boolean inbound, final Limit limit)
        {
            System.err.printf("SA 0x%08x (%s) hard expiry by %s%n", spi, inbound ? "inbound" : "outbound", limit);
        }
    };
}
