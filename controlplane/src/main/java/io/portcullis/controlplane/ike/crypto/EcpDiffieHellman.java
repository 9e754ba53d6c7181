package io.portcullis.controlplane.ike.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * ECDH over the RFC 5903 groups with Bouncy Castle's custom prime curves (faster than the
 * JDK's SunEC here, measured). RFC 5903 §7: the KE payload is x | y without a point-format
 * octet, and g^xy is the x coordinate alone.
 */
final class EcpDiffieHellman implements DiffieHellman
{
    private final X9ECParameters curve;
    private final int fieldLength;
    private final BigInteger privateKey;

    EcpDiffieHellman(final X9ECParameters curve, final BigInteger privateKey)
    {
        this.curve = curve;
        this.fieldLength = (curve.getCurve().getFieldSize() + 7) / 8;
        this.privateKey = privateKey;
    }

    static EcpDiffieHellman generate(final X9ECParameters curve, final SecureRandom random)
    {
        final BigInteger n = curve.getN();
        BigInteger d;
        do
        {
            d = new BigInteger(n.bitLength(), random);
        }
        while (d.signum() == 0 || d.compareTo(n) >= 0);
        return new EcpDiffieHellman(curve, d);
    }

    @Override
    public byte[] publicValue()
    {
        final ECPoint q = new FixedPointCombMultiplier().multiply(curve.getG(), privateKey).normalize();
        final byte[] out = new byte[2 * fieldLength];
        write(q.getAffineXCoord().toBigInteger(), out, 0);
        write(q.getAffineYCoord().toBigInteger(), out, fieldLength);
        return out;
    }

    @Override
    public byte[] sharedSecret(final byte[] peerPublic)
    {
        if (peerPublic.length != 2 * fieldLength)
        {
            return null;
        }
        final ECPoint peer;
        try
        {
            peer = curve.getCurve().createPoint(new BigInteger(1, Arrays.copyOf(peerPublic, fieldLength)),
                new BigInteger(1, Arrays.copyOfRange(peerPublic, fieldLength, 2 * fieldLength)));
        }
        catch (final IllegalArgumentException e)
        {
            return null;
        }
        // RFC 5903 §2.3 and RFC 6989 §2.3: the peer's point must be on the curve (these curves have cofactor 1).
        if (peer.isInfinity() || !peer.isValid())
        {
            return null;
        }
        final ECPoint shared = peer.multiply(privateKey).normalize();
        if (shared.isInfinity())
        {
            return null;
        }
        final byte[] out = new byte[fieldLength];
        write(shared.getAffineXCoord().toBigInteger(), out, 0);
        return out;
    }

    private void write(final BigInteger value, final byte[] out, final int at)
    {
        final byte[] raw = value.toByteArray();
        final int copy = Math.min(raw.length, fieldLength);
        System.arraycopy(raw, raw.length - copy, out, at + fieldLength - copy, copy);
    }
}
