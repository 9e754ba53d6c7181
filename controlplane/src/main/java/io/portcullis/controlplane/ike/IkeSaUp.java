package io.portcullis.controlplane.ike;

import io.portcullis.controlplane.events.Event;

/** Phase 1 is complete: the peer proved it holds the key. */
public record IkeSaUp(Endpoint peer, String peerId, String transform, boolean natDetected, boolean initiator)
    implements Event
{
    @Override
    public String describe()
    {
        return "IKE SA up with " + peer + " (" + peerId + ") as " + (initiator ? "initiator" : "responder") + ", " +
            transform + (natDetected ? ", NAT detected" : "");
    }
}
