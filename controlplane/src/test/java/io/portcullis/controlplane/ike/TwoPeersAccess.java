package io.portcullis.controlplane.ike;

import io.portcullis.controlplane.events.RecordingEventSink;

/** {@link TwoPeers} for tests in sub-packages. */
public final class TwoPeersAccess
{
    private final TwoPeers peers;

    public TwoPeersAccess(final IkeConfig initiator, final IkeConfig responder)
    {
        this.peers = new TwoPeers(initiator, responder, false);
    }

    public IkeSa start(final QuickModeRequest request)
    {
        return peers.start(request);
    }

    public RecordingEventSink initiatorEvents()
    {
        return peers.initiator.events;
    }

    public RecordingEventSink responderEvents()
    {
        return peers.responder.events;
    }

    public int responderChildSas()
    {
        return peers.responder.up.size();
    }
}
