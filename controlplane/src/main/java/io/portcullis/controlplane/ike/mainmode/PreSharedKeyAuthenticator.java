package io.portcullis.controlplane.ike.mainmode;

import java.security.MessageDigest;
import java.util.List;

import io.portcullis.controlplane.ike.Endpoint;
import io.portcullis.controlplane.ike.IkeFailure;
import io.portcullis.controlplane.ike.IkeSa;
import io.portcullis.controlplane.ike.crypto.KeyDerivation;
import io.portcullis.controlplane.ike.isakmp.Identification;
import io.portcullis.controlplane.ike.isakmp.NotifyType;
import io.portcullis.controlplane.ike.isakmp.OpaquePayload;
import io.portcullis.controlplane.ike.isakmp.Payload;
import io.portcullis.controlplane.ike.isakmp.PayloadType;
import io.portcullis.controlplane.ike.isakmp.ReceivedPayloads;

/** RFC 2409 §5.4: SKEYID = prf(pre-shared-key, Ni_b | Nr_b); the proof is HASH_I/HASH_R itself. */
final class PreSharedKeyAuthenticator implements Phase1Authenticator
{
    @Override
    public byte[] skeyid(final IkeSa sa, final byte[] ni, final byte[] nr, final byte[] gxy) throws IkeFailure
    {
        final byte[] psk = sa.context().config().preSharedKeys().lookup(sa.endpoint().remoteAddress());
        if (psk == null)
        {
            throw new IkeFailure(NotifyType.AUTHENTICATION_FAILED,
                "RFC 2409 §5.4: no pre-shared key for " + Endpoint.address(sa.endpoint().remoteAddress()));
        }
        return KeyDerivation.skeyidPreSharedKey(sa.transform().hash(), psk, ni, nr);
    }

    @Override
    public Identification ourId(final IkeSa sa)
    {
        // RFC 2407 §4.6.2: our address, protocol and port zero.
        return Identification.ipv4(sa.endpoint().localAddress(), 0, 0);
    }

    @Override
    public List<Payload> prove(final IkeSa sa, final Identification id, final byte[] hash)
    {
        return List.of(id, OpaquePayload.hash(hash));
    }

    @Override
    public void verify(final IkeSa sa, final ReceivedPayloads payloads, final Identification id, final byte[] expected,
        final String which) throws IkeFailure
    {
        final OpaquePayload hash = MainModeSupport.required(payloads, PayloadType.HASH, OpaquePayload.class,
            "RFC 2409 §5.4: the message carries " + which);
        if (!MessageDigest.isEqual(expected, hash.data()))
        {
            throw new IkeFailure(NotifyType.AUTHENTICATION_FAILED,
                "RFC 2409 §5.4: " + which + " does not match (a different pre-shared key?)");
        }
    }
}
