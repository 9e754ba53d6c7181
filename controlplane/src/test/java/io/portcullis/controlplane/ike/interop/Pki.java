package io.portcullis.controlplane.ike.interop;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates and PEM files for the interop test (Bouncy Castle). */
final class Pki
{
    private static long serial = 100;

    private Pki()
    {
    }

    static X509Certificate certificate(final String subject, final KeyPair keys, final String issuer,
        final KeyPair issuerKeys, final boolean isCa) throws Exception
    {
        final Date now = new Date(System.currentTimeMillis() - 60_000);
        final JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
            BigInteger.valueOf(serial++), now, new Date(now.getTime() + 86_400_000L), new X500Name(subject),
            keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        return new JcaX509CertificateConverter().getCertificate(builder.build(
            new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    }

    static String pem(final String type, final byte[] der)
    {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) +
            "\n-----END " + type + "-----\n";
    }
}
