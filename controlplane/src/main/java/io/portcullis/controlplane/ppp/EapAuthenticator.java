package io.portcullis.controlplane.ppp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import io.portcullis.controlplane.aaa.LocalUser;

/**
 * The EAP authenticator (RFC 3748): Request/Identity, Response/Identity, then the MD5-Challenge
 * method (§5.4) or, when the peer Naks it asking for Type 26 (§5.3.1), EAP-MSCHAPv2 (which also
 * serves users stored with only an NT hash); Success or Failure at the end.
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
    private byte[] msChallenge;
    private String msFailure;
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
            case NAK -> onNak(packet.data());
            case EapMsChapV2.TYPE -> onMsChapV2(packet.data());
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

    /** §5.3.1: the peer lists the types it would rather use; Type 26 is the one other we have. */
    private void onNak(final byte[] data)
    {
        for (int i = 1; i < data.length; i++)
        {
            if ((data[i] & 0xFF) == EapMsChapV2.TYPE && msChallenge == null)
            {
                identifier = (identifier + 1) & 0xFF;
                msChallenge = context.randomBytes(16);
                request(EapMsChapV2.challenge(identifier, msChallenge, context.hostName()));
                return;
            }
        }
        finish(false, "RFC 3748 §5.3.1: the peer Nak'd every method we offer");
    }

    private void onMsChapV2(final byte[] data)
    {
        try
        {
            switch (EapMsChapV2.opCode(data))
            {
                case EapMsChapV2.RESPONSE -> checkMsChapV2(EapMsChapV2.readResponse(data));
                case EapMsChapV2.SUCCESS -> finish(msFailure == null, msFailure == null ? "" : msFailure);
                case EapMsChapV2.FAILURE -> finish(false, msFailure == null ? "the peer gave up" : msFailure);
                default -> finish(false, "EAP-MSCHAPv2: unexpected OpCode " + EapMsChapV2.opCode(data));
            }
        }
        catch (final PppException ex)
        {
            finish(false, ex.getMessage());
        }
    }

    /** Verifies the NT-Response, then asks the peer to acknowledge Success (with our proof) or Failure. */
    private void checkMsChapV2(final EapMsChapV2.Response response)
    {
        if (msChallenge == null)
        {
            finish(false, "EAP-MSCHAPv2: Response before any Challenge");
            return;
        }
        final LocalUser local = context.users().find(user);
        final byte[] expected = local == null ? null :
            MsChapV2.ntResponse(msChallenge, response.peerChallenge(), user, local.ntHash());
        final int msId = identifier;
        identifier = (identifier + 1) & 0xFF;
        if (expected != null && MessageDigest.isEqual(expected, response.ntResponse()))
        {
            request(EapMsChapV2.message(EapMsChapV2.SUCCESS, msId, MsChapV2.authenticatorResponse(local.ntHash(),
                response.ntResponse(), response.peerChallenge(), msChallenge, user) + " M=Welcome"));
            return;
        }
        msFailure = local == null ? "no such user" : "RFC 2759 §8.1: wrong NT-Response";
        request(EapMsChapV2.message(EapMsChapV2.FAILURE, msId, "E=691 R=0 C=" +
            HexFormat.of().withUpperCase().formatHex(msChallenge) + " V=3 M=Authentication failed"));
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
