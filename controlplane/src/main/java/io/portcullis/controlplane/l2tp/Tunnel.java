package io.portcullis.controlplane.l2tp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.controlplane.runtime.Scheduler;

/**
 * One control connection (RFC 2661 §7.2): SCCRQ/SCCRP/SCCCN with optional tunnel authentication
 * (§5.1.1), HELLO, StopCCN, and the sessions it carries. Its {@link ControlChannel} makes the
 * exchange reliable; this class only decides what each message means in each state.
 */
public final class Tunnel implements ControlChannel.Listener
{
    public enum Role
    {
        LAC, LNS
    }

    public enum State
    {
        IDLE, WAIT_CTL_REPLY, WAIT_CTL_CONN, ESTABLISHED, CLOSING, CLOSED
    }

    private static final int PROTOCOL_VERSION = 0x0100;
    private static final int CHALLENGE_LENGTH = 16;
    /** A control connection not up by then is cleared: half-open ones must not hold the tunnel limit. */
    static final long SETUP_TIMEOUT_MS = 60_000;

    private final L2tpEndpoint endpoint;
    private final L2tpSettings settings;
    private final Role role;
    private final int localId;
    private final int localAddress;
    private final int localPort;
    private final int remoteAddress;
    private int remotePort;
    private final int espSaHandle;
    private final ControlChannel channel;
    private final Map<Integer, Session> sessions = new HashMap<>();
    private int peerId;
    private State state = State.IDLE;
    private byte[] challenge;
    private long tieBreaker;
    private String peerHostName = "";
    private long nextSerial = 1;

    Tunnel(final L2tpEndpoint endpoint, final Role role, final int localId, final int localAddress,
        final int localPort, final int remoteAddress, final int remotePort, final int espSaHandle)
    {
        this.endpoint = endpoint;
        this.settings = endpoint.settings();
        this.role = role;
        this.localId = localId;
        this.localAddress = localAddress;
        this.localPort = localPort;
        this.remoteAddress = remoteAddress;
        this.remotePort = remotePort;
        this.espSaHandle = espSaHandle;
        this.channel = new ControlChannel(endpoint.scheduler(), settings.channel(), this,
            (message, ns, nr) -> ControlMessageCodec.encode(message, ns, nr, settings.secret(), endpoint.random()));
        endpoint.scheduler().schedule(SETUP_TIMEOUT_MS, this::setupDeadline);
    }

    private void setupDeadline()
    {
        if (state == State.IDLE || state == State.WAIT_CTL_REPLY || state == State.WAIT_CTL_CONN)
        {
            stop(ResultCode.GENERAL_ERROR, ResultCode.NO_ERROR, "RFC 2661 §7.2: control connection not established in " +
                SETUP_TIMEOUT_MS / 1000 + " s (state " + state + ")");
        }
    }

    /* SCCRQ { Protocol Version, Host Name, Framing Capabilities, Assigned Tunnel ID, [Challenge] } --> */
    void start()
    {
        tieBreaker = endpoint.random().nextLong();
        final ControlMessage.Builder sccrq = ControlMessage.builder(MessageType.SCCRQ, 0, 0);
        addIdentity(sccrq);
        sccrq.add(Avp.of(AvpType.TIE_BREAKER, false, ByteBuffer.allocate(8).putLong(tieBreaker).array()));
        addChallenge(sccrq);
        state = State.WAIT_CTL_REPLY;
        channel.send(sccrq.build());
    }

    /** A control message datagram whose header was verified and names this tunnel (or is its SCCRQ). */
    void onControl(final ControlHeader header, final byte[] message, final int fromPort)
    {
        if (state == State.WAIT_CTL_REPLY && fromPort != remotePort)
        {
            remotePort = fromPort;  // §8.1: the SCCRP may come from another port; it is fixed from then on
        }
        channel.onReceive(header, message);
    }

    @Override
    public void transmit(final byte[] datagram)
    {
        sendData(datagram);
    }

    void sendData(final byte[] datagram)
    {
        endpoint.transport().send(localAddress, localPort, remoteAddress, remotePort, ByteBuffer.wrap(datagram),
            espSaHandle);
    }

    void sendControl(final ControlMessage message)
    {
        channel.send(message);
    }

    @Override
    public void onMessage(final ControlHeader header, final byte[] bytes)
    {
        if (state == State.CLOSED || state == State.CLOSING)
        {
            return;  // §5.7: only acknowledged while we hold the state after a StopCCN
        }
        final ControlMessage message;
        try
        {
            message = ControlMessageCodec.readBody(header, bytes, settings.secret());
        }
        catch (final L2tpProtocolException ex)
        {
            endpoint.counters().malformed++;
            refuseMalformed(header, bytes, ex);
            return;
        }
        if (message != null)
        {
            dispatch(message);
        }
    }

    /** §4.1: a bad AVP in a call's message clears that call; in a tunnel message, the tunnel. */
    private void refuseMalformed(final ControlHeader header, final byte[] bytes, final L2tpProtocolException ex)
    {
        final Session session = header.sessionId() == 0 ? null : sessions.get(header.sessionId());
        final MessageType type = MessageType.of(ControlMessageCodec.peekU16(bytes, header.length(), AvpType.MESSAGE_TYPE));
        final int peerSession = ControlMessageCodec.peekU16(bytes, header.length(), AvpType.ASSIGNED_SESSION_ID);
        if (session != null)
        {
            session.disconnect(ex.resultCode(), ex.errorCode(), ex.rule());
        }
        else if ((type == MessageType.ICRQ || type == MessageType.OCRQ) && peerSession > 0 &&
            state == State.ESTABLISHED)
        {
            channel.send(ControlMessage.builder(MessageType.CDN, peerId, peerSession)
                .add(Avp.resultCode(ResultCode.GENERAL_ERROR, ex.errorCode(), ex.rule()))
                .add(Avp.u16(AvpType.ASSIGNED_SESSION_ID, true, 0)).build());
        }
        else
        {
            stop(ex.resultCode(), ex.errorCode(), ex.rule());
        }
    }

    private void dispatch(final ControlMessage message)
    {
        switch (message.type())
        {
            case SCCRQ -> onSccrq(message);
            case SCCRP -> onSccrp(message);
            case SCCCN -> onScccn(message);
            case STOPCCN -> onStopccn(message);
            case HELLO ->
            {
                // the channel acknowledges it; its arrival is all that matters (§6.5)
            }
            case ICRQ, OCRQ -> onCallRequest(message);
            default -> onSessionMessage(message);
        }
    }

    /* <-- SCCRQ ; SCCRP { ..., Assigned Tunnel ID, [Challenge], [Challenge Response] } --> */
    private void onSccrq(final ControlMessage sccrq)
    {
        if (!expect(State.IDLE, sccrq) || !learnPeer(sccrq) || !versionSupported(sccrq))
        {
            return;
        }
        final ControlMessage.Builder sccrp = ControlMessage.builder(MessageType.SCCRP, peerId, 0);
        addIdentity(sccrp);
        if (!answerChallenge(sccrq, sccrp, MessageType.SCCRP))
        {
            return;
        }
        addChallenge(sccrp);
        state = State.WAIT_CTL_CONN;
        channel.send(sccrp.build());
    }

    /* <-- SCCRP ; SCCCN { [Challenge Response] } --> */
    private void onSccrp(final ControlMessage sccrp)
    {
        if (!expect(State.WAIT_CTL_REPLY, sccrp) || !learnPeer(sccrp) || !versionSupported(sccrp) ||
            !challengeAnswered(sccrp, MessageType.SCCRP))
        {
            return;
        }
        final ControlMessage.Builder scccn = ControlMessage.builder(MessageType.SCCCN, peerId, 0);
        if (!answerChallenge(sccrp, scccn, MessageType.SCCCN))
        {
            return;
        }
        channel.send(scccn.build());
        established();
    }

    /* <-- SCCCN */
    private void onScccn(final ControlMessage scccn)
    {
        if (expect(State.WAIT_CTL_CONN, scccn) && challengeAnswered(scccn, MessageType.SCCCN))
        {
            established();
        }
    }

    private void onStopccn(final ControlMessage stopccn)
    {
        final String reason = "peer: " + Session.describeResult(stopccn);
        closeSessions(reason);
        state = State.CLOSED;
        endpoint.tunnelDown(this, reason);
        // hold the state so the channel acknowledges the StopCCN and its retransmissions (§5.7)
        endpoint.scheduler().schedule(settings.stopHoldMs(), this::release);
    }

    private void onCallRequest(final ControlMessage request)
    {
        if (state != State.ESTABLISHED)
        {
            stop(ResultCode.FSM_ERROR, ResultCode.NO_ERROR, "RFC 2661 §7.2: " + request.type() + " before the tunnel is up");
            return;
        }
        final String refusal = endpoint.refuseSession(this);
        final int peerSession = request.u16(AvpType.ASSIGNED_SESSION_ID);
        if (refusal != null)
        {
            channel.send(ControlMessage.builder(MessageType.CDN, peerId, peerSession)
                .add(Avp.resultCode(ResultCode.NO_FACILITIES_TEMPORARY, ResultCode.INSUFFICIENT_RESOURCES, refusal))
                .add(Avp.u16(AvpType.ASSIGNED_SESSION_ID, true, 0)).build());
            return;
        }
        final Session session = new Session(this, allocateSessionId(),
            request.type() == MessageType.ICRQ ? Session.Direction.INCOMING : Session.Direction.OUTGOING,
            request.u32(AvpType.CALL_SERIAL_NUMBER), Session.State.WAIT_CONNECT);
        sessions.put(session.localId(), session);
        session.answer(request);
    }

    private void onSessionMessage(final ControlMessage message)
    {
        final Session session = sessions.get(message.sessionId());
        if (session == null)
        {
            endpoint.counters().unknownSession++;  // §4.4.2 error 5: the session is gone or never was
            return;
        }
        session.onMessage(message);
    }

    /** LAC: places an incoming call (the remote-access case): ICRQ --> */
    public Session placeIncomingCall(final String callingNumber)
    {
        return placeIncomingCall(callingNumber, List.of());
    }

    /** As above, with AVPs for the ICCN: Proxy LCP and Proxy Authentication (RFC 2661 §4.4.5). */
    public Session placeIncomingCall(final String callingNumber, final List<Avp> iccnExtras)
    {
        final Session session = newCall(Session.Direction.INCOMING);
        session.sendIcrq(callingNumber, iccnExtras);
        return session;
    }

    /** LNS: asks the LAC to place an outgoing call: OCRQ --> */
    public Session placeOutgoingCall(final String calledNumber)
    {
        final Session session = newCall(Session.Direction.OUTGOING);
        session.sendOcrq(calledNumber);
        return session;
    }

    private Session newCall(final Session.Direction direction)
    {
        if (state != State.ESTABLISHED)
        {
            throw new IllegalStateException("tunnel " + localId + " is " + state + ", not established");
        }
        final Session session = new Session(this, allocateSessionId(), direction, nextSerial++, Session.State.WAIT_REPLY);
        sessions.put(session.localId(), session);
        return session;
    }

    /** Clears the tunnel and all its sessions: StopCCN { Assigned Tunnel ID, Result Code } --> */
    public void stop(final int result, final int error, final String message)
    {
        if (state == State.CLOSING || state == State.CLOSED)
        {
            return;
        }
        final String reason = "we sent StopCCN " + result + "/" + error + ": " + message;
        closeSessions(reason);
        channel.send(ControlMessage.builder(MessageType.STOPCCN, peerId, 0)
            .add(maybeHidden(Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, true, localId)))
            .add(Avp.resultCode(result, error, message)).build());
        state = State.CLOSING;
        endpoint.tunnelDown(this, reason);
        endpoint.scheduler().schedule(settings.stopHoldMs(), this::release);
    }

    @Override
    public void onPeerDead(final String reason)
    {
        if (state == State.CLOSED || state == State.CLOSING)
        {
            release();
            return;
        }
        closeSessions(reason);
        state = State.CLOSED;
        endpoint.tunnelDown(this, reason);
        release();
    }

    private void release()
    {
        state = State.CLOSED;
        channel.close();
        endpoint.remove(this);
    }

    private void closeSessions(final String reason)
    {
        for (final Session session : new ArrayList<>(sessions.values()))
        {
            session.closed(reason, reason.startsWith("we"));
        }
    }

    private void established()
    {
        state = State.ESTABLISHED;
        endpoint.tunnelUp(this);
    }

    private boolean expect(final State expected, final ControlMessage message)
    {
        if (state == expected)
        {
            return true;
        }
        stop(ResultCode.FSM_ERROR, ResultCode.NO_ERROR, "RFC 2661 §7.2: " + message.type() + " in state " + state);
        return false;
    }

    private boolean versionSupported(final ControlMessage message)
    {
        if (message.u16(AvpType.PROTOCOL_VERSION) == PROTOCOL_VERSION)
        {
            return true;
        }
        stop(ResultCode.UNSUPPORTED_VERSION, ResultCode.NO_ERROR, "RFC 2661 §4.4.3: Protocol Version " +
            Integer.toHexString(message.u16(AvpType.PROTOCOL_VERSION)) + ", we speak 1.0");
        return false;
    }

    private boolean learnPeer(final ControlMessage message)
    {
        peerId = message.u16(AvpType.ASSIGNED_TUNNEL_ID);
        channel.peerTunnelId(peerId);
        peerHostName = message.find(AvpType.HOST_NAME).text();
        if (message.has(AvpType.RECEIVE_WINDOW_SIZE))
        {
            channel.peerWindow(message.u16(AvpType.RECEIVE_WINDOW_SIZE));
        }
        if (peerId == 0)
        {
            stop(ResultCode.GENERAL_ERROR, ResultCode.OUT_OF_RANGE, "RFC 2661 §4.4.3: Assigned Tunnel ID 0");
            return false;
        }
        return true;
    }

    /** The peer's Challenge, if any, answered in {@code reply} (§5.1.1); false if we cannot. */
    private boolean answerChallenge(final ControlMessage message, final ControlMessage.Builder reply,
        final MessageType carrier)
    {
        if (!message.has(AvpType.CHALLENGE))
        {
            return true;
        }
        if (settings.secret() == null)
        {
            stop(ResultCode.NOT_AUTHORIZED, ResultCode.NO_ERROR, "RFC 2661 §5.1.1: challenged, but no secret is configured");
            return false;
        }
        reply.add(maybeHidden(Avp.of(AvpType.CHALLENGE_RESPONSE, true,
            TunnelAuthentication.response(carrier, settings.secret(), message.bytes(AvpType.CHALLENGE)))));
        return true;
    }

    /** Our Challenge, if we sent one, answered correctly (§5.1.1). */
    private boolean challengeAnswered(final ControlMessage message, final MessageType carrier)
    {
        if (challenge == null)
        {
            return true;
        }
        if (message.has(AvpType.CHALLENGE_RESPONSE) && TunnelAuthentication.verify(carrier, settings.secret(),
            challenge, message.bytes(AvpType.CHALLENGE_RESPONSE)))
        {
            return true;
        }
        stop(ResultCode.NOT_AUTHORIZED, ResultCode.NO_ERROR, "RFC 2661 §5.1.1: " +
            (message.has(AvpType.CHALLENGE_RESPONSE) ? "wrong" : "no") + " Challenge Response in " + message.type());
        return false;
    }

    private void addIdentity(final ControlMessage.Builder builder)
    {
        builder.add(Avp.u16(AvpType.PROTOCOL_VERSION, true, PROTOCOL_VERSION))
            .add(Avp.text(AvpType.HOST_NAME, true, settings.hostName()))
            .add(Avp.u32(AvpType.FRAMING_CAPABILITIES, true, 3))
            .add(maybeHidden(Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, true, localId)))
            .add(Avp.u16(AvpType.RECEIVE_WINDOW_SIZE, true, settings.channel().receiveWindow()))
            .add(Avp.text(AvpType.VENDOR_NAME, false, "Portcullis"));
    }

    private void addChallenge(final ControlMessage.Builder builder)
    {
        if (settings.secret() != null)
        {
            challenge = new byte[CHALLENGE_LENGTH];
            endpoint.random().nextBytes(challenge);
            builder.add(maybeHidden(Avp.of(AvpType.CHALLENGE, true, challenge)));
        }
    }

    /**
     * Hidden only once the control connection is up: a peer may load the shared secret while it
     * processes SCCRQ/SCCRP/SCCCN, after their AVPs (xl2tpd does, Xl2tpdInteropTest), and could
     * not read hidden AVPs in them. The AVPs worth hiding (Proxy Authen, session ids) come later.
     */
    Avp maybeHidden(final Avp avp)
    {
        return settings.hideAvps() && state == State.ESTABLISHED ? avp.asHidden() : avp;
    }

    private int allocateSessionId()
    {
        int id;
        do
        {
            id = 1 + endpoint.random().nextInt(0xFFFF);
        }
        while (sessions.containsKey(id));
        return id;
    }

    void sessionUp(final Session session)
    {
        endpoint.sessionUp(session);
    }

    void sessionDown(final Session session, final String reason, final boolean wasUp)
    {
        sessions.remove(session.localId());
        endpoint.sessionDown(session, reason, wasUp);
    }

    CallHandler callHandler()
    {
        return endpoint.callHandler();
    }

    Session session(final int localSessionId)
    {
        return sessions.get(localSessionId);
    }

    public List<Session> sessions()
    {
        return List.copyOf(sessions.values());
    }

    /**
     * §4.4.3 Tie Breaker, for an SCCRQ from our peer while ours is unanswered: negative if ours is
     * lower (we win, theirs is dropped), positive if theirs is (ours is dropped), 0 if equal (both are).
     */
    int compareTieBreaker(final ControlMessage peerSccrq)
    {
        return Long.compareUnsigned(tieBreaker, ByteBuffer.wrap(peerSccrq.bytes(AvpType.TIE_BREAKER)).getLong());
    }

    /** Drops a tunnel whose SCCRQ lost the tie-break: the peer's SCCRQ makes the tunnel instead. */
    void abandon(final String reason)
    {
        state = State.CLOSED;
        endpoint.tunnelDown(this, reason);
        release();
    }

    public int localId()
    {
        return localId;
    }

    public int peerId()
    {
        return peerId;
    }

    public State state()
    {
        return state;
    }

    public Role role()
    {
        return role;
    }

    public String peerHostName()
    {
        return peerHostName;
    }

    public int remoteAddress()
    {
        return remoteAddress;
    }

    public int remotePort()
    {
        return remotePort;
    }

    public int localAddress()
    {
        return localAddress;
    }

    public int localPort()
    {
        return localPort;
    }

    public int espSaHandle()
    {
        return espSaHandle;
    }

    /** Whether this end sends the tunnel's data messages with UDP checksums (L2tpSettings#dataChecksum). */
    public boolean dataChecksum()
    {
        return settings.dataChecksum();
    }

    ControlChannel channel()
    {
        return channel;
    }

    Scheduler scheduler()
    {
        return endpoint.scheduler();
    }
}
