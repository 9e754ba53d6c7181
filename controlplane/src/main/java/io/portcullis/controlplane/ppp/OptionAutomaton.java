package io.portcullis.controlplane.ppp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

import io.portcullis.controlplane.runtime.Scheduler;

/**
 * The option negotiation automaton of RFC 1661 §4, shared by LCP, IPCP and IPV6CP: ten states,
 * the Restart timer and counters, Configure-Request/Ack/Nak/Reject, Terminate, Code-Reject.
 * Transitions follow the state transition table of §4.1; the protocol-specific parts are the
 * {@link OptionNegotiator}'s.
 */
public final class OptionAutomaton
{
    public enum State
    {
        INITIAL, STARTING, CLOSED, STOPPED, CLOSING, STOPPING, REQ_SENT, ACK_RCVD, ACK_SENT, OPENED
    }

    private final String name;
    private final int protocol;
    private final Scheduler scheduler;
    private final AutomatonTimers timers;
    private final OptionNegotiator negotiator;
    private final BiConsumer<Integer, byte[]> output;
    private State state = State.INITIAL;
    private int restartCounter;
    private int failureCounter;
    private Scheduler.Timer restartTimer;
    private int nextIdentifier;
    private ControlPacket lastRequest;
    private long discarded;

    /** @param output sends (protocol, packet) to the peer in a PPP frame. */
    public OptionAutomaton(final String name, final int protocol, final Scheduler scheduler,
        final AutomatonTimers timers, final OptionNegotiator negotiator, final BiConsumer<Integer, byte[]> output)
    {
        this.name = name;
        this.protocol = protocol;
        this.scheduler = scheduler;
        this.timers = timers;
        this.negotiator = negotiator;
        this.output = output;
    }

    /* Administrative and lower-layer events (§4.2-§4.3) */

    public void up()
    {
        switch (state)
        {
            case INITIAL -> state = State.CLOSED;
            case STARTING -> sendFirstRequest();
            default -> { }
        }
    }

    public void down()
    {
        switch (state)
        {
            case CLOSED, CLOSING -> enter(State.INITIAL);
            case STOPPED -> enter(State.STARTING);
            case STOPPING, REQ_SENT, ACK_RCVD, ACK_SENT -> enter(State.STARTING);
            case OPENED ->
            {
                negotiator.down();
                enter(State.STARTING);
            }
            default -> { }
        }
    }

    public void open()
    {
        switch (state)
        {
            case INITIAL -> state = State.STARTING;
            case CLOSED -> sendFirstRequest();
            case CLOSING -> state = State.STOPPING;
            default -> { }
        }
    }

    public void close(final String reason)
    {
        switch (state)
        {
            case STARTING ->
            {
                enter(State.INITIAL);
                negotiator.finished();
            }
            case STOPPED -> state = State.CLOSED;
            case STOPPING -> state = State.CLOSING;
            case REQ_SENT, ACK_RCVD, ACK_SENT -> sendTerminate(reason, State.CLOSING);
            case OPENED ->
            {
                negotiator.down();
                sendTerminate(reason, State.CLOSING);
            }
            default -> { }
        }
    }

    /** A packet of this protocol from the peer. */
    public void receive(final ControlPacket packet)
    {
        if (state == State.INITIAL || state == State.STARTING)
        {
            discarded++;  // §4.1: no packet is expected before the lower layer is up
            return;
        }
        switch (packet.code())
        {
            case ControlPacket.CONFIGURE_REQUEST -> onConfigureRequest(packet);
            case ControlPacket.CONFIGURE_ACK -> onConfigureAck(packet);
            case ControlPacket.CONFIGURE_NAK, ControlPacket.CONFIGURE_REJECT -> onNakOrReject(packet);
            case ControlPacket.TERMINATE_REQUEST -> onTerminateRequest(packet);
            case ControlPacket.TERMINATE_ACK -> onTerminateAck();
            case ControlPacket.CODE_REJECT -> onCodeReject(packet);
            default ->
            {
                if (!negotiator.otherCode(packet, state == State.OPENED))
                {
                    send(ControlPacket.CODE_REJECT, nextId(), packet.encode());  // RUC: scj (§5.6)
                }
            }
        }
    }

    private void onConfigureRequest(final ControlPacket request)
    {
        final List<ConfigOption> options;
        try
        {
            options = ConfigOption.readAll(request.data());
        }
        catch (final PppException ex)
        {
            discarded++;  // a request we cannot parse is no request: no transition (§5.1)
            return;
        }
        switch (state)
        {
            case CLOSED ->
            {
                send(ControlPacket.TERMINATE_ACK, request.identifier(), new byte[0]);
                return;
            }
            case CLOSING, STOPPING ->
            {
                return;
            }
            case OPENED ->
            {
                negotiator.down();
                sendRequest();
            }
            case STOPPED ->
            {
                restartCounter = timers.maxConfigure();
                sendRequest();
            }
            default -> { }
        }
        final ConfigVerdict verdict = negotiator.examine(options);
        final ControlPacket reply = verdict.reply(request.identifier(), request.data(),
            failureCounter >= timers.maxFailure());
        output.accept(protocol, reply.encode());
        if (reply.code() == ControlPacket.CONFIGURE_ACK)
        {
            failureCounter = 0;
            if (state == State.ACK_RCVD)
            {
                opened();
            }
            else
            {
                state = State.ACK_SENT;
            }
        }
        else
        {
            failureCounter += reply.code() == ControlPacket.CONFIGURE_NAK ? 1 : 0;
            if (state != State.ACK_RCVD)
            {
                state = State.REQ_SENT;
            }
        }
    }

    private void onConfigureAck(final ControlPacket ack)
    {
        if (!answersLastRequest(ack) || !Arrays.equals(ack.data(), lastRequest.data()))
        {
            discarded++;  // §5.2: an Ack must repeat our request exactly, with its Identifier
            return;
        }
        switch (state)
        {
            case CLOSED, STOPPED -> send(ControlPacket.TERMINATE_ACK, ack.identifier(), new byte[0]);
            case REQ_SENT ->
            {
                restartCounter = timers.maxConfigure();
                state = State.ACK_RCVD;
            }
            case ACK_RCVD -> sendRequestIn(State.REQ_SENT);
            case ACK_SENT ->
            {
                restartCounter = timers.maxConfigure();
                opened();
            }
            case OPENED ->
            {
                negotiator.down();
                sendRequestIn(State.REQ_SENT);
            }
            default -> { }
        }
    }

    private void onNakOrReject(final ControlPacket packet)
    {
        final List<ConfigOption> options;
        try
        {
            options = ConfigOption.readAll(packet.data());
        }
        catch (final PppException ex)
        {
            discarded++;
            return;
        }
        if (!answersLastRequest(packet))
        {
            discarded++;
            return;
        }
        if (packet.code() == ControlPacket.CONFIGURE_NAK)
        {
            negotiator.nakked(options);
        }
        else
        {
            negotiator.rejected(options);
        }
        switch (state)
        {
            case CLOSED, STOPPED -> send(ControlPacket.TERMINATE_ACK, packet.identifier(), new byte[0]);
            case REQ_SENT, ACK_RCVD ->
            {
                restartCounter = timers.maxConfigure();
                sendRequestIn(State.REQ_SENT);
            }
            case ACK_SENT ->
            {
                restartCounter = timers.maxConfigure();
                sendRequestIn(State.ACK_SENT);
            }
            case OPENED ->
            {
                negotiator.down();
                sendRequestIn(State.REQ_SENT);
            }
            default -> { }
        }
    }

    private void onTerminateRequest(final ControlPacket request)
    {
        send(ControlPacket.TERMINATE_ACK, request.identifier(), new byte[0]);
        switch (state)
        {
            case REQ_SENT, ACK_RCVD, ACK_SENT -> state = State.REQ_SENT;
            case OPENED ->
            {
                negotiator.down();
                restartCounter = 0;  // zrc: wait one Restart period, then tlf (§4.4)
                startTimer();
                state = State.STOPPING;
            }
            default -> { }
        }
    }

    private void onTerminateAck()
    {
        switch (state)
        {
            case CLOSING -> finish(State.CLOSED);
            case STOPPING -> finish(State.STOPPED);
            case ACK_RCVD -> state = State.REQ_SENT;
            case OPENED ->
            {
                negotiator.down();
                sendRequestIn(State.REQ_SENT);
            }
            default -> { }
        }
    }

    /** RXJ: a rejected code we need (1-7) is catastrophic (RXJ-); others are not (RXJ+, §4.1). */
    private void onCodeReject(final ControlPacket packet)
    {
        final int rejectedCode = packet.data().length > 0 ? packet.data()[0] & 0xFF : 0;
        if (rejectedCode > ControlPacket.CODE_REJECT || rejectedCode == 0)
        {
            if (state == State.ACK_RCVD)
            {
                state = State.REQ_SENT;
            }
            return;
        }
        switch (state)
        {
            case CLOSING -> finish(State.CLOSED);
            case STOPPING, REQ_SENT, ACK_RCVD, ACK_SENT -> finish(State.STOPPED);
            case OPENED ->
            {
                negotiator.down();
                sendTerminate("Code-Reject of code " + rejectedCode, State.STOPPING);
            }
            case CLOSED, STOPPED -> negotiator.finished();
            default -> { }
        }
    }

    private void timeout()
    {
        restartTimer = null;
        if (restartCounter > 0)
        {
            switch (state)  // TO+
            {
                case CLOSING, STOPPING -> sendTerminate("retransmission", state);
                case REQ_SENT, ACK_RCVD -> sendRequestIn(State.REQ_SENT);
                case ACK_SENT -> sendRequestIn(State.ACK_SENT);
                default -> { }
            }
            return;
        }
        switch (state)  // TO-
        {
            case CLOSING -> finish(State.CLOSED);
            case STOPPING, REQ_SENT, ACK_RCVD, ACK_SENT -> finish(State.STOPPED);
            default -> { }
        }
    }

    private void sendFirstRequest()
    {
        restartCounter = timers.maxConfigure();
        failureCounter = 0;
        sendRequestIn(State.REQ_SENT);
    }

    private void sendRequestIn(final State next)
    {
        sendRequest();
        state = next;
    }

    private void sendRequest()
    {
        lastRequest = new ControlPacket(ControlPacket.CONFIGURE_REQUEST, nextId(),
            ConfigOption.writeAll(negotiator.request()));
        output.accept(protocol, lastRequest.encode());
        restartCounter--;
        startTimer();
    }

    private void sendTerminate(final String reason, final State next)
    {
        if (state != State.CLOSING && state != State.STOPPING)
        {
            restartCounter = timers.maxTerminate();
        }
        send(ControlPacket.TERMINATE_REQUEST, nextId(), reason.getBytes(StandardCharsets.US_ASCII));
        restartCounter--;
        startTimer();
        state = next;
    }

    private void opened()
    {
        stopTimer();
        state = State.OPENED;
        negotiator.up();
    }

    private void finish(final State next)
    {
        enter(next);
        negotiator.finished();
    }

    private void enter(final State next)
    {
        stopTimer();
        state = next;
    }

    private boolean answersLastRequest(final ControlPacket reply)
    {
        return lastRequest != null && reply.identifier() == lastRequest.identifier();
    }

    private void send(final int code, final int identifier, final byte[] data)
    {
        output.accept(protocol, new ControlPacket(code, identifier, data).encode());
    }

    private int nextId()
    {
        nextIdentifier = (nextIdentifier + 1) & 0xFF;
        return nextIdentifier;
    }

    private void startTimer()
    {
        stopTimer();
        restartTimer = scheduler.schedule(timers.restartMs(), this::timeout);
    }

    private void stopTimer()
    {
        if (restartTimer != null)
        {
            restartTimer.cancel();
            restartTimer = null;
        }
    }

    public State state()
    {
        return state;
    }

    public String name()
    {
        return name;
    }

    public long discarded()
    {
        return discarded;
    }
}
