package io.portcullis.controlplane.events;

/** Writes each event's description to the platform logger: the event log until the journal lands. */
public final class LoggingEventSink implements EventSink
{
    private static final System.Logger LOG = System.getLogger("io.portcullis.events");

    @Override
    public void publish(final Event event)
    {
        LOG.log(System.Logger.Level.INFO, event.describe());
    }
}
