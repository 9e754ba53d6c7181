package io.portcullis.controlplane.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.portcullis.dataplane.counters.CountersFile;
import io.portcullis.dataplane.worker.Tshark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher online: its worker runs on a thread of its own (an lcore, backoff idle strategy)
 * until SIGTERM; meanwhile this process reads the dataplane's counters from the mapped file,
 * and after the signal the ports are closed cleanly (the LAN capture holds every packet).
 */
class OnlineDataplaneTest
{
    @Test
    void workersRunOnTheirThreadsCountersAreReadLiveAndSigtermStopsCleanly(@TempDir final Path dir) throws Exception
    {
        final String output = runUntil(dir, 1, "worker-0 esp4: decrypted", 4);
        assertTrue(output.contains("1 worker(s) running"), output);
        assertEquals(5, Tshark.fields(dir.resolve("lan-out.pcap"), List.of(), "ip.src").size(), output);
    }

    /**
     * Two workers on two threads: the client's traffic and the LAN host's arrive on queue 0, the
     * client's SA (handle 1) belongs to worker 1, so worker 0 hands the LAN host's packets over
     * the ring to worker 1's thread, which encrypts them and sends them from WAN queue 1.
     */
    @Test
    void twoWorkerThreadsHandOffToTheSaOwner(@TempDir final Path dir) throws Exception
    {
        final String output = runUntil(dir, 2, "worker-1 esp4: encrypted", 2);
        assertTrue(output.contains("2 worker(s) running"), output);
        assertEquals(List.of(), Tshark.fields(dir.resolve("wan-out.pcap"), List.of(), "ip.src"), output);
        assertEquals(List.of("2\t2\t0x0021", "2\t2\t0x0021"), Tshark.fields(dir.resolve("wan-out-1.pcap"),
            List.of(OfflineDataplaneTest.toClient()), "l2tp.tunnel", "l2tp.session", "ppp.protocol"), output);
        assertEquals(5, Tshark.fields(dir.resolve("lan-out.pcap"), List.of(), "ip.src").size(), output);
    }

    /** Starts the launcher online, waits until a counter (read from the file) reaches a value, sends SIGTERM. */
    private static String runUntil(final Path dir, final int workers, final String label, final long atLeast)
        throws Exception
    {
        LaunchFixture.clientTraffic(dir);
        final Path config = dir.resolve("portcullis.conf");
        // No hugepages in tests: ordinary memory, as offline runs use by default.
        Files.writeString(config, LaunchFixture.configuration(dir, workers) +
            "set system eal-arguments \"--no-huge --no-shconf -m 256 --no-pci --no-telemetry\"\n");
        final Path log = dir.resolve("launcher.log");
        final Process process = new ProcessBuilder(LaunchFixture.launcher(config)).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        try
        {
            assertEquals(atLeast, waitForCounter(process, dir.resolve("counters.dat"), label, atLeast, log));
            assertTrue(process.isAlive(), "online, the launcher keeps running after its input is drained");
        }
        finally
        {
            process.destroy();   // SIGTERM
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the launcher did not stop on SIGTERM");
        }
        return Files.readString(log);
    }

    /** Polls the counters file, as another process would, until {@code label} reaches {@code atLeast}. */
    private static long waitForCounter(
        final Process process, final Path file, final String label, final long atLeast, final Path log)
        throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long value = -1;
        while (System.nanoTime() < deadline && value < atLeast && process.isAlive())
        {
            Thread.sleep(200);
            if (!Files.exists(file))
            {
                continue;
            }
            try (CountersFile counters = CountersFile.open(file))
            {
                final long[] seen = {-1};
                counters.reader().forEach((v, id, l) ->
                {
                    if (l.equals(label))
                    {
                        seen[0] = v;
                    }
                });
                value = seen[0];
            }
            catch (final IllegalStateException stillStarting)
            {
                value = -1;
            }
        }
        assertTrue(value >= atLeast, label + " = " + value + "; launcher said: " + Files.readString(log));
        return value;
    }
}
