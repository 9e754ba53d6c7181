package io.portcullis.controlplane.ike;

import io.portcullis.controlplane.events.Event;

/** An IKE SA ended or failed to come up; {@code reason} names the rule or the event. */
public record IkeSaDown(Endpoint peer, String reason) implements Event
{
    @Override
    public String describe()
    {
        return "IKE SA with " + peer + " down: " + reason;
    }
}
