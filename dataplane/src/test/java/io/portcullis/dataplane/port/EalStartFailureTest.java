package io.portcullis.dataplane.port;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * EAL refusing to start, and the one message that names the fix. DPDK cannot retry a start in
 * the same process, so each case runs {@link EalStartProbe} in a JVM of its own.
 */
class EalStartFailureTest
{
    @TempDir
    static Path dir;

    @Test
    void withoutHugepagesTheMessageSaysHowToGetThemOrToDoWithout() throws IOException
    {
        // A --huge-dir that is no hugetlbfs mount. In-memory mode still takes hugepages the
        // kernel has free without any mount (memfd), as bench/run-dataplane.sh leaves them
        // reserved while it runs: then EAL starts, else it fails with the message.
        final String output = probe(true, "--huge-dir=" + dir, "--in-memory", "--no-pci", "--no-telemetry",
            "--lcores=0@(0-" + (Runtime.getRuntime().availableProcessors() - 1) + ")");
        if (freeHugepages() > 0)
        {
            assertTrue(output.contains(EalStartProbe.STARTED), output);
            return;
        }
        assertTrue(output.contains(EalStartProbe.FAILED), output);
        assertTrue(output.contains("mount -t hugetlbfs"), output);
        assertTrue(output.contains("--no-huge"), output);
    }

    private static long freeHugepages() throws IOException
    {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream()
            .filter(line -> line.startsWith("HugePages_Free:"))
            .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
            .sum();
    }

    @Test
    void withoutNativeAccessTheMessageNamesTheFlag()
    {
        final String output = probe(false, Eal.testArguments().toArray(String[]::new));
        assertTrue(output.contains(EalStartProbe.FAILED), output);
        assertTrue(output.contains("--enable-native-access"), output);
    }

    @Test
    void anUnknownArgumentIsCalledABadArgument()
    {
        final String output = probe(true, "--no-huge", "--no-shconf", "--no-such-option");
        assertTrue(output.contains(EalStartProbe.FAILED), output);
        assertTrue(output.contains("bad EAL arguments"), output);
    }

    @Test
    void noHugeWithInMemoryStarts()
    {
        final List<String> args = new ArrayList<>(Eal.testArguments());
        args.remove("--no-shconf");
        args.add("--in-memory");
        final String output = probe(true, args.toArray(String[]::new));
        assertTrue(output.contains(EalStartProbe.STARTED), output);
    }

    /** Runs EalStartProbe with these EAL arguments, with or without the project's JVM options; returns its output. */
    private static String probe(final boolean jvmOptions, final String... ealArguments)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        if (jvmOptions)
        {
            command.add("@" + Path.of(System.getProperty("portcullis.root"), "jvm.options"));
        }
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Dportcullis.native.lib=" + System.getProperty("portcullis.native.lib"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EalStartProbe.class.getName());
        command.addAll(List.of(ealArguments));
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                fail("the probe did not end within 60 s:\n" + output);
            }
            return output;
        }
        catch (final IOException | InterruptedException ex)
        {
            return fail("cannot run " + command, ex);
        }
    }
}
