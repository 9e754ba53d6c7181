package io.portcullis.controlplane.ike;

import io.portcullis.controlplane.events.Event;

/** A Quick Mode SA pair was replaced by a new one under the same outbound handle. */
public record QuickModeSaRekeyed(ChildSa old, ChildSa renewed) implements Event
{
    @Override
    public String describe()
    {
        return "Quick Mode SA with " + renewed.peer() + " rekeyed: in 0x" + Integer.toHexString(old.inboundSpi()) +
            " -> 0x" + Integer.toHexString(renewed.inboundSpi()) + ", out 0x" + Integer.toHexString(old.outboundSpi()) +
            " -> 0x" + Integer.toHexString(renewed.outboundSpi());
    }
}
