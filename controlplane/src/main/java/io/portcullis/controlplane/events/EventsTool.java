package io.portcullis.controlplane.events;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/portcullis-events [DIR] [--follow]}: prints the event journal in the event log's
 * form, one line per event, oldest first; with {@code --follow} it keeps printing new events
 * until interrupted. DIR defaults to {@link EventJournal#DEFAULT_DIRECTORY}.
 */
public final class EventsTool
{
    private static final long FOLLOW_POLL_MS = 200;

    private EventsTool()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final List<String> rest = new ArrayList<>(List.of(args));
        final boolean follow = rest.remove("--follow");
        if (rest.size() > 1 || rest.stream().anyMatch(arg -> arg.startsWith("--")))
        {
            System.err.println("usage: portcullis-events [DIR] [--follow]");
            System.exit(2);
        }
        final Path directory = rest.isEmpty() ? EventJournal.DEFAULT_DIRECTORY : Path.of(rest.getFirst());
        final EventJournalReader reader;
        try
        {
            reader = EventJournalReader.open(directory);
        }
        catch (final JournalUnavailableException ex)
        {
            System.err.println("portcullis-events: " + ex.getMessage());
            System.exit(1);
            return;
        }
        try (reader)
        {
            while (true)
            {
                for (JournalRecord record = reader.next(); record != null; record = reader.next())
                {
                    System.out.println(record.line());
                }
                System.out.flush();
                if (!follow)
                {
                    return;
                }
                Thread.sleep(FOLLOW_POLL_MS);
            }
        }
    }
}
