package io.portcullis.controlplane.l2tp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One call in a tunnel (RFC 2661 §7.4, §7.5): incoming (ICRQ/ICRP/ICCN, the remote-access case)
 * or outgoing (OCRQ/OCRP/OCCN), from the LAC's or the LNS's side, cleared by a CDN. The state
 * says which reply is awaited, so one table of expectations serves all four cases.
 */
public final class Session
{
    public enum Direction
    {
        INCOMING, OUTGOING
    }

    public enum State
    {
        WAIT_REPLY, WAIT_CONNECT, ESTABLISHED, CLOSED
    }

    private static final long CONNECT_SPEED_BPS = 100_000_000L;
    private static final int SYNC_AND_ASYNC = 3;

    private final Tunnel tunnel;
    private final int localId;
    private final Direction direction;
    private final long serialNumber;
    private int peerId;
    private State state;
    private CallHandler.FrameReceiver frames;
    private ControlMessage connect;
    private List<Avp> connectExtras = List.of();

    Session(final Tunnel tunnel, final int localId, final Direction direction, final long serialNumber,
        final State state)
    {
        this.tunnel = tunnel;
        this.localId = localId;
        this.direction = direction;
        this.serialNumber = serialNumber;
        this.state = state;
        tunnel.scheduler().schedule(Tunnel.SETUP_TIMEOUT_MS, this::setupDeadline);
    }

    /** A call not connected by then is cleared (RFC 2661 §7.4: the LAC's "time allotted"). */
    private void setupDeadline()
    {
        if (state == State.WAIT_REPLY || state == State.WAIT_CONNECT)
        {
            disconnect(ResultCode.GENERAL_ERROR, ResultCode.NO_ERROR, "call not connected in " +
                Tunnel.SETUP_TIMEOUT_MS / 1000 + " s (state " + state + ")");
        }
    }

    /** LAC, incoming call: ICRQ --> ; {@code iccnExtras} ride in the ICCN (Proxy LCP, Proxy Authen, RFC 2661 §4.4.5). */
    void sendIcrq(final String callingNumber, final List<Avp> iccnExtras)
    {
        connectExtras = List.copyOf(iccnExtras);
        tunnel.sendControl(ControlMessage.builder(MessageType.ICRQ, tunnel.peerId(), 0)
            .add(tunnel.maybeHidden(Avp.u16(AvpType.ASSIGNED_SESSION_ID, true, localId)))
            .add(Avp.u32(AvpType.CALL_SERIAL_NUMBER, true, serialNumber))
            .add(Avp.u32(AvpType.BEARER_TYPE, true, 0))
            .add(Avp.text(AvpType.CALLING_NUMBER, true, callingNumber)).build());
    }

    /** LNS, outgoing call: OCRQ --> */
    void sendOcrq(final String calledNumber)
    {
        tunnel.sendControl(ControlMessage.builder(MessageType.OCRQ, tunnel.peerId(), 0)
            .add(tunnel.maybeHidden(Avp.u16(AvpType.ASSIGNED_SESSION_ID, true, localId)))
            .add(Avp.u32(AvpType.CALL_SERIAL_NUMBER, true, serialNumber))
            .add(Avp.u32(AvpType.MINIMUM_BPS, true, 0))
            .add(Avp.u32(AvpType.MAXIMUM_BPS, true, CONNECT_SPEED_BPS))
            .add(Avp.u32(AvpType.BEARER_TYPE, true, 0))
            .add(Avp.u32(AvpType.FRAMING_TYPE, true, SYNC_AND_ASYNC))
            .add(Avp.text(AvpType.CALLED_NUMBER, true, calledNumber)).build());
    }

    /** The peer's ICRQ (we are the LNS) or OCRQ (we are the LAC) created this session. */
    void answer(final ControlMessage request)
    {
        peerId = request.u16(AvpType.ASSIGNED_SESSION_ID);
        final MessageType reply = request.type() == MessageType.ICRQ ? MessageType.ICRP : MessageType.OCRP;
        tunnel.sendControl(ControlMessage.builder(reply, tunnel.peerId(), peerId)
            .add(tunnel.maybeHidden(Avp.u16(AvpType.ASSIGNED_SESSION_ID, true, localId))).build());
        if (reply == MessageType.OCRP)
        {
            sendConnected(MessageType.OCCN);  // our "dial" succeeds at once: there is no PSTN behind us
        }
    }

    /** An in-order control message for this session (header Session ID = our local id). */
    void onMessage(final ControlMessage message)
    {
        if (message.type() == MessageType.CDN)
        {
            closed(describeResult(message), false);
            return;
        }
        if ((message.type() == MessageType.SLI || message.type() == MessageType.WEN) && state == State.ESTABLISHED)
        {
            return;  // §6.14, §6.15: ACCM and line errors of the LAC's async link; nothing to do over L2TP
        }
        if (message.type() != expected())
        {
            disconnect(ResultCode.GENERAL_ERROR, ResultCode.NO_ERROR,
                "RFC 2661 §7.4: " + message.type() + " in state " + state + " (expected " + expected() + ")");
            return;
        }
        switch (message.type())
        {
            case ICRP ->
            {
                peerId = message.u16(AvpType.ASSIGNED_SESSION_ID);
                sendConnected(MessageType.ICCN);
            }
            case OCRP ->
            {
                peerId = message.u16(AvpType.ASSIGNED_SESSION_ID);
                state = State.WAIT_CONNECT;
            }
            default -> established(message);  // ICCN or OCCN
        }
    }

    private MessageType expected()
    {
        return switch (state)
        {
            case WAIT_REPLY -> direction == Direction.INCOMING ? MessageType.ICRP : MessageType.OCRP;
            case WAIT_CONNECT -> direction == Direction.INCOMING ? MessageType.ICCN : MessageType.OCCN;
            default -> null;
        };
    }

    private void sendConnected(final MessageType type)
    {
        final ControlMessage.Builder builder = ControlMessage.builder(type, tunnel.peerId(), peerId)
            .add(Avp.u32(AvpType.TX_CONNECT_SPEED, true, CONNECT_SPEED_BPS))
            .add(Avp.u32(AvpType.FRAMING_TYPE, true, SYNC_AND_ASYNC));
        for (final Avp extra : connectExtras)
        {
            builder.add(extra.hidden() ? extra : tunnel.maybeHidden(extra));
        }
        final ControlMessage message = builder.build();
        tunnel.sendControl(message);
        established(message);
    }

    private void established(final ControlMessage connectMessage)
    {
        state = State.ESTABLISHED;
        connect = connectMessage;
        tunnel.sessionUp(this);
        frames = tunnel.callHandler().onEstablished(this);
    }

    /** Clears the call: CDN --> (RFC 2661 §5.8: reliably, through the tunnel's channel). */
    public void disconnect(final int result, final int error, final String message)
    {
        if (state == State.CLOSED)
        {
            return;
        }
        tunnel.sendControl(ControlMessage.builder(MessageType.CDN, tunnel.peerId(), peerId)
            .add(Avp.resultCode(result, error, message))
            .add(tunnel.maybeHidden(Avp.u16(AvpType.ASSIGNED_SESSION_ID, true, localId))).build());
        closed("we sent CDN " + result + "/" + error + ": " + message, true);
    }

    /** The tunnel went away (StopCCN or dead peer): the session goes without a CDN (§5.7). */
    void closed(final String reason, final boolean weCleared)
    {
        if (state == State.CLOSED)
        {
            return;
        }
        final boolean wasUp = state == State.ESTABLISHED;
        state = State.CLOSED;
        tunnel.sessionDown(this, (weCleared ? "" : "peer: ") + reason, wasUp);
    }

    /** A PPP frame from the peer (an L2TP data message for this session). */
    void onFrame(final byte[] pppFrame)
    {
        if (state == State.ESTABLISHED && frames != null)
        {
            frames.onFrame(pppFrame);
        }
    }

    /** Sends a PPP frame to the peer in a data message. */
    public void sendFrame(final byte[] pppFrame)
    {
        if (state == State.ESTABLISHED)
        {
            tunnel.sendData(new DataMessage(tunnel.peerId(), peerId, pppFrame).encode());
        }
    }

    static String describeResult(final ControlMessage message)
    {
        final Avp result = message.find(AvpType.RESULT_CODE);
        final byte[] v = result.value();
        final int code = result.u16();
        final String error = v.length >= 4 ? "/" + ((v[2] & 0xFF) << 8 | v[3] & 0xFF) : "";
        final String text = v.length > 4 ? " " + new String(v, 4, v.length - 4, StandardCharsets.UTF_8) : "";
        return message.type() + " result " + code + error + text;
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

    public Direction direction()
    {
        return direction;
    }

    public Tunnel tunnel()
    {
        return tunnel;
    }

    /** The ICCN or OCCN that established the call (Proxy LCP and Proxy Authentication AVPs ride in an ICCN). */
    public ControlMessage connectMessage()
    {
        return connect;
    }
}
