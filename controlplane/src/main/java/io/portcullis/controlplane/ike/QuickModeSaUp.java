package io.portcullis.controlplane.ike;

import io.portcullis.controlplane.events.Event;

/** A Quick Mode SA pair was installed in the dataplane. */
public record QuickModeSaUp(ChildSa sa) implements Event
{
    @Override
    public String describe()
    {
        return "Quick Mode SA up with " + sa.peer() + ": in 0x" + Integer.toHexString(sa.inboundSpi()) + ", out 0x" +
            Integer.toHexString(sa.outboundSpi()) + ", " + sa.transform();
    }
}
