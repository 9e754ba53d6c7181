package io.portcullis.controlplane.ppp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import io.portcullis.controlplane.aaa.LocalUser;

/**
 * The authenticator of CHAP (RFC 1994 §4) with MD5 or MS-CHAPv2 (RFC 2759): Challenge,
 * retransmitted until a Response, then Success or Failure. A Response repeated after Success is
 * answered with the same Success (§4.1: the peer may have lost it).
 */
public final class ChapAuthenticator implements AuthProtocol
{
    private static final int CHALLENGE = 1;
    private static final int RESPONSE = 2;
    private static final int SUCCESS = 3;
    private static final int FAILURE = 4;
    private static final int MSCHAP_RESPONSE_SIZE = 49;

    private final AuthMethod method;
    private final AuthContext context;
    private final Resender resender;
    private int identifier;
    private byte[] challenge;
    private byte[] finalReply;

    public ChapAuthenticator(final AuthMethod method, final AuthContext context)
    {
        if (method != AuthMethod.CHAP_MD5 && method != AuthMethod.MSCHAP_V2)
        {
            throw new IllegalArgumentException("CHAP does " + method + "? no");
        }
        this.method = method;
        this.context = context;
        this.resender = new Resender(context.scheduler(), AuthContext.RESEND_MS, AuthContext.MAX_TRANSMISSIONS,
            packet -> context.output().accept(PppProtocol.CHAP, packet),
            () -> context.result().failed("", "RFC 1994 §4.1: no Response to " + AuthContext.MAX_TRANSMISSIONS +
                " Challenges"));
    }

    @Override
    public int protocol()
    {
        return PppProtocol.CHAP;
    }

    @Override
    public void start()
    {
        identifier = context.random().nextInt(256);
        challenge = context.randomBytes(16);
        resender.send(new ControlPacket(CHALLENGE, identifier, AuthFields.valueAndName(challenge, context.hostName()))
            .encode());
    }

    @Override
    public void receive(final ControlPacket packet)
    {
        if (packet.code() != RESPONSE || packet.identifier() != identifier || challenge == null)
        {
            return;  // §4.1: a Response must match the outstanding Challenge's Identifier
        }
        if (finalReply != null)
        {
            context.output().accept(PppProtocol.CHAP, finalReply);
            return;
        }
        final AuthFields.ValueAndName response;
        try
        {
            response = AuthFields.readValueAndName(packet.data(), "RFC 1994 §4.1");
        }
        catch (final PppException ex)
        {
            finish(false, "", ex.getMessage(), null);
            return;
        }
        resender.cancel();
        check(response);
    }

    private void check(final AuthFields.ValueAndName response)
    {
        final String user = response.name();
        final LocalUser local = context.users().find(user);
        if (context.blocked(user))
        {
            finish(false, user, "too many failed attempts: refused for now", null);
        }
        else if (local == null)
        {
            finish(false, user, "no such user", null);
        }
        else if (method == AuthMethod.CHAP_MD5)
        {
            checkMd5(user, local, response.value());
        }
        else
        {
            checkMsChapV2(user, local, response.value());
        }
    }

    private void checkMd5(final String user, final LocalUser local, final byte[] value)
    {
        final byte[] secret = local.cleartext();
        if (secret == null)
        {
            finish(false, user, "CHAP-MD5 needs a cleartext password and only the NT hash is stored", null);
            return;
        }
        final boolean ok = value.length == 16 &&
            MessageDigest.isEqual(ChapMd5.response(identifier, secret, challenge), value);
        finish(ok, user, ok ? "" : "RFC 1994 §4.1: wrong Response", null);
    }

    /** RFC 2759 §4: Peer-Challenge (16), Reserved (8, zero), NT-Response (24), Flags (1, zero). */
    private void checkMsChapV2(final String user, final LocalUser local, final byte[] value)
    {
        if (value.length != MSCHAP_RESPONSE_SIZE)
        {
            finish(false, user, "RFC 2759 §4: Response Value-Size " + value.length + ", not 49", null);
            return;
        }
        final byte[] peerChallenge = Arrays.copyOfRange(value, 0, 16);
        final byte[] ntResponse = Arrays.copyOfRange(value, 24, 48);
        final byte[] expected = MsChapV2.ntResponse(challenge, peerChallenge, user, local.ntHash());
        if (!MessageDigest.isEqual(expected, ntResponse))
        {
            finish(false, user, "RFC 2759 §8.1: wrong NT-Response", null);
            return;
        }
        finish(true, user, "", MsChapV2.authenticatorResponse(local.ntHash(), ntResponse, peerChallenge, challenge,
            user) + " M=Welcome");
    }

    private void finish(final boolean ok, final String user, final String reason, final String successMessage)
    {
        final String message = ok ? (successMessage != null ? successMessage : "Welcome") : failureMessage();
        finalReply = new ControlPacket(ok ? SUCCESS : FAILURE, identifier,
            message.getBytes(StandardCharsets.US_ASCII)).encode();
        context.output().accept(PppProtocol.CHAP, finalReply);
        if (ok)
        {
            context.succeeded(user);
        }
        else
        {
            context.failed(user, reason);
        }
    }

    /** RFC 2759 §6: E=691 (authentication failure), R=0 (no retry), the challenge, V=3. */
    private String failureMessage()
    {
        return method == AuthMethod.MSCHAP_V2 ?
            "E=691 R=0 C=" + HexFormat.of().withUpperCase().formatHex(challenge) + " V=3 M=Authentication failed" :
            "Authentication failed";
    }

    @Override
    public void stop()
    {
        resender.cancel();
    }
}
