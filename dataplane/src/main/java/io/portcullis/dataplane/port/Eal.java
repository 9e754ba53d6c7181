package io.portcullis.dataplane.port;

import java.util.ArrayList;
import java.util.List;

import io.portcullis.dataplane.ffm.Dpdk;

/**
 * DPDK's Environment Abstraction Layer, started once per process. The thread that calls
 * {@link #init} becomes the main lcore (EAL pins it to the main lcore's CPUs). DPDK cannot
 * start twice, nor retry after a failed start: a second {@code init} with the same arguments
 * returns the running EAL, any other second call throws.
 *
 * <p>Without hugepages (tests, CI), pass {@code --no-huge --no-shconf}: see {@link #testArguments()}.
 * {@code --no-huge --in-memory} is accepted too and means the same: DPDK 22.11 rejects that
 * pair, so {@code --in-memory} (no shared files, unlinked hugepage files) becomes {@code --no-shconf}
 * (no shared files), as hugepage files do not exist without hugepages.
 */
public final class Eal
{
    private static final String PROGRAM = "portcullis";

    private static Eal running;
    private static String failure;

    private final List<String> arguments;
    private final int mainLcore;

    private Eal(final List<String> arguments, final int mainLcore)
    {
        this.arguments = arguments;
        this.mainLcore = mainLcore;
    }

    /** Starts EAL with these arguments (no program name), or returns it if it runs with the same ones. */
    public static synchronized Eal init(final List<String> arguments)
    {
        final List<String> args = List.copyOf(arguments);
        if (running != null)
        {
            if (running.arguments.equals(args))
            {
                return running;
            }
            throw new IllegalStateException("EAL already runs with " + running.arguments + ", not " + args +
                ": DPDK starts once per process");
        }
        if (failure != null)
        {
            throw new IllegalStateException("EAL failed to start earlier in this process and DPDK cannot retry: " +
                "restart the process (" + failure + ")");
        }
        final List<String> argv = new ArrayList<>();
        argv.add(PROGRAM);
        argv.addAll(effective(args));
        try
        {
            Dpdk.ealInit(argv);
        }
        catch (final IllegalStateException ex)
        {
            failure = ex.getMessage();
            throw ex;
        }
        running = new Eal(args, Dpdk.lcoreId());
        return running;
    }

    public static Eal init(final String... arguments)
    {
        return init(List.of(arguments));
    }

    /**
     * Arguments for tests and CI: ordinary memory instead of hugepages, no shared files (so
     * processes started side by side do not collide), no PCI scan, no telemetry socket, and the
     * main lcore free to run on any CPU rather than pinned to CPU 0.
     */
    public static List<String> testArguments()
    {
        final int lastCpu = Runtime.getRuntime().availableProcessors() - 1;
        return List.of("--no-huge", "--no-shconf", "-m", "256", "--no-pci", "--no-telemetry",
            "--lcores=0@(0-" + lastCpu + ")", "--log-level=notice");
    }

    /** {@link #init} with {@link #testArguments()}: every test class that needs DPDK calls this. */
    public static Eal initForTests()
    {
        return init(testArguments());
    }

    public static synchronized boolean isRunning()
    {
        return running != null;
    }

    /** The running EAL; throws naming the fix if none. */
    static synchronized Eal running()
    {
        if (running == null)
        {
            throw new IllegalStateException("DPDK's EAL is not running: call Eal.init(...) first " +
                "(Eal.initForTests() without hugepages)");
        }
        return running;
    }

    /** The calling thread's lcore id, -1 if it is not an lcore. */
    public static int lcoreId()
    {
        return Dpdk.lcoreId();
    }

    /**
     * Makes the calling thread (a worker) an lcore, so mempool caches serve it without locks;
     * returns its lcore id. Call {@link #unregisterThread()} before the thread ends.
     */
    public static int registerThread()
    {
        running();
        return Dpdk.registerThread();
    }

    public static void unregisterThread()
    {
        Dpdk.unregisterThread();
    }

    /** Pins the calling thread to one CPU. */
    public static void pinThread(final int cpu)
    {
        running();
        Dpdk.pinThread(cpu);
    }

    /** The arguments EAL was started with, as given to {@link #init}. */
    public List<String> arguments()
    {
        return arguments;
    }

    /** The lcore of the thread that started EAL. */
    public int mainLcore()
    {
        return mainLcore;
    }

    private static List<String> effective(final List<String> args)
    {
        if (!args.contains("--no-huge") || !args.contains("--in-memory"))
        {
            return args;
        }
        final List<String> out = new ArrayList<>();
        for (final String arg : args)
        {
            if (arg.equals("--in-memory"))
            {
                if (!args.contains("--no-shconf"))
                {
                    out.add("--no-shconf");
                }
            }
            else
            {
                out.add(arg);
            }
        }
        return out;
    }
}
