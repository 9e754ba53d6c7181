package io.portcullis.controlplane.events;

import java.util.List;

/** Publishes each event to several sinks in turn: the log and the journal. */
public record TeeEventSink(List<EventSink> sinks) implements EventSink
{
    public TeeEventSink
    {
        sinks = List.copyOf(sinks);
    }

    @Override
    public void publish(final Event event)
    {
        for (final EventSink sink : sinks)
        {
            sink.publish(event);
        }
    }
}
