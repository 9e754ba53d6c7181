package io.portcullis.controlplane.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event, for assertions. */
public final class RecordingEventSink implements EventSink
{
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(final Event event)
    {
        events.add(event);
    }

    public List<Event> events()
    {
        return List.copyOf(events);
    }

    public <T extends Event> List<T> eventsOf(final Class<T> type)
    {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
