package io.portcullis.controlplane.ike;

import io.portcullis.controlplane.events.Event;

/** A Quick Mode exchange failed; the IKE SA stays up. */
public record QuickModeFailed(Endpoint peer, String reason) implements Event
{
    @Override
    public String describe()
    {
        return "Quick Mode with " + peer + " failed: " + reason;
    }
}
