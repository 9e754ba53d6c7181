package io.portcullis.controlplane.ike.crypto;

import java.security.SecureRandom;

import org.bouncycastle.math.ec.rfc7748.X25519;

/** Curve25519 for IKE (RFC 8031 §2): 32-byte public values, g^xy the 32-byte X25519 output. */
final class Curve25519DiffieHellman implements DiffieHellman
{
    private final byte[] privateKey;

    Curve25519DiffieHellman(final byte[] privateKey)
    {
        this.privateKey = privateKey.clone();
    }

    static Curve25519DiffieHellman generate(final SecureRandom random)
    {
        final byte[] k = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, k);
        return new Curve25519DiffieHellman(k);
    }

    @Override
    public byte[] publicValue()
    {
        final byte[] out = new byte[X25519.POINT_SIZE];
        X25519.generatePublicKey(privateKey, 0, out, 0);
        return out;
    }

    @Override
    public byte[] sharedSecret(final byte[] peerPublic)
    {
        if (peerPublic.length != X25519.POINT_SIZE)
        {
            return null;
        }
        final byte[] out = new byte[X25519.POINT_SIZE];
        // RFC 8031 §2.3: an all-zero result (a small-order peer point) must be refused.
        return X25519.calculateAgreement(privateKey, 0, peerPublic, 0, out, 0) ? out : null;
    }
}
