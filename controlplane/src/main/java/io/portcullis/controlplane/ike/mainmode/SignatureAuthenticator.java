package io.portcullis.controlplane.ike.mainmode;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import io.portcullis.controlplane.ike.IkeFailure;
import io.portcullis.controlplane.ike.IkeSa;
import io.portcullis.controlplane.ike.cert.Credentials;
import io.portcullis.controlplane.ike.cert.IkeSignature;
import io.portcullis.controlplane.ike.crypto.KeyDerivation;
import io.portcullis.controlplane.ike.isakmp.Certificate;
import io.portcullis.controlplane.ike.isakmp.CertificateRequest;
import io.portcullis.controlplane.ike.isakmp.Identification;
import io.portcullis.controlplane.ike.isakmp.NotifyType;
import io.portcullis.controlplane.ike.isakmp.OpaquePayload;
import io.portcullis.controlplane.ike.isakmp.Payload;
import io.portcullis.controlplane.ike.isakmp.PayloadType;
import io.portcullis.controlplane.ike.isakmp.ReceivedPayloads;

/**
 * RFC 2409 §5.1: SKEYID = prf(Ni_b | Nr_b, g^xy); the proof is a signature over HASH_I/HASH_R
 * with the key of an X.509 certificate sent in a CERT payload, whose subject DN is the ID
 * (ID_DER_ASN1_DN, RFC 4945 §3.1.5) and whose chain ends at a CA we trust.
 */
final class SignatureAuthenticator implements Phase1Authenticator
{
    @Override
    public byte[] skeyid(final IkeSa sa, final byte[] ni, final byte[] nr, final byte[] gxy)
    {
        return KeyDerivation.skeyidSignature(sa.transform().hash(), ni, nr, gxy);
    }

    @Override
    public Identification ourId(final IkeSa sa)
    {
        final X509Certificate certificate = sa.context().config().credentials().certificate();
        return new Identification(Identification.ID_DER_ASN1_DN, 0, 0,
            certificate.getSubjectX500Principal().getEncoded());
    }

    /** One request per trusted CA, naming it by its DN (RFC 4945 §3.2.4 allows an empty authority too). */
    @Override
    public List<Payload> certificateRequests(final IkeSa sa)
    {
        final List<Payload> requests = new ArrayList<>();
        for (final java.security.cert.TrustAnchor anchor : sa.context().config().credentials().trustAnchors())
        {
            requests.add(new CertificateRequest(Certificate.X509_SIGNATURE,
                anchor.getTrustedCert().getSubjectX500Principal().getEncoded()));
        }
        return requests;
    }

    @Override
    public List<Payload> prove(final IkeSa sa, final Identification id, final byte[] hash)
    {
        final Credentials credentials = sa.context().config().credentials();
        try
        {
            return List.of(id, new Certificate(Certificate.X509_SIGNATURE, credentials.certificate().getEncoded()),
                OpaquePayload.signature(IkeSignature.sign(sa.transform().authMethod(), credentials.privateKey(), hash)));
        }
        catch (final CertificateEncodingException e)
        {
            throw new IllegalStateException("our own certificate does not encode", e);
        }
    }

    /** RFC 4945 §3.1.5: DNs match by value (X500Principal's canonical form), not by their DER string types. */
    private static boolean sameDistinguishedName(final Identification id, final X509Certificate certificate)
    {
        if (id.idType() != Identification.ID_DER_ASN1_DN)
        {
            return false;
        }
        try
        {
            return new X500Principal(id.data()).equals(certificate.getSubjectX500Principal());
        }
        catch (final IllegalArgumentException e)
        {
            return false;
        }
    }

    @Override
    public void verify(final IkeSa sa, final ReceivedPayloads payloads, final Identification id, final byte[] expected,
        final String which) throws IkeFailure
    {
        final List<byte[]> chain = new ArrayList<>();
        for (final Payload payload : payloads.all(PayloadType.CERT))
        {
            if (((Certificate) payload).encoding() == Certificate.X509_SIGNATURE)
            {
                chain.add(((Certificate) payload).data());
            }
        }
        final X509Certificate certificate = sa.context().config().credentials().validate(chain);
        if (!sameDistinguishedName(id, certificate))
        {
            throw new IkeFailure(NotifyType.INVALID_ID_INFORMATION,
                "RFC 4945 §3.1.5: the ID is not the certificate's subject " + certificate.getSubjectX500Principal());
        }
        final OpaquePayload signature = MainModeSupport.required(payloads, PayloadType.SIG, OpaquePayload.class,
            "RFC 2409 §5.1: the message carries SIG");
        if (!IkeSignature.verify(sa.transform().authMethod(), certificate.getPublicKey(), expected, signature.data()))
        {
            throw new IkeFailure(NotifyType.INVALID_SIGNATURE, "RFC 2409 §5.1: the signature over " + which +
                " does not verify with " + certificate.getSubjectX500Principal());
        }
    }
}
