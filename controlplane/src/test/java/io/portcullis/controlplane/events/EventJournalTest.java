package io.portcullis.controlplane.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.portcullis.controlplane.ike.Endpoint;
import io.portcullis.controlplane.ike.IkeSaUp;
import io.portcullis.controlplane.l2tp.L2tpEvent;
import io.portcullis.controlplane.ppp.AuthMethod;
import io.portcullis.controlplane.ppp.PppEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event journal on disk (Chronicle Queue files in a temporary directory): events come back in
 * order with their fields, a restarted writer appends to the same journal, no secret reaches the
 * files, unusable directories are one clear error, and {@code EventsTool} (what
 * {@code bin/portcullis-events} runs) prints the log's lines in a separate JVM.
 */
class EventJournalTest
{
    private static final Endpoint PEER = new Endpoint(0xC0000201, 4500, 0xC6336407, 4500);

    /** An event that carries what no event should: the journal must still write none of it. */
    record CarelessEvent(String user, String password, String preSharedKey, byte[] encryptionKey, String nonceHex,
        String skeyid) implements Event
    {
        @Override
        public String describe()
        {
            return "careless event for " + user;
        }
    }

    private static List<Event> someEvents()
    {
        return List.of(
            new IkeSaUp(PEER, "192.0.2.1", "AES-CBC-256/HMAC-SHA1/modp2048", true, false),
            new L2tpEvent.TunnelUp(PEER.toString(), 7, 3, "xl2tpd"),
            new PppEvent.AuthSucceeded("alice", "198.51.100.7:1701", AuthMethod.MSCHAP_V2),
            new PppEvent.AccountingStop("alice", "198.51.100.7:1701", 7, 12, "10.0.3.10", 61_000, 1500, 3000, 10, 20,
                "link down"));
    }

    @Test
    void eventsComeBackInOrderWithTheirFields(@TempDir final Path dir)
    {
        final long before = System.currentTimeMillis();
        try (EventJournal journal = EventJournal.open(dir))
        {
            someEvents().forEach(journal::publish);
        }
        final List<JournalRecord> records = readAll(dir);
        assertEquals(List.of("IkeSaUp", "TunnelUp", "AuthSucceeded", "AccountingStop"),
            records.stream().map(JournalRecord::type).toList());
        assertEquals(someEvents().stream().map(Event::describe).toList(),
            records.stream().map(JournalRecord::text).toList());
        assertTrue(records.getFirst().timeMs() >= before && records.getLast().timeMs() <= System.currentTimeMillis());

        assertEquals(PEER.toString(), records.getFirst().field("peer"), "an endpoint is kept whole");
        assertEquals("AES-CBC-256/HMAC-SHA1/modp2048", records.getFirst().field("transform"));
        assertEquals("MSCHAP_V2", records.get(2).field("method"));
        final JournalRecord stop = records.getLast();
        assertEquals(List.of("alice", "7", "12", "10.0.3.10", "61000", "1500", "3000", "10", "20", "link down"),
            Stream.of("user", "tunnelId", "sessionId", "address", "durationMs", "inputOctets", "outputOctets",
                "inputPackets", "outputPackets", "reason").map(stop::field).toList());
        assertTrue(stop.line().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO accounting stop: alice .*"),
            stop.line());
    }

    @Test
    void aRestartedWriterContinuesTheSameJournal(@TempDir final Path dir)
    {
        final List<Event> events = someEvents();
        try (EventJournal journal = EventJournal.open(dir))
        {
            journal.publish(events.get(0));
            journal.publish(events.get(1));
        }
        try (EventJournal journal = EventJournal.open(dir))
        {
            journal.publish(events.get(2));
            journal.publish(events.get(3));
            assertEquals(0, journal.dropped());
        }
        assertEquals(events.stream().map(Event::describe).toList(), readAll(dir).stream().map(JournalRecord::text).toList());
    }

    @Test
    void noSecretReachesTheFiles(@TempDir final Path dir) throws IOException
    {
        try (EventJournal journal = EventJournal.open(dir))
        {
            journal.publish(new CarelessEvent("bob", "correct horse", "group key", "0123456789abcdef".getBytes(),
                "c0ffeec0ffee", "skeyid material"));
            someEvents().forEach(journal::publish);
        }
        final JournalRecord careless = readAll(dir).getFirst();
        assertEquals(List.of(new EventFields.Field("user", "bob")), careless.fields());
        final StringBuilder everything = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path file : files.filter(Files::isRegularFile).toList())
            {
                everything.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        assertTrue(everything.indexOf("bob") >= 0, "the journal files hold the records (the scan is not blind)");
        for (final String secret : List.of("correct horse", "group key", "0123456789abcdef", "c0ffeec0ffee", "skeyid material",
            "password", "preSharedKey"))
        {
            assertFalse(everything.indexOf(secret) >= 0, () -> "the journal holds \"" + secret + "\"");
        }
    }

    @Test
    void anUnusableDirectoryIsOneClearError(@TempDir final Path dir) throws IOException
    {
        final Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        final JournalUnavailableException writer = assertThrows(JournalUnavailableException.class,
            () -> EventJournal.open(file.resolve("events")));
        assertTrue(writer.getMessage().startsWith("event journal " + file.resolve("events") + ": cannot create"),
            writer.getMessage());

        final JournalUnavailableException missing = assertThrows(JournalUnavailableException.class,
            () -> EventJournalReader.open(dir.resolve("missing")));
        assertEquals("event journal " + dir.resolve("missing") + ": no such directory", missing.getMessage());
        final JournalUnavailableException empty = assertThrows(JournalUnavailableException.class,
            () -> EventJournalReader.open(dir));
        assertTrue(empty.getMessage().endsWith("no journal there (no .cq4 files)"), empty.getMessage());
        assertFalse(Files.exists(dir.resolve("missing")), "reading creates nothing");
    }

    /** The reader tool in its own JVM: the lines of the log, then (--follow) events appended later. */
    @Test
    void theToolPrintsTheLogLinesAndFollows(@TempDir final Path dir) throws Exception
    {
        final List<Event> events = someEvents();
        try (EventJournal journal = EventJournal.open(dir))
        {
            journal.publish(events.get(0));
            journal.publish(events.get(1));
        }
        final Process tool = new ProcessBuilder(toolCommand(dir.toString(), "--follow"))
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(tool.getInputStream(), StandardCharsets.UTF_8)))
        {
            final List<String> lines = new ArrayList<>();
            lines.add(out.readLine());
            lines.add(out.readLine());
            try (EventJournal journal = EventJournal.open(dir))
            {
                journal.publish(events.get(2));
            }
            lines.add(out.readLine());
            assertEquals(readAll(dir).stream().map(JournalRecord::line).toList(), lines);
        }
        finally
        {
            tool.destroy();
            tool.waitFor(10, TimeUnit.SECONDS);
        }

        final Process missing = new ProcessBuilder(toolCommand(dir.resolve("nowhere").toString())).start();
        final String said = new String(missing.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(missing.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, missing.exitValue());
        assertEquals("portcullis-events: event journal " + dir.resolve("nowhere") + ": no such directory\n", said,
            "one clear line, nothing else");
        assertEquals(0, missing.getInputStream().readAllBytes().length);
    }

    private static List<String> toolCommand(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "@" + Path.of(System.getProperty("portcullis.root"), "jvm.options"),
            "-cp", System.getProperty("java.class.path"), EventsTool.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static List<JournalRecord> readAll(final Path dir)
    {
        try (EventJournalReader reader = EventJournalReader.open(dir))
        {
            return reader.readAll();
        }
    }
}
