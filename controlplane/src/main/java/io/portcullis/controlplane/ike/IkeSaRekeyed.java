package io.portcullis.controlplane.ike;

import io.portcullis.controlplane.events.Event;

/** Phase 1 was renewed: a new ISAKMP SA took over the peer's Quick Mode SAs and the old one is gone. */
public record IkeSaRekeyed(Endpoint oldPeer, Endpoint peer, String reason) implements Event
{
    @Override
    public String describe()
    {
        return "IKE SA with " + peer + " rekeyed: " + reason;
    }
}
