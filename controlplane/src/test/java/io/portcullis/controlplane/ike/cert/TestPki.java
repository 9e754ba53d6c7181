package io.portcullis.controlplane.ike.cert;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A CA, end-entity certificates and a CRL made with Bouncy Castle, for the signature tests. */
public final class TestPki
{
    final KeyPair caKeys;
    final X509Certificate ca;
    private static long serial = 1;

    TestPki(final String name) throws Exception
    {
        caKeys = rsa();
        ca = certificate("CN=" + name, caKeys, "CN=" + name, caKeys.getPrivate(), true);
    }

    public static KeyPair rsa() throws Exception
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static KeyPair ecdsa() throws Exception
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    X509Certificate issue(final String subject, final KeyPair keys) throws Exception
    {
        return certificate(subject, keys, ca.getSubjectX500Principal().getName(), caKeys.getPrivate(), false);
    }

    /** A certificate for {@code keys} signed by {@code signer} (SHA-256 with RSA). */
    public static synchronized X509Certificate certificate(final String subject, final KeyPair keys,
        final String issuer, final PrivateKey signer, final boolean isCa) throws Exception
    {
        final Date now = new Date(System.currentTimeMillis() - 60_000);
        final JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
            BigInteger.valueOf(serial++), now, new Date(now.getTime() + 86_400_000L), new X500Name(subject),
            keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign :
            KeyUsage.digitalSignature));
        return new JcaX509CertificateConverter().getCertificate(builder.build(
            new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
    }

    X509CRL crl(final X509Certificate... revoked) throws Exception
    {
        final Date now = new Date(System.currentTimeMillis() - 60_000);
        final X509v2CRLBuilder builder = new X509v2CRLBuilder(new X500Name(ca.getSubjectX500Principal().getName()), now);
        builder.setNextUpdate(new Date(now.getTime() + 86_400_000L));
        for (final X509Certificate certificate : revoked)
        {
            builder.addCRLEntry(certificate.getSerialNumber(), now, CRLReason.keyCompromise);
        }
        return new JcaX509CRLConverter().getCRL(builder.build(new JcaContentSignerBuilder("SHA256withRSA")
            .build(caKeys.getPrivate())));
    }

    /** PEM armour, as strongSwan's swanctl directories take it. */
    public static String pem(final String type, final byte[] der)
    {
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    Credentials credentials(final KeyPair keys, final X509Certificate certificate, final X509CRL... crls)
    {
        return new Credentials(keys.getPrivate(), certificate, Set.of(new TrustAnchor(ca, null)), List.of(crls));
    }
}
