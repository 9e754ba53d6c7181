package io.portcullis.dataplane.worker;

import io.portcullis.dataplane.counters.CounterDescriptor;

/** What the worker's own steps count (ids 500-599). */
public enum WorkerCounter implements CounterDescriptor
{
    WAN_NOT_FOR_US(500, "wan: not ike, esp or icmp to us"),
    WAN_CLEARTEXT_L2TP(501, "wan: l2tp without ipsec"),
    PUNT_RING_FULL(502, "punt ring full"),
    FRAGMENT_FAILED(503, "could not fragment (no buffers or vector full)"),
    NO_ROUTE_OUT(504, "no route out for a packet the appliance made (encapsulated, echo reply)"),
    LOCAL_NOT_SERVED(505, "to the appliance's own address, not icmp (nothing else listens)"),
    PUNTED(506, "punted to the control plane"),
    FRAGMENTS_MADE(507, "fragments made"),
    INJECTED(508, "datagrams sent for the control plane"),
    INJECT_FAILED(509, "control-plane datagram not sent (no buffer, too long)"),
    HANDOFF_SENT(510, "handed to the worker owning the SA"),
    HANDOFF_RECEIVED(511, "received from other workers"),
    HANDOFF_RING_FULL(512, "hand-off ring full"),
    HANDOFF_NO_SESSION(513, "hand-off for a session that is gone");

    private final int id;
    private final String label;

    WorkerCounter(final int id, final String label)
    {
        this.id = id;
        this.label = label;
    }

    public int id()
    {
        return id;
    }

    public String label()
    {
        return label;
    }
}
