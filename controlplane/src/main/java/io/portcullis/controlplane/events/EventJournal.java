package io.portcullis.controlplane.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;

/**
 * The append-only event journal (ARCHITECTURE.md, "Persistence and operations"): every event
 * published, as a structured record (time, type, the log's line, the fields of
 * {@link EventFields}), in a Chronicle Queue under one directory. A restarted appliance appends
 * to the same journal; {@link EventJournalReader} (and {@code bin/portcullis-events}) reads it.
 *
 * <p>{@link #publish} never blocks the event loop that calls it: it stamps the time and hands
 * the event to the journal's own thread, which renders and appends it (one appender, one
 * writer thread, as Chronicle wants). If that thread falls {@value #BACKLOG} events behind, an
 * event is counted in {@link #dropped()} instead of waiting.
 */
public final class EventJournal implements EventSink, AutoCloseable
{
    /** Where the journal goes without {@code set system event-journal}. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/var/lib/portcullis/events");
    static final int BACKLOG = 4096;

    private record Stamped(long timeMs, Event event)
    {
    }

    private static final Stamped END = new Stamped(0, null);
    /** Chronicle's own notes (file growth, timings, release news) are not events: warnings only. */
    private static final java.util.logging.Logger CHRONICLE_LOG = quietChronicle();

    private final Path directory;
    private final ChronicleQueue queue;
    private final BlockingQueue<Stamped> backlog = new ArrayBlockingQueue<>(BACKLOG);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    private EventJournal(final Path directory, final ChronicleQueue queue)
    {
        this.directory = directory;
        this.queue = queue;
        this.writer = Thread.ofPlatform().name("event-journal").daemon().unstarted(this::run);
        writer.start();
    }

    /**
     * Opens (or creates) the journal in {@code directory}, creating the directory if it is
     * missing; a directory that cannot be made or written is one {@link JournalUnavailableException}
     * naming it and why.
     */
    public static EventJournal open(final Path directory)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException | SecurityException ex)
        {
            throw new JournalUnavailableException("event journal " + directory + ": cannot create the directory (" +
                ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")", ex);
        }
        if (!Files.isWritable(directory))
        {
            throw new JournalUnavailableException("event journal " + directory + ": the directory is not writable",
                null);
        }
        try
        {
            return new EventJournal(directory, ChronicleQueue.singleBuilder(directory).build());
        }
        catch (final RuntimeException ex)
        {
            throw new JournalUnavailableException("event journal " + directory + ": Chronicle Queue could not open it (" +
                ex.getMessage() + ")", ex);
        }
    }

    static java.util.logging.Logger quietChronicle()
    {
        final java.util.logging.Logger log = java.util.logging.Logger.getLogger("net.openhft");
        log.setLevel(java.util.logging.Level.WARNING);
        return log;
    }

    public Path directory()
    {
        return directory;
    }

    @Override
    public void publish(final Event event)
    {
        if (closed || !backlog.offer(new Stamped(System.currentTimeMillis(), event)))
        {
            dropped.incrementAndGet();
        }
    }

    /** Events not journalled: the writer thread was {@value #BACKLOG} behind, or the journal was closed. */
    public long dropped()
    {
        return dropped.get();
    }

    /** Events appended so far. */
    public long written()
    {
        return written.get();
    }

    private void run()
    {
        try (ExcerptAppender appender = queue.createAppender())
        {
            while (true)
            {
                final Stamped next = backlog.take();
                if (next == END)
                {
                    return;
                }
                append(appender, next.timeMs(), next.event());
                written.incrementAndGet();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void append(final ExcerptAppender appender, final long timeMs, final Event event)
    {
        final List<EventFields.Field> fields = EventFields.of(event);
        try (DocumentContext document = appender.writingDocument())
        {
            final Wire wire = document.wire();
            wire.write("time").int64(timeMs);
            wire.write("type").text(event.getClass().getSimpleName());
            wire.write("text").text(event.describe());
            wire.write("fields").marshallable(out ->
            {
                for (final EventFields.Field field : fields)
                {
                    out.write(field.name()).text(field.value());
                }
            });
        }
    }

    /** Appends what is still waiting, then closes the queue. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            backlog.put(END);
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        queue.close();
    }
}
