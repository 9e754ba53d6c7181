package io.portcullis.controlplane.ike;

import io.portcullis.controlplane.events.EventSink;
import io.portcullis.controlplane.runtime.Scheduler;
import io.portcullis.dataplane.api.DataplaneCommands;

/** What every IKE SA of one loop shares: settings, its thread and timers, and the ways out. */
public record IkeContext(IkeConfig config, Scheduler scheduler, IkeTransport transport, DataplaneCommands dataplane,
    EventSink events, SpiAllocator spis, ChildSaListener childSaListener)
{
}
