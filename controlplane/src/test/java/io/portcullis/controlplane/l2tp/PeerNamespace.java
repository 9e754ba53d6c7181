package io.portcullis.controlplane.l2tp;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A network namespace joined to the root namespace by a veth pair, for a third-party peer: xl2tpd
 * (the stock L2TP daemon) running inside it, or a bridge to a VM's TAP device. Our side binds the root end's address; xl2tpd binds the other.
 * {@link #close()} kills xl2tpd and deletes the namespace (which deletes the veth pair), also
 * after a failure. Needs root and iproute2 (and xl2tpd to start it); without them the test is
 * skipped with that message.
 */
public final class PeerNamespace implements AutoCloseable
{
    private static final long COMMAND_TIMEOUT_S = 20;

    public final String namespace;
    public final int ourAddress;
    public final int theirAddress;
    private final String vethRoot;
    private final Path workDir;
    private Process xl2tpd;

    private PeerNamespace(final Path workDir)
    {
        final int tag = ThreadLocalRandom.current().nextInt(1 << 16);
        final int subnet = 0x0AD50000 | (tag & 0xFF) << 8 | (tag >>> 8 & 0x3F) << 2;  // 10.213.x.y/30
        this.namespace = "pcl2tp" + ProcessHandle.current().pid() + "-" + tag;
        this.vethRoot = "pl2" + Integer.toHexString(tag);
        this.ourAddress = subnet + 1;
        this.theirAddress = subnet + 2;
        this.workDir = workDir;
    }

    /** Creates the namespace and veth pair, or skips the test when root, ip or xl2tpd is missing. */
    public static PeerNamespace create(final Path workDir)
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to create a network namespace");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
            "ip missing: apt-get install iproute2");
        final PeerNamespace ns = new PeerNamespace(workDir);
        try
        {
            ns.run("ip", "netns", "add", ns.namespace);
            ns.run("ip", "link", "add", ns.vethRoot, "type", "veth", "peer", "name", ns.vethRoot + "n");
            ns.run("ip", "link", "set", ns.vethRoot + "n", "netns", ns.namespace);
            ns.run("ip", "addr", "add", dotted(ns.ourAddress) + "/30", "dev", ns.vethRoot);
            ns.run("ip", "link", "set", ns.vethRoot, "up");
            ns.inside("ip", "addr", "add", dotted(ns.theirAddress) + "/30", "dev", ns.vethRoot + "n");
            ns.inside("ip", "link", "set", ns.vethRoot + "n", "up");
            ns.inside("ip", "link", "set", "lo", "up");
        }
        catch (final RuntimeException | AssertionError ex)
        {
            ns.close();
            throw ex;
        }
        return ns;
    }

    /**
     * Moves the inside end of the veth pair into a bridge with a new TAP device {@code tap}, for a
     * VM whose NIC then owns {@link #theirAddress} (the veth end gives it up).
     */
    public void bridgeTap(final String tap)
    {
        inside("ip", "addr", "flush", "dev", vethRoot + "n");
        inside("ip", "link", "add", "br0", "type", "bridge");
        inside("ip", "link", "set", vethRoot + "n", "master", "br0");
        inside("ip", "tuntap", "add", tap, "mode", "tap");
        inside("ip", "link", "set", tap, "master", "br0");
        inside("ip", "link", "set", tap, "up");
        inside("ip", "link", "set", "br0", "up");
    }

    /** Starts xl2tpd in the namespace with this configuration and a secrets file of one line "* * secret". */
    void startXl2tpd(final String config, final String secret) throws IOException
    {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/xl2tpd")), "xl2tpd missing: apt-get install xl2tpd");
        final Path conf = workDir.resolve("xl2tpd.conf");
        Files.writeString(conf, config.replace("@SECRETS@", workDir.resolve("l2tp-secrets").toString())
            .replace("@PPPOPTS@", workDir.resolve("options.xl2tpd").toString()));
        Files.writeString(workDir.resolve("l2tp-secrets"), "* * " + secret + "\n");
        Files.writeString(workDir.resolve("options.xl2tpd"), "noauth\nnodetach\n");
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "/usr/sbin/xl2tpd", "-D",
            "-c", conf.toString(), "-s", workDir.resolve("l2tp-secrets").toString(),
            "-p", workDir.resolve("xl2tpd.pid").toString(), "-C", workDir.resolve("l2tp-control").toString()));
        xl2tpd = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(workDir.resolve("xl2tpd.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    String log() throws IOException
    {
        final Path log = workDir.resolve("xl2tpd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Waits until xl2tpd's output contains {@code text}. */
    void awaitLog(final String text, final long seconds) throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!log().contains(text))
        {
            if (System.nanoTime() > deadline)
            {
                fail("xl2tpd never said '" + text + "':\n" + log());
            }
            Thread.sleep(50);
        }
    }

    /** Asks xl2tpd (as LAC) to dial through its control FIFO ("c name", xl2tpd(8)). */
    void control(final String line) throws IOException
    {
        Files.writeString(workDir.resolve("l2tp-control"), line + "\n");
    }

    @Override
    public void close()
    {
        if (xl2tpd != null)
        {
            xl2tpd.destroy();
            try
            {
                if (!xl2tpd.waitFor(5, TimeUnit.SECONDS))
                {
                    xl2tpd.destroyForcibly();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            killByPidFile();
        }
        killEverythingInside();
        quietly("ip", "netns", "del", namespace);
        quietly("ip", "link", "del", vethRoot);
    }

    /** `ip netns exec` may leave xl2tpd behind its own pid: kill the one the pid file names. */
    private void killByPidFile()
    {
        try
        {
            final Path pidFile = workDir.resolve("xl2tpd.pid");
            if (Files.exists(pidFile))
            {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroy);
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            // nothing to kill
        }
    }

    /** xl2tpd's children (pppd) live in the namespace too: every process there is one we started. */
    private void killEverythingInside()
    {
        try
        {
            final Process pids = new ProcessBuilder("ip", "netns", "pids", namespace).redirectErrorStream(true).start();
            final String out = new String(pids.getInputStream().readAllBytes());
            pids.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS);
            for (final String pid : out.split("\\s+"))
            {
                if (pid.matches("\\d+"))
                {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
        catch (final IOException ex)
        {
            // no namespace, no processes
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void inside(final String... command)
    {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        run(full.toArray(String[]::new));
    }

    private void run(final String... command)
    {
        if (!execute(command))
        {
            fail(String.join(" ", command) + " failed");
        }
    }

    private void quietly(final String... command)
    {
        execute(command);
    }

    private boolean execute(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS) && process.exitValue() == 0;
        }
        catch (final IOException ex)
        {
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static String dotted(final int address)
    {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }
}
