package io.portcullis.controlplane.ppp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

import io.portcullis.controlplane.runtime.Scheduler;

/**
 * The authenticating peer (the client side, our LAC role) for PAP, CHAP-MD5, MS-CHAPv2 and
 * EAP-MD5: it answers what the authenticator asks with the user's name and password, and for
 * MS-CHAPv2 checks the authenticator's response in the Success message (RFC 2759 §5) so a rogue
 * server cannot pretend to know the password.
 */
public final class AuthPeer implements AuthProtocol
{
    private final AuthMethod method;
    private final String user;
    private final String password;
    private final RandomGenerator random;
    private final BiConsumer<Integer, byte[]> output;
    private final Result result;
    private final Resender papResender;
    private byte[] chapChallenge;
    private byte[] peerChallenge;
    private byte[] ntResponse;
    private boolean done;
    private boolean eapMsChapV2Only;

    public AuthPeer(final AuthMethod method, final String user, final String password, final Scheduler scheduler,
        final RandomGenerator random, final BiConsumer<Integer, byte[]> output, final Result result)
    {
        this.method = method;
        this.user = user;
        this.password = password;
        this.random = random;
        this.output = output;
        this.result = result;
        this.papResender = new Resender(scheduler, AuthContext.RESEND_MS, AuthContext.MAX_TRANSMISSIONS,
            packet -> output.accept(PppProtocol.PAP, packet), () -> finish(false, "RFC 1334 §2.2.1: no Ack or Nak"));
    }

    /** With EAP, Nak MD5-Challenge and ask for EAP-MSCHAPv2 (as Windows clients configured for it do). */
    public AuthPeer withEapMsChapV2Only()
    {
        eapMsChapV2Only = true;
        return this;
    }

    @Override
    public int protocol()
    {
        return method.protocol();
    }

    @Override
    public void start()
    {
        if (method == AuthMethod.PAP)
        {
            papResender.send(new ControlPacket(1, random.nextInt(256), AuthFields.two(
                user.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))).encode());
        }
    }

    @Override
    public void receive(final ControlPacket packet)
    {
        if (done)
        {
            return;
        }
        switch (method)
        {
            case PAP -> onPap(packet);
            case CHAP_MD5, MSCHAP_V2 -> onChap(packet);
            case EAP -> onEap(packet);
        }
    }

    private void onPap(final ControlPacket packet)
    {
        if (packet.code() == 2 || packet.code() == 3)
        {
            finish(packet.code() == 2, "PAP Authenticate-Nak");
        }
    }

    private void onChap(final ControlPacket packet)
    {
        switch (packet.code())
        {
            case 1 -> answerChallenge(packet);
            case 3 -> finish(method != AuthMethod.MSCHAP_V2 || authenticatorProved(packet.data()),
                "RFC 2759 §5: the authenticator response does not prove the server knows the password");
            case 4 -> finish(false, "CHAP Failure: " + new String(packet.data(), StandardCharsets.US_ASCII));
            default -> { }
        }
    }

    private void answerChallenge(final ControlPacket challenge)
    {
        final AuthFields.ValueAndName fields;
        try
        {
            fields = AuthFields.readValueAndName(challenge.data(), "RFC 1994 §4.1");
        }
        catch (final PppException ex)
        {
            return;  // a malformed Challenge is discarded; the authenticator will retransmit
        }
        chapChallenge = fields.value();
        final byte[] value;
        if (method == AuthMethod.CHAP_MD5)
        {
            value = ChapMd5.response(challenge.identifier(), password.getBytes(StandardCharsets.UTF_8), chapChallenge);
        }
        else
        {
            peerChallenge = peerChallenge != null ? peerChallenge : randomBytes(16);
            ntResponse = MsChapV2.ntResponse(chapChallenge, peerChallenge, user, MsChapV2.ntPasswordHash(password));
            value = new byte[49];
            System.arraycopy(peerChallenge, 0, value, 0, 16);
            System.arraycopy(ntResponse, 0, value, 24, 24);
        }
        output.accept(PppProtocol.CHAP, new ControlPacket(2, challenge.identifier(),
            AuthFields.valueAndName(value, user)).encode());
    }

    private boolean authenticatorProved(final byte[] message)
    {
        final String text = new String(message, StandardCharsets.US_ASCII);
        final String expected = MsChapV2.authenticatorResponse(MsChapV2.ntPasswordHash(password), ntResponse,
            peerChallenge, chapChallenge, user);
        return text.length() >= 42 && text.substring(0, 42).equalsIgnoreCase(expected);
    }

    private void onEap(final ControlPacket packet)
    {
        if (packet.code() == EapAuthenticator.SUCCESS || packet.code() == EapAuthenticator.FAILURE)
        {
            finish(packet.code() == EapAuthenticator.SUCCESS, "EAP Failure");
            return;
        }
        if (packet.code() != EapAuthenticator.REQUEST || packet.data().length < 1)
        {
            return;
        }
        final byte[] reply = switch (packet.data()[0])
        {
            case EapAuthenticator.IDENTITY -> prefixed(EapAuthenticator.IDENTITY, user.getBytes(StandardCharsets.UTF_8));
            case EapAuthenticator.MD5_CHALLENGE -> eapMsChapV2Only ?
                new byte[] {EapAuthenticator.NAK, EapMsChapV2.TYPE} : md5Response(packet);
            case EapMsChapV2.TYPE -> msChapV2Response(packet.data());
            default -> new byte[] {EapAuthenticator.NAK, EapAuthenticator.MD5_CHALLENGE, EapMsChapV2.TYPE};  // §5.3.1
        };
        if (reply != null)
        {
            output.accept(PppProtocol.EAP, new ControlPacket(EapAuthenticator.RESPONSE, packet.identifier(), reply).encode());
        }
    }

    private byte[] md5Response(final ControlPacket request)
    {
        try
        {
            final AuthFields.ValueAndName fields = AuthFields.readValueAndName(
                Arrays.copyOfRange(request.data(), 1, request.data().length), "RFC 3748 §5.4");
            return prefixed(EapAuthenticator.MD5_CHALLENGE, AuthFields.valueAndName(ChapMd5.response(
                request.identifier(), password.getBytes(StandardCharsets.UTF_8), fields.value()), user));
        }
        catch (final PppException ex)
        {
            return null;
        }
    }

    /** EAP-MSCHAPv2 as the peer: answer the Challenge, check the server's proof, acknowledge. */
    private byte[] msChapV2Response(final byte[] typeData)
    {
        try
        {
            switch (EapMsChapV2.opCode(typeData))
            {
                case EapMsChapV2.CHALLENGE ->
                {
                    chapChallenge = EapMsChapV2.valueAndName(typeData).value();
                    peerChallenge = randomBytes(16);
                    ntResponse = MsChapV2.ntResponse(chapChallenge, peerChallenge, user, MsChapV2.ntPasswordHash(password));
                    return EapMsChapV2.response(EapMsChapV2.msId(typeData), peerChallenge, ntResponse, user);
                }
                case EapMsChapV2.SUCCESS ->
                {
                    if (authenticatorProved(EapMsChapV2.readMessage(typeData).getBytes(StandardCharsets.US_ASCII)))
                    {
                        return EapMsChapV2.acknowledge(EapMsChapV2.SUCCESS);
                    }
                    finish(false, "RFC 2759 §5: the authenticator response does not prove the server knows the password");
                    return null;
                }
                default -> { return EapMsChapV2.acknowledge(EapMsChapV2.FAILURE); }
            }
        }
        catch (final PppException ex)
        {
            return null;
        }
    }

    private static byte[] prefixed(final int type, final byte[] data)
    {
        final byte[] out = new byte[1 + data.length];
        out[0] = (byte)type;
        System.arraycopy(data, 0, out, 1, data.length);
        return out;
    }

    private byte[] randomBytes(final int length)
    {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private void finish(final boolean ok, final String reason)
    {
        done = true;
        papResender.cancel();
        if (ok)
        {
            result.authenticated(user);
        }
        else
        {
            result.failed(user, reason);
        }
    }

    @Override
    public void stop()
    {
        papResender.cancel();
    }
}
