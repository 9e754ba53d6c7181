package io.portcullis.controlplane.ike;

/** The L2TP side's hook: a Quick Mode SA is up (installed both ways) or gone. Called on the IKE SA's loop. */
public interface ChildSaListener
{
    void onChildSaUp(ChildSa sa);

    void onChildSaDown(ChildSa sa, String reason);

    ChildSaListener NONE = new ChildSaListener()
    {
        @Override
        public void onChildSaUp(final ChildSa sa)
        {
        }

        @Override
        public void onChildSaDown(final ChildSa sa, final String reason)
        {
        }
    };
}
