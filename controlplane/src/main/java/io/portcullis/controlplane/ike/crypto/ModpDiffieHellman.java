package io.portcullis.controlplane.ike.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Diffie-Hellman over a MODP group with {@link BigInteger#modPow} (which the JIT backs with
 * Montgomery multiplication intrinsics); the private exponent is short, as RFC 3526 §8 allows,
 * at about twice the group's strength.
 */
final class ModpDiffieHellman implements DiffieHellman
{
    private static final BigInteger TWO = BigInteger.TWO;

    private final BigInteger prime;
    private final int length;
    private final BigInteger privateExponent;

    ModpDiffieHellman(final BigInteger prime, final BigInteger privateExponent)
    {
        this.prime = prime;
        this.length = (prime.bitLength() + 7) / 8;
        this.privateExponent = privateExponent;
    }

    static ModpDiffieHellman generate(final BigInteger prime, final int exponentBits, final SecureRandom random)
    {
        BigInteger x;
        do
        {
            x = new BigInteger(exponentBits, random);
        }
        while (x.bitLength() < exponentBits - 8);
        return new ModpDiffieHellman(prime, x);
    }

    @Override
    public byte[] publicValue()
    {
        return pad(TWO.modPow(privateExponent, prime));
    }

    @Override
    public byte[] sharedSecret(final byte[] peerPublic)
    {
        if (peerPublic.length != length)
        {
            return null;
        }
        final BigInteger y = new BigInteger(1, peerPublic);
        // 1 and p-1 (and 0, p and above) give a secret an eavesdropper knows (RFC 2631 §2.1.5 style check).
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(prime.subtract(BigInteger.ONE)) >= 0)
        {
            return null;
        }
        return pad(y.modPow(privateExponent, prime));
    }

    private byte[] pad(final BigInteger value)
    {
        final byte[] raw = value.toByteArray();
        final byte[] out = new byte[length];
        final int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
