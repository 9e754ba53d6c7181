package io.portcullis.controlplane.l2tp;

/** The PPP side of a session: told when the call is up (ICCN/OCCN done) and when it is gone. */
public interface CallHandler
{
    /** Where the PPP frames of the session's data messages go, once established. */
    @FunctionalInterface
    interface FrameReceiver
    {
        void onFrame(byte[] pppFrame);
    }

    FrameReceiver onEstablished(Session session);

    void onClosed(Session session, String reason);
}
