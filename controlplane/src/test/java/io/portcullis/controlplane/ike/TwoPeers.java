package io.portcullis.controlplane.ike;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

import io.portcullis.controlplane.events.RecordingEventSink;
import io.portcullis.controlplane.runtime.ManualScheduler;

/**
 * An initiator and a responder wired back to back in memory, optionally through a NAT that
 * rewrites the initiator's source (address and port, per flow, as MASQUERADE does). Every
 * datagram can be inspected or dropped by a filter.
 */
final class TwoPeers
{
    static final int INITIATOR_ADDRESS = 0x0a000001;   // 10.0.0.1
    static final int RESPONDER_ADDRESS = 0xc6336401;   // 198.51.100.1
    static final int NAT_ADDRESS = 0xcb007101;         // 203.0.113.1

    final ManualScheduler scheduler = new ManualScheduler();
    final Peer initiator;
    final Peer responder;
    final boolean nat;
    /** (toResponder, message) -> true to deliver. */
    BiPredicate<Boolean, byte[]> filter = (toResponder, message) -> true;
    final List<byte[]> toResponder = new ArrayList<>();
    final List<byte[]> toInitiator = new ArrayList<>();

    final class Peer
    {
        final RecordingDataplane dataplane = new RecordingDataplane();
        final RecordingEventSink events = new RecordingEventSink();
        final List<ChildSa> up = new ArrayList<>();
        final IkeService service;

        Peer(final IkeConfig config, final boolean isInitiator)
        {
            final IkeContext context = new IkeContext(config, scheduler, (endpoint, message) ->
                deliver(isInitiator, endpoint, message), dataplane, events, new SpiAllocator(),
                new ChildSaListener()
                {
                    @Override
                    public void onChildSaUp(final ChildSa sa)
                    {
                        up.add(sa);
                    }

                    @Override
                    public void onChildSaDown(final ChildSa sa, final String reason)
                    {
                        up.remove(sa);
                    }
                });
            service = new IkeService(context);
        }
    }

    TwoPeers(final IkeConfig initiatorConfig, final IkeConfig responderConfig, final boolean nat)
    {
        this.initiator = new Peer(initiatorConfig, true);
        this.responder = new Peer(responderConfig, false);
        this.nat = nat;
    }

    /** The NAT maps each initiator source port to another (fixed offset), as a port-translating NAT may. */
    private int natPort(final int port)
    {
        return 30_000 + port;
    }

    private void deliver(final boolean fromInitiator, final Endpoint e, final byte[] message)
    {
        (fromInitiator ? toResponder : toInitiator).add(message);
        if (!filter.test(fromInitiator, message))
        {
            return;
        }
        if (fromInitiator)
        {
            final int srcAddress = nat ? NAT_ADDRESS : e.localAddress();
            final int srcPort = nat ? natPort(e.localPort()) : e.localPort();
            responder.service.onDatagram(e.remoteAddress(), e.remotePort(), srcAddress, srcPort, ByteBuffer.wrap(message));
        }
        else
        {
            final int dstAddress = nat ? INITIATOR_ADDRESS : e.remoteAddress();
            final int dstPort = nat ? e.remotePort() - 30_000 : e.remotePort();
            initiator.service.onDatagram(dstAddress, dstPort, e.localAddress(), e.localPort(), ByteBuffer.wrap(message));
        }
    }

    IkeSa start(final QuickModeRequest request)
    {
        final IkeSa sa = initiator.service.initiate(new Endpoint(INITIATOR_ADDRESS, Endpoint.IKE_PORT,
            RESPONDER_ADDRESS, Endpoint.IKE_PORT), request);
        scheduler.runPending();
        return sa;
    }
}
