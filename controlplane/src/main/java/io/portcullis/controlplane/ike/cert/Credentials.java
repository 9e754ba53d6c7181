package io.portcullis.controlplane.ike.cert;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.portcullis.controlplane.ike.IkeFailure;
import io.portcullis.controlplane.ike.isakmp.NotifyType;

/**
 * Our certificate and key for signature authentication (RFC 2409 §5.1), and what we trust in a
 * peer's: the configured CAs and their CRLs (RFC 4945 §5, path validation by RFC 5280).
 */
public record Credentials(PrivateKey privateKey, X509Certificate certificate, Set<TrustAnchor> trustAnchors,
    List<X509CRL> crls)
{
    /** RFC 2409 Appendix A: RSA signatures; RFC 4754 §3: ECDSA with SHA-256 on P-256, SHA-384 on P-384. */
    public static final int AUTH_RSA_SIGNATURE = 3;
    public static final int AUTH_ECDSA_256 = 9;
    public static final int AUTH_ECDSA_384 = 10;

    /** The authentication method our key signs with. */
    public int authMethod()
    {
        if (privateKey instanceof RSAKey)
        {
            return AUTH_RSA_SIGNATURE;
        }
        if (privateKey instanceof ECKey ec)
        {
            return ec.getParams().getOrder().bitLength() > 256 ? AUTH_ECDSA_384 : AUTH_ECDSA_256;
        }
        return -1;
    }

    /**
     * Validates the peer's chain: its certificate first, then any intermediates it sent, up to one
     * of our trust anchors, every certificate checked against the configured CRLs.
     */
    public X509Certificate validate(final List<byte[]> chain) throws IkeFailure
    {
        if (chain.isEmpty())
        {
            throw new IkeFailure(NotifyType.CERTIFICATE_UNAVAILABLE,
                "RFC 4945 §3.3: the peer sent no certificate and we look none up");
        }
        try
        {
            final CertificateFactory factory = CertificateFactory.getInstance("X.509");
            final List<X509Certificate> certificates = new ArrayList<>();
            for (final byte[] der : chain)
            {
                certificates.add((X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(der)));
            }
            final PKIXParameters parameters = new PKIXParameters(trustAnchors);
            parameters.setRevocationEnabled(!crls.isEmpty());
            if (!crls.isEmpty())
            {
                parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
            }
            CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(certificates), parameters);
            return certificates.get(0);
        }
        catch (final CertPathValidatorException e)
        {
            throw new IkeFailure(NotifyType.INVALID_CERTIFICATE, "RFC 5280 §6: the peer's certificate does not " +
                "validate: " + e.getReason() + " (" + e.getMessage() + ")");
        }
        catch (final GeneralSecurityException | RuntimeException e)
        {
            throw new IkeFailure(NotifyType.INVALID_CERT_ENCODING, "RFC 4945 §3.6: unreadable certificate: " +
                e.getMessage());
        }
    }

    @Override
    public String toString()
    {
        return "Credentials[" + certificate.getSubjectX500Principal() + "]";
    }
}
