package io.portcullis.controlplane.ppp;

import java.nio.charset.StandardCharsets;

import io.portcullis.controlplane.aaa.LocalUser;
import io.portcullis.controlplane.runtime.Scheduler;

/**
 * The authenticator of PAP (RFC 1334 §2): the peer sends Authenticate-Request until it hears an
 * Ack or Nak; we answer each one, the same way each time after the first decision.
 */
public final class PapAuthenticator implements AuthProtocol
{
    private static final int AUTHENTICATE_REQUEST = 1;
    private static final int AUTHENTICATE_ACK = 2;
    private static final int AUTHENTICATE_NAK = 3;
    private static final long WAIT_MS = AuthContext.RESEND_MS * AuthContext.MAX_TRANSMISSIONS;

    private final AuthContext context;
    private Boolean decision;
    private Scheduler.Timer waiting;

    public PapAuthenticator(final AuthContext context)
    {
        this.context = context;
    }

    @Override
    public int protocol()
    {
        return PppProtocol.PAP;
    }

    @Override
    public void start()
    {
        waiting = context.scheduler().schedule(WAIT_MS, () ->
            context.result().failed("", "RFC 1334 §2.1: no Authenticate-Request"));
    }

    @Override
    public void receive(final ControlPacket packet)
    {
        if (packet.code() != AUTHENTICATE_REQUEST)
        {
            return;
        }
        if (decision != null)
        {
            reply(packet.identifier(), decision);
            return;
        }
        final byte[][] fields;
        try
        {
            fields = AuthFields.readTwo(packet.data());
        }
        catch (final PppException ex)
        {
            decide(packet.identifier(), false, "", ex.getMessage());
            return;
        }
        final String user = new String(fields[0], StandardCharsets.UTF_8);
        final LocalUser local = context.users().find(user);
        if (context.blocked(user))
        {
            decide(packet.identifier(), false, user, "too many failed attempts: refused for now");
        }
        else if (local == null || !local.passwordMatches(fields[1]))
        {
            decide(packet.identifier(), false, user, local == null ? "no such user" : "wrong password");
        }
        else
        {
            decide(packet.identifier(), true, user, "");
        }
    }

    private void decide(final int identifier, final boolean ok, final String user, final String reason)
    {
        stop();
        decision = ok;
        reply(identifier, ok);
        if (ok)
        {
            context.succeeded(user);
        }
        else
        {
            context.failed(user, reason);
        }
    }

    private void reply(final int identifier, final boolean ok)
    {
        context.output().accept(PppProtocol.PAP, new ControlPacket(ok ? AUTHENTICATE_ACK : AUTHENTICATE_NAK,
            identifier, AuthFields.message(ok ? "Welcome" : "Authentication failed")).encode());
    }

    @Override
    public void stop()
    {
        if (waiting != null)
        {
            waiting.cancel();
            waiting = null;
        }
    }
}
