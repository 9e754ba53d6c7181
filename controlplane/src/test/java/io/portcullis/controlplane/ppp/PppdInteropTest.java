package io.portcullis.controlplane.ppp;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.portcullis.controlplane.aaa.AddressPool;
import io.portcullis.controlplane.aaa.AuthFailureLimiter;
import io.portcullis.controlplane.aaa.LocalUser;
import io.portcullis.controlplane.aaa.LocalUsers;
import io.portcullis.controlplane.events.RecordingEventSink;
import io.portcullis.controlplane.l2tp.L2tpEndpoint;
import io.portcullis.controlplane.l2tp.L2tpSettings;
import io.portcullis.controlplane.l2tp.PeerNamespace;
import io.portcullis.controlplane.l2tp.PeerSaLookup;
import io.portcullis.controlplane.l2tp.Session;
import io.portcullis.controlplane.l2tp.UdpL2tpSocket;
import io.portcullis.controlplane.runtime.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Our LNS (L2TP + PPP, no dataplane: control only) against the stock Linux client — xl2tpd and
 * pppd 2.4.9 in the reference-client VM of appliance-image/client-vm — over plain L2TP. One
 * guest boot, five connections: MS-CHAPv2, CHAP-MD5, PAP and EAP-MD5 as pppd's refusals steer our
 * preference list, then one the server hangs up. Each must get a pool address and the DNS server
 * through IPCP, stay up through LCP echoes, and go away cleanly. Data does not flow (no dataplane
 * here); the recording dataplane shows what would be installed.
 */
class PppdInteropTest
{
    private static final long BOOT_AND_RUN_S = 420;
    private static final int POOL_FIRST = 0x0A00030A;  // 10.0.3.10
    private static final int DNS = 0x0A000201;         // 10.0.2.1
    private static final String ROUNDS = String.join(";",
        "refuse-eap|client",
        "refuse-eap refuse-mschap-v2 refuse-mschap|client",
        "refuse-eap refuse-chap refuse-mschap refuse-mschap-v2|client",
        "refuse-pap refuse-chap refuse-mschap refuse-mschap-v2|client",
        "refuse-eap|server");

    @TempDir
    Path workDir;

    @Test
    void stockLinuxClientAuthenticatesGetsAddressAndDisconnects() throws Exception
    {
        final Path image = clientImage();
        final RecordingEventSink events = new RecordingEventSink();
        final RecordingDataplane dataplane = new RecordingDataplane();
        final AddressPool pool = new AddressPool(POOL_FIRST, POOL_FIRST + 40);
        try (PeerNamespace ns = PeerNamespace.create(workDir);
             EventLoop loop = new EventLoop("pppd-interop");
             UdpL2tpSocket socket = UdpL2tpSocket.bind(ns.ourAddress, 1701))
        {
            final PppSettings settings = new PppSettings("portcullis", List.of(AuthMethod.MSCHAP_V2,
                AuthMethod.CHAP_MD5, AuthMethod.PAP, AuthMethod.EAP), 1400, 3_000, 3, 0x0A000201, new int[] {DNS},
                new int[0], true, AutomatonTimers.defaults());
            final PppServer server = new PppServer(new ServerLink.Services(settings,
                new LocalUsers(List.of(LocalUser.withPassword("alice", "wonderland", 0))), pool,
                new AuthFailureLimiter(5, 60_000), dataplane, events), loop, new SecureRandom());
            final L2tpEndpoint lns = new L2tpEndpoint(loop, L2tpSettings.of("portcullis", null), socket,
                PeerSaLookup.PLAIN, server, events, new SecureRandom());
            socket.start(loop, lns);
            ns.bridgeTap("ctap");
            final Path share = share(ns);
            final Process qemu = launch(image, share, ns);
            try
            {
                awaitFile(share.resolve("out/round-5.waiting"), qemu, share);
                onLoop(loop, () -> hangUpNewest(lns, server));
                awaitLine(workDir.resolve("logs/pc-pppd.ttyS1.log"), "PORTCULLIS-AUTORUN-DONE", qemu, share);
            }
            finally
            {
                qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            checkRounds(share, events, dataplane, pool);
        }
    }

    private void checkRounds(final Path share, final RecordingEventSink events, final RecordingDataplane dataplane,
        final AddressPool pool) throws IOException
    {
        for (int n = 1; n <= 5; n++)
        {
            final Map<String, String> round = env(share.resolve("out/round-" + n + ".env"));
            final String context = "round " + n + ": " + round + "\n" + tail(share.resolve("out/pppd-" + n + ".log"));
            assertTrue(round.getOrDefault("ADDR", "").startsWith("10.0.3."), context);
            assertEquals("10.0.2.1", round.get("DNS"), context);
            assertEquals("yes", round.get("UP_AFTER_ECHOES"), "LCP echoes answered both ways; " + context);
            assertEquals(n == 5 ? "server" : "client", round.get("GONE"), context);
        }
        assertEquals(List.of(AuthMethod.MSCHAP_V2, AuthMethod.CHAP_MD5, AuthMethod.PAP, AuthMethod.EAP,
            AuthMethod.MSCHAP_V2), events.eventsOf(PppEvent.AuthSucceeded.class).stream().map(PppEvent.AuthSucceeded::method)
            .toList());
        assertEquals(5, dataplane.added.size());
        assertEquals(5, dataplane.removed.size());
        assertEquals(5, events.eventsOf(PppEvent.AccountingStop.class).size());
        assertEquals(0, pool.leasedCount(), "every address back in the pool");
    }

    private static boolean hangUpNewest(final L2tpEndpoint lns, final PppServer server)
    {
        for (final var tunnel : lns.tunnels())
        {
            for (final Session session : tunnel.sessions())
            {
                final ServerLink link = server.link(session);
                if (link != null && link.ipcpState() == OptionAutomaton.State.OPENED)
                {
                    link.close("administrative hang-up");
                    return true;
                }
            }
        }
        fail("no open PPP link to hang up");
        return false;
    }

    private Path clientImage() throws IOException, InterruptedException
    {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")),
            "qemu-system-x86_64 missing: apt-get install qemu-system-x86");
        final Path build = harness("build-image.sh");
        final Process process = new ProcessBuilder(build.toString()).redirectError(workDir.resolve("build.log").toFile())
            .redirectOutput(workDir.resolve("image.txt").toFile()).start();
        if (!process.waitFor(900, TimeUnit.SECONDS) || process.exitValue() != 0)
        {
            fail("build-image.sh failed:\n" + Files.readString(workDir.resolve("build.log")));
        }
        // The image's directory is the script's last line of output: a first build also passes
        // its tools' chatter through (mkfs.ext4's "Creating regular file" broke a fresh machine's run).
        final List<String> lines = Files.readAllLines(workDir.resolve("image.txt")).stream().map(String::strip)
            .filter(line -> !line.isEmpty()).toList();
        if (lines.isEmpty())
        {
            fail("build-image.sh printed no image directory:\n" + Files.readString(workDir.resolve("build.log")));
        }
        return Path.of(lines.getLast());
    }

    private Path share(final PeerNamespace ns) throws IOException
    {
        final Path share = Files.createDirectories(workDir.resolve("share"));
        Files.copy(harness("guest-scripts/common.sh"), share.resolve("common.sh"));
        final Path root = Path.of(System.getProperty("portcullis.root", "."));
        Files.copy(root.resolve("controlplane/src/test/resources/vm/pppd-client.sh"), share.resolve("run.sh"),
            StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(share.resolve("config.env"), """
            CLIENT_ADDR=%s
            SERVER_ADDR=%s
            PPP_USER=alice
            PPP_PASSWORD=wonderland
            ROUNDS='%s'
            """.formatted(PeerNamespace.dotted(ns.theirAddress), PeerNamespace.dotted(ns.ourAddress), ROUNDS));
        return share;
    }

    private Process launch(final Path image, final Path share, final PeerNamespace ns) throws IOException
    {
        return new ProcessBuilder(harness("launch.sh").toString(), "--image", image.toString(), "--name", "pc-pppd",
            "--share", share.toString(), "--logs", workDir.resolve("logs").toString(), "--netns", ns.namespace,
            "--nic", "ctap", "--mem", "512").redirectErrorStream(true)
            .redirectOutput(workDir.resolve("launch.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    private static Path harness(final String name)
    {
        final Path path = Path.of(System.getProperty("portcullis.root", "."), "appliance-image", "client-vm", name);
        assumeTrue(Files.exists(path), "the reference-client harness is missing: " + path);
        return path;
    }

    private void awaitFile(final Path file, final Process qemu, final Path share) throws Exception
    {
        awaitCondition(() -> Files.exists(file), qemu, share, file.getFileName().toString());
    }

    private void awaitLine(final Path file, final String text, final Process qemu, final Path share) throws Exception
    {
        awaitCondition(() -> Files.exists(file) && Files.readString(file).contains(text), qemu, share, text);
    }

    @FunctionalInterface
    private interface Check
    {
        boolean holds() throws IOException;
    }

    private void awaitCondition(final Check check, final Process qemu, final Path share, final String what)
        throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOOT_AND_RUN_S);
        while (!check.holds())
        {
            if (System.nanoTime() > deadline || !qemu.isAlive())
            {
                fail("no " + what + " (qemu " + (qemu.isAlive() ? "running" : "exited") + ")\nlaunch: " +
                    tail(workDir.resolve("launch.log")) + "\nguest: " + tail(share.resolve("out/run.log")) +
                    "\nconsole: " + tail(workDir.resolve("logs/pc-pppd.console.log")));
            }
            Thread.sleep(250);
        }
    }

    private static <T> T onLoop(final EventLoop loop, final java.util.concurrent.Callable<T> task) throws Exception
    {
        final CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() ->
        {
            try
            {
                result.complete(task.call());
            }
            catch (final Throwable ex)
            {
                result.completeExceptionally(ex);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    private static Map<String, String> env(final Path file) throws IOException
    {
        final Map<String, String> values = new HashMap<>();
        if (Files.exists(file))
        {
            for (final String line : Files.readAllLines(file))
            {
                final int eq = line.indexOf('=');
                if (eq > 0)
                {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return values;
    }

    private static String tail(final Path file) throws IOException
    {
        if (!Files.exists(file))
        {
            return "(no " + file.getFileName() + ")";
        }
        final List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
