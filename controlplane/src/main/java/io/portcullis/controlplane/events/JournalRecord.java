package io.portcullis.controlplane.events;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One event as the journal keeps it: when (wall clock, milliseconds since the epoch), what type
 * ({@code AccountingStop}), the line the log shows, and the fields.
 */
public record JournalRecord(long timeMs, String type, String text, List<EventFields.Field> fields)
{
    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The event log's form: time (UTC), level, the event's line. */
    public String line()
    {
        return TIME.format(Instant.ofEpochMilli(timeMs)) + " INFO " + text;
    }

    /** A field's value, or null. */
    public String field(final String name)
    {
        for (final EventFields.Field field : fields)
        {
            if (field.name().equals(name))
            {
                return field.value();
            }
        }
        return null;
    }
}
