package io.portcullis.controlplane.events;

/** Where every control-plane event goes. Implementations must be safe to call from any loop. */
@FunctionalInterface
public interface EventSink
{
    void publish(Event event);
}
