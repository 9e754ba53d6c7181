package io.portcullis.controlplane.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.Wire;

/**
 * Reads an {@link EventJournal} from its start, in the order events were appended, across
 * restarts of the writer. Opens the queue read-only: reading never creates or changes a journal.
 */
public final class EventJournalReader implements AutoCloseable
{
    private static final java.util.logging.Logger CHRONICLE_LOG = EventJournal.quietChronicle();

    private final ChronicleQueue queue;
    private final ExcerptTailer tailer;

    private EventJournalReader(final ChronicleQueue queue)
    {
        this.queue = queue;
        this.tailer = queue.createTailer();
    }

    /** The journal in {@code directory}; a missing or empty directory is one clear error. */
    public static EventJournalReader open(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            throw new JournalUnavailableException("event journal " + directory + ": no such directory", null);
        }
        try (var files = Files.list(directory))
        {
            if (files.noneMatch(file -> file.getFileName().toString().endsWith(".cq4")))
            {
                throw new JournalUnavailableException("event journal " + directory +
                    ": no journal there (no .cq4 files)", null);
            }
        }
        catch (final java.io.IOException ex)
        {
            throw new JournalUnavailableException("event journal " + directory + ": cannot list it (" +
                ex.getMessage() + ")", ex);
        }
        return new EventJournalReader(ChronicleQueue.singleBuilder(directory).readOnly(true).build());
    }

    /** The next record, or null when the reader has caught up with the writer. */
    public JournalRecord next()
    {
        try (DocumentContext document = tailer.readingDocument())
        {
            if (!document.isPresent())
            {
                return null;
            }
            final Wire wire = document.wire();
            final long timeMs = wire.read("time").int64();
            final String type = wire.read("type").text();
            final String text = wire.read("text").text();
            final List<EventFields.Field> fields = new ArrayList<>();
            wire.read("fields").marshallable(in ->
            {
                final StringBuilder name = new StringBuilder();
                while (in.hasMore())
                {
                    final ValueIn value = in.readEventName(name);
                    fields.add(new EventFields.Field(name.toString(), value.text()));
                }
            });
            return new JournalRecord(timeMs, type, text, List.copyOf(fields));
        }
    }

    /** Every record from where the reader is to the end. */
    public List<JournalRecord> readAll()
    {
        final List<JournalRecord> records = new ArrayList<>();
        for (JournalRecord record = next(); record != null; record = next())
        {
            records.add(record);
        }
        return records;
    }

    @Override
    public void close()
    {
        tailer.close();
        queue.close();
    }
}
