package io.portcullis.controlplane.l2tp;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import io.portcullis.controlplane.events.EventSink;
import io.portcullis.controlplane.runtime.Scheduler;
import io.portcullis.dataplane.api.ControlPacketListener;
import io.portcullis.dataplane.api.DataplaneCommands;

/**
 * An L2TP endpoint: the LNS that answers SCCRQs and, for the appliance's own client role and for
 * tests, the LAC that opens tunnels. It takes datagrams as the dataplane punts them
 * ({@link #onDatagram}), finds their tunnel, enforces the limits, and sends through an
 * {@link L2tpTransport}. Everything runs on {@code scheduler}'s thread: a caller on another
 * thread copies the payload and hands the call over with {@link Scheduler#execute}.
 */
public final class L2tpEndpoint implements ControlPacketListener
{
    private record PeerTunnel(int address, int port, int peerTunnelId)
    {
    }

    private final Scheduler scheduler;
    private final L2tpSettings settings;
    private final L2tpTransport transport;
    private final PeerSaLookup peerSa;
    private final CallHandler callHandler;
    private final EventSink events;
    private final RandomGenerator random;
    private final SetupRateLimiter setupRate;
    private final L2tpCounters counters = new L2tpCounters();
    private final Map<Integer, Tunnel> tunnels = new HashMap<>();
    private final Map<PeerTunnel, Tunnel> byPeer = new HashMap<>();

    public L2tpEndpoint(final Scheduler scheduler, final L2tpSettings settings, final L2tpTransport transport,
        final PeerSaLookup peerSa, final CallHandler callHandler, final EventSink events, final RandomGenerator random)
    {
        this.scheduler = scheduler;
        this.settings = settings;
        this.transport = transport;
        this.peerSa = peerSa;
        this.callHandler = callHandler;
        this.events = events;
        this.random = random;
        this.setupRate = new SetupRateLimiter(settings.setupsPerPeerPerSecond());
    }

    /** LAC: opens a tunnel to an LNS (SCCRQ -->); established when {@link Tunnel#state()} says so. */
    public Tunnel openTunnel(final int localAddress, final int localPort, final int remoteAddress,
        final int remotePort)
    {
        final Tunnel tunnel = new Tunnel(this, Tunnel.Role.LAC, allocateTunnelId(), localAddress, localPort,
            remoteAddress, remotePort, peerSa.outboundSaHandle(remoteAddress, remotePort));
        tunnels.put(tunnel.localId(), tunnel);
        tunnel.start();
        return tunnel;
    }

    @Override
    public void onDatagram(final int localAddress, final int localPort, final int remoteAddress,
        final int remotePort, final ByteBuffer payload, final int inboundSpi, final long arrivalNs)
    {
        if (settings.requireIpsec() && inboundSpi == 0)
        {
            counters.clearTextDropped++;
            return;
        }
        try
        {
            if (ControlMessageCodec.isControl(payload))
            {
                onControl(localAddress, localPort, remoteAddress, remotePort, payload);
            }
            else
            {
                onData(remoteAddress, DataMessage.read(payload));
            }
        }
        catch (final L2tpProtocolException ex)
        {
            counters.discardedHeader++;
        }
    }

    private void onControl(final int localAddress, final int localPort, final int remoteAddress,
        final int remotePort, final ByteBuffer payload) throws L2tpProtocolException
    {
        final ControlHeader header = ControlMessageCodec.readHeader(payload);
        final byte[] message = new byte[header.length()];
        payload.get(payload.position(), message);
        if (header.tunnelId() == 0 && header.zlb())
        {
            counters.unknownTunnel++;  // an acknowledgement for no tunnel: nothing to do
            return;
        }
        if (header.tunnelId() == 0)
        {
            onNewTunnel(localAddress, localPort, remoteAddress, remotePort, header, message);
            return;
        }
        final Tunnel tunnel = tunnels.get(header.tunnelId());
        final boolean portMayChange = tunnel != null && tunnel.state() == Tunnel.State.WAIT_CTL_REPLY;
        if (tunnel == null || tunnel.remoteAddress() != remoteAddress ||
            (tunnel.remotePort() != remotePort && !portMayChange))
        {
            counters.unknownTunnel++;
            return;
        }
        tunnel.onControl(header, message, remotePort);
    }

    /** Tunnel ID 0: an SCCRQ, new or retransmitted (the peer does not know our id yet). */
    private void onNewTunnel(final int localAddress, final int localPort, final int remoteAddress,
        final int remotePort, final ControlHeader header, final byte[] message)
    {
        final ControlMessage sccrq;
        try
        {
            sccrq = ControlMessageCodec.readBody(header, message, settings.secret());
        }
        catch (final L2tpProtocolException ex)
        {
            counters.malformed++;
            events.publish(new L2tpEvent.Refused(peer(remoteAddress, remotePort), "tunnel", ex.rule()));
            return;
        }
        if (sccrq == null || sccrq.type() != MessageType.SCCRQ)
        {
            counters.unknownTunnel++;  // only an SCCRQ may name tunnel 0 (RFC 2661 §3.1)
            return;
        }
        final PeerTunnel key = new PeerTunnel(remoteAddress, remotePort, sccrq.u16(AvpType.ASSIGNED_TUNNEL_ID));
        Tunnel tunnel = byPeer.get(key);
        if (tunnel == null)
        {
            if (!tieBreakAllows(remoteAddress, sccrq) || !admitTunnel(localAddress, localPort, remoteAddress,
                remotePort, key))
            {
                return;
            }
            tunnel = new Tunnel(this, Tunnel.Role.LNS, allocateTunnelId(), localAddress, localPort, remoteAddress,
                remotePort, peerSa.outboundSaHandle(remoteAddress, remotePort));
            tunnels.put(tunnel.localId(), tunnel);
            byPeer.put(key, tunnel);
        }
        tunnel.onControl(header, message, remotePort);
    }

    /**
     * §4.4.3: our own unanswered SCCRQ to this peer competes with theirs; the lower Tie Breaker
     * wins, and ours (which always has one) wins over an SCCRQ without.
     */
    private boolean tieBreakAllows(final int remoteAddress, final ControlMessage sccrq)
    {
        for (final Tunnel ours : tunnels.values().stream().toList())
        {
            if (ours.remoteAddress() == remoteAddress && ours.state() == Tunnel.State.WAIT_CTL_REPLY)
            {
                final int order = sccrq.has(AvpType.TIE_BREAKER) ? ours.compareTieBreaker(sccrq) : -1;
                if (order >= 0)
                {
                    ours.abandon("RFC 2661 §4.4.3: lost the tie-break to the peer's SCCRQ");
                }
                if (order <= 0)
                {
                    counters.tieBreaks++;
                    return false;
                }
            }
        }
        return true;
    }

    private boolean admitTunnel(final int localAddress, final int localPort, final int remoteAddress,
        final int remotePort, final PeerTunnel key)
    {
        final String refusal = tunnels.size() >= settings.maxTunnels() ? "tunnel limit " + settings.maxTunnels() :
            !setupRate.tryAcquire(remoteAddress, scheduler.nowMs()) ?
                "more than " + settings.setupsPerPeerPerSecond() + " set-ups a second" : null;
        if (refusal == null)
        {
            return true;
        }
        counters.refusedTunnels++;
        events.publish(new L2tpEvent.Refused(peer(remoteAddress, remotePort), "tunnel", refusal));
        // A one-shot StopCCN (Ns 0, acknowledging the SCCRQ): refusing must not cost us state.
        final ControlMessage stopccn = ControlMessage.builder(MessageType.STOPCCN, key.peerTunnelId(), 0)
            .add(Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, true, 0))
            .add(Avp.resultCode(ResultCode.GENERAL_ERROR, ResultCode.INSUFFICIENT_RESOURCES, refusal)).build();
        transport.send(localAddress, localPort, remoteAddress, remotePort,
            ByteBuffer.wrap(ControlMessageCodec.encode(stopccn, 0, 1, null, random)),
            peerSa.outboundSaHandle(remoteAddress, remotePort));
        return false;
    }

    /** Null if the tunnel may take one more session, else why not. */
    String refuseSession(final Tunnel tunnel)
    {
        final String refusal = tunnel.sessions().size() >= settings.maxSessionsPerTunnel() ?
            "session limit " + settings.maxSessionsPerTunnel() + " per tunnel" :
            !setupRate.tryAcquire(tunnel.remoteAddress(), scheduler.nowMs()) ?
                "more than " + settings.setupsPerPeerPerSecond() + " set-ups a second" : null;
        if (refusal != null)
        {
            counters.refusedSessions++;
            events.publish(new L2tpEvent.Refused(peer(tunnel), "session", refusal));
        }
        return refusal;
    }

    private void onData(final int remoteAddress, final DataMessage data)
    {
        final Tunnel tunnel = tunnels.get(data.tunnelId());
        if (tunnel == null || tunnel.remoteAddress() != remoteAddress)
        {
            counters.unknownTunnel++;
            return;
        }
        final Session session = tunnel.session(data.sessionId());
        if (session == null)
        {
            counters.unknownSession++;
            return;
        }
        session.onFrame(data.pppFrame());
    }

    private int allocateTunnelId()
    {
        int id;
        do
        {
            id = 1 + random.nextInt(0xFFFF);
        }
        while (tunnels.containsKey(id));
        return id;
    }

    void tunnelUp(final Tunnel tunnel)
    {
        events.publish(new L2tpEvent.TunnelUp(peer(tunnel), tunnel.localId(), tunnel.peerId(), tunnel.peerHostName()));
    }

    void tunnelDown(final Tunnel tunnel, final String reason)
    {
        events.publish(new L2tpEvent.TunnelDown(peer(tunnel), tunnel.localId(), reason));
    }

    void sessionUp(final Session session)
    {
        events.publish(new L2tpEvent.SessionUp(peer(session.tunnel()), session.tunnel().localId(),
            session.localId(), session.peerId(), session.tunnel().espSaHandle() != DataplaneCommands.NO_SA));
    }

    void sessionDown(final Session session, final String reason, final boolean wasUp)
    {
        events.publish(new L2tpEvent.SessionDown(peer(session.tunnel()), session.tunnel().localId(),
            session.localId(), reason));
        if (wasUp)
        {
            callHandler.onClosed(session, reason);
        }
    }

    void remove(final Tunnel tunnel)
    {
        tunnels.remove(tunnel.localId(), tunnel);
        byPeer.values().remove(tunnel);
    }

    private static String peer(final Tunnel tunnel)
    {
        return peer(tunnel.remoteAddress(), tunnel.remotePort());
    }

    static String peer(final int address, final int port)
    {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." +
            (address & 0xFF) + ":" + port;
    }

    public Tunnel tunnel(final int localTunnelId)
    {
        return tunnels.get(localTunnelId);
    }

    public List<Tunnel> tunnels()
    {
        return List.copyOf(tunnels.values());
    }

    public int tunnelCount()
    {
        return tunnels.size();
    }

    public L2tpCounters counters()
    {
        return counters;
    }

    Scheduler scheduler()
    {
        return scheduler;
    }

    L2tpSettings settings()
    {
        return settings;
    }

    L2tpTransport transport()
    {
        return transport;
    }

    RandomGenerator random()
    {
        return random;
    }

    CallHandler callHandler()
    {
        return callHandler;
    }
}
