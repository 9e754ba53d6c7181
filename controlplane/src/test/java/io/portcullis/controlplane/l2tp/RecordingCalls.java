package io.portcullis.controlplane.l2tp;

import java.util.ArrayList;
import java.util.List;

/** A PPP side that records established sessions, the frames they received and why they closed. */
final class RecordingCalls implements CallHandler
{
    final List<Session> established = new ArrayList<>();
    final List<byte[]> frames = new ArrayList<>();
    final List<String> closed = new ArrayList<>();

    @Override
    public FrameReceiver onEstablished(final Session session)
    {
        established.add(session);
        return frames::add;
    }

    @Override
    public void onClosed(final Session session, final String reason)
    {
        closed.add(reason);
    }
}
