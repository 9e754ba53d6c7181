package io.portcullis.controlplane.ppp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import io.portcullis.controlplane.aaa.LocalUser;

/**
 * The EAP authenticator (RFC 3748) with the MD5-Challenge method (§5.4): Request/Identity,
 * Response/Identity, Request/MD5-Challenge, Response, then Success or Failure. A peer that Naks
 * MD5-Challenge (§5.3.1) is refused: it is the only method offered here.
 */
public final class EapAuthenticator implements AuthProtocol
{
    static final int REQUEST = 1;
    static final int RESPONSE = 2;
    static final int SUCCESS = 3;
    static final int FAILURE = 4;
    static final int IDENTITY = 1;
    static final int NAK = 3;
    static final int MD5_CHALLENGE = 4;

    private final AuthContext context;
    private final Resender resender;
    private int identifier;
    private String user = "";
    private byte[] challenge;
    private boolean done;

    public EapAuthenticator(final AuthContext context)
    {
        this.context = context;
        this.resender = new Resender(context.scheduler(), AuthContext.RESEND_MS, AuthContext.MAX_TRANSMISSIONS,
            packet -> context.output().accept(PppProtocol.EAP, packet),
            () -> context.result().failed(user, "RFC 3748 §4.3: no Response to " + AuthContext.MAX_TRANSMISSIONS +
                " Requests"));
    }

    @Override
    public int protocol()
    {
        return PppProtocol.EAP;
    }

    @Override
    public void start()
    {
        identifier = context.random().nextInt(256);
        request(new byte[] {IDENTITY});
    }

    @Override
    public void receive(final ControlPacket packet)
    {
        if (done || packet.code() != RESPONSE || packet.identifier() != identifier)
        {
            return;  // §4.1: a Response answers the outstanding Request's Identifier, else it is discarded
        }
        if (packet.data().length < 1)
        {
            finish(false, "RFC 3748 §4.1: Response without a Type");
            return;
        }
        switch (packet.data()[0])
        {
            case IDENTITY -> onIdentity(packet.data());
            case MD5_CHALLENGE -> onMd5(packet.data());
            case NAK -> finish(false, "RFC 3748 §5.3.1: the peer Nak'd MD5-Challenge, our only method");
            default -> finish(false, "RFC 3748 §4.1: Response of Type " + packet.data()[0] + " to our Request");
        }
    }

    private void onIdentity(final byte[] data)
    {
        user = new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
        if (context.blocked(user))
        {
            finish(false, "too many failed attempts: refused for now");
            return;
        }
        identifier = (identifier + 1) & 0xFF;
        challenge = context.randomBytes(16);
        final byte[] valueAndName = AuthFields.valueAndName(challenge, context.hostName());
        final byte[] data2 = new byte[1 + valueAndName.length];
        data2[0] = MD5_CHALLENGE;
        System.arraycopy(valueAndName, 0, data2, 1, valueAndName.length);
        request(data2);
    }

    private void onMd5(final byte[] data)
    {
        if (challenge == null)
        {
            finish(false, "RFC 3748 §5.4: MD5 Response before any MD5-Challenge");
            return;
        }
        final AuthFields.ValueAndName response;
        try
        {
            response = AuthFields.readValueAndName(Arrays.copyOfRange(data, 1, data.length), "RFC 3748 §5.4");
        }
        catch (final PppException ex)
        {
            finish(false, ex.getMessage());
            return;
        }
        final LocalUser local = context.users().find(user);
        final byte[] secret = local == null ? null : local.cleartext();
        if (secret == null)
        {
            finish(false, local == null ? "no such user" : "EAP-MD5 needs a cleartext password, only the NT hash is stored");
            return;
        }
        final boolean ok = MessageDigest.isEqual(ChapMd5.response(identifier, secret, challenge), response.value());
        finish(ok, ok ? "" : "RFC 3748 §5.4: wrong MD5 Response");
    }

    private void request(final byte[] data)
    {
        resender.send(new ControlPacket(REQUEST, identifier, data).encode());
    }

    private void finish(final boolean ok, final String reason)
    {
        resender.cancel();
        done = true;
        context.output().accept(PppProtocol.EAP, new ControlPacket(ok ? SUCCESS : FAILURE, identifier, new byte[0]).encode());
        if (ok)
        {
            context.succeeded(user);
        }
        else
        {
            context.failed(user, reason);
        }
    }

    @Override
    public void stop()
    {
        resender.cancel();
    }
}
