package io.portcullis.dataplane.counters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.portcullis.dataplane.worker.WorkerCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Counters in a mapped file: a second JVM reads what this one writes, while it is still mapped. */
class CountersFileTest
{
    @Test
    void anotherProcessReadsTheCountersWhileTheWriterRuns(@TempDir final Path dir) throws Exception
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile file = CountersFile.create(path, 128))
        {
            final NodeCounters<WorkerCounter> counters = new NodeCounters<>(file.manager(), "worker-0", WorkerCounter.class);
            counters.add(WorkerCounter.PUNTED, 42);
            counters.increment(WorkerCounter.WAN_NOT_FOR_US);

            final List<String> lines = readInAnotherJvm(path);
            assertEquals(List.of("1  worker-0: wan: not ike, esp or icmp to us",
                "42  worker-0: punted to the control plane"), lines);

            counters.add(WorkerCounter.PUNTED, 8);   // still live: the reader sees the new value
            assertEquals("50  worker-0: punted to the control plane", readInAnotherJvm(path).getLast());
        }
    }

    @Test
    void aReaderInTheSameProcessSeesLabelsIdsAndValues(@TempDir final Path dir)
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile writer = CountersFile.create(path, 64);
            CountersFile reader = CountersFile.open(path))
        {
            new NodeCounters<>(writer.manager(), "w", WorkerCounter.class).add(WorkerCounter.FRAGMENTS_MADE, 3);
            final List<String> seen = new ArrayList<>();
            reader.reader().forEach((counterId, typeId, key, label) ->
                seen.add(typeId + " " + label + " " + reader.reader().getCounterValue(counterId)));
            assertTrue(seen.contains("507 w: fragments made 3"), seen.toString());
            assertEquals(ProcessHandle.current().pid(), reader.pid());
            assertThrows(IllegalStateException.class, reader::manager);
        }
    }

    @Test
    void failsNamingTheProblemWhenTheFileIsMissingOrForeign(@TempDir final Path dir) throws Exception
    {
        final IllegalStateException missing = assertThrows(IllegalStateException.class,
            () -> CountersFile.open(dir.resolve("none")));
        assertTrue(missing.getMessage().contains("no counters file"), missing.getMessage());
        final Path foreign = dir.resolve("foreign");
        Files.write(foreign, new byte[4096]);
        final IllegalStateException notOurs = assertThrows(IllegalStateException.class, () -> CountersFile.open(foreign));
        assertTrue(notOurs.getMessage().contains("not a counters file"), notOurs.getMessage());
    }

    private static List<String> readInAnotherJvm(final Path path) throws Exception
    {
        final String java = ProcessHandle.current().info().command().orElseThrow();
        final Path options = Path.of("..", "jvm.options").toAbsolutePath();   // surefire runs in dataplane/
        final Process process = new ProcessBuilder(java, "@" + options, "-cp", System.getProperty("java.class.path"),
            CountersTool.class.getName(), path.toString()).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out.lines().map(String::trim).toList();
    }
}
