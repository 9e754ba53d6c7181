package io.portcullis.controlplane.l2tp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.portcullis.controlplane.events.RecordingEventSink;
import io.portcullis.controlplane.runtime.ManualScheduler;

/**
 * A LAC and an LNS endpoint joined by two {@link LossyLink}s on one {@link ManualScheduler}:
 * everything each sends reaches the other's {@code onDatagram}, as the dataplane would punt it.
 */
final class LacLns
{
    static final int LAC_ADDRESS = 0xC0000201;  // 192.0.2.1
    static final int LNS_ADDRESS = 0xC0000202;  // 192.0.2.2
    static final int PORT = 1701;

    final ManualScheduler scheduler = new ManualScheduler();
    final RecordingEventSink lacEvents = new RecordingEventSink();
    final RecordingEventSink lnsEvents = new RecordingEventSink();
    final RecordingCalls lacCalls = new RecordingCalls();
    final RecordingCalls lnsCalls = new RecordingCalls();
    final LossyLink lacToLns = new LossyLink(scheduler, 11);
    final LossyLink lnsToLac = new LossyLink(scheduler, 12);
    /** Outbound SA handles the LNS sent through, one per datagram. */
    final List<Integer> lnsSaHandles = new ArrayList<>();
    final L2tpEndpoint lac;
    final L2tpEndpoint lns;

    LacLns(final L2tpSettings lacSettings, final L2tpSettings lnsSettings)
    {
        this(lacSettings, lnsSettings, PeerSaLookup.PLAIN);
    }

    LacLns(final L2tpSettings lacSettings, final L2tpSettings lnsSettings, final PeerSaLookup lnsPeerSa)
    {
        lac = new L2tpEndpoint(scheduler, lacSettings, (la, lp, ra, rp, payload, sa) -> lacToLns.accept(bytes(payload)),
            PeerSaLookup.PLAIN, lacCalls, lacEvents, new Random(21));
        lns = new L2tpEndpoint(scheduler, lnsSettings, (la, lp, ra, rp, payload, sa) ->
        {
            lnsSaHandles.add(sa);
            lnsToLac.accept(bytes(payload));
        }, lnsPeerSa, lnsCalls, lnsEvents, new Random(22));
        lacToLns.to(d -> lns.onDatagram(LNS_ADDRESS, PORT, LAC_ADDRESS, PORT, ByteBuffer.wrap(d), 0, 0));
        lnsToLac.to(d -> lac.onDatagram(LAC_ADDRESS, PORT, LNS_ADDRESS, PORT, ByteBuffer.wrap(d), 0, 0));
    }

    static L2tpSettings settings(final String host, final String secret)
    {
        return L2tpSettings.of(host, secret == null ? null : secret.getBytes())
            .withChannel(new ControlChannelConfig(8, 1_000, 8_000, 5, 100, 60_000), 5_000);
    }

    Tunnel openTunnel()
    {
        final Tunnel tunnel = lac.openTunnel(LAC_ADDRESS, PORT, LNS_ADDRESS, PORT);
        scheduler.advanceMs(1_000);
        return tunnel;
    }

    /** The LNS's only tunnel. */
    Tunnel lnsTunnel()
    {
        return lns.tunnels().isEmpty() ? null : lns.tunnels().getFirst();
    }

    private static byte[] bytes(final ByteBuffer payload)
    {
        final byte[] copy = new byte[payload.remaining()];
        payload.get(copy);
        return copy;
    }
}
