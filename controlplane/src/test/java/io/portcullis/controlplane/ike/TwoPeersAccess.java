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

    /** Whether a plaintext message from the responder carried a payload of {@code type}. */
    public boolean responderSent(final int type)
    {
        for (final byte[] message : peers.toInitiator)
        {
            try
            {
                final var decoded = io.portcullis.controlplane.ike.isakmp.IsakmpMessage.decode(
                    java.nio.ByteBuffer.wrap(message));
                if (decoded.payloads().indexOf(type) >= 0)
                {
                    return true;
                }
            }
            catch (final io.portcullis.controlplane.ike.isakmp.IsakmpException encrypted)
            {
                // encrypted messages are not looked into
            }
        }
        return false;
    }

    public int responderChildSas()
    {
        return peers.responder.up.size();
    }
}
