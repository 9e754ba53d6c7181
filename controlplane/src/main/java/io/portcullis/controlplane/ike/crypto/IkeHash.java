package io.portcullis.controlplane.ike.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The phase-1 Hash Algorithm attribute (RFC 2409 Appendix A, RFC 4868 §6 for SHA-2) and the
 * PRF IKEv1 derives from it: "the HMAC version of the negotiated hash algorithm" (RFC 2409 §4).
 */
public enum IkeHash
{
    MD5(1, "MD5", "HmacMD5", 16),
    SHA1(2, "SHA-1", "HmacSHA1", 20),
    SHA2_256(4, "SHA-256", "HmacSHA256", 32),
    SHA2_384(5, "SHA-384", "HmacSHA384", 48),
    SHA2_512(6, "SHA-512", "HmacSHA512", 64);

    private final int attributeValue;
    private final String digestName;
    private final String macName;
    private final int length;

    IkeHash(final int attributeValue, final String digestName, final String macName, final int length)
    {
        this.attributeValue = attributeValue;
        this.digestName = digestName;
        this.macName = macName;
        this.length = length;
    }

    public int attributeValue()
    {
        return attributeValue;
    }

    /** Output length in bytes of both the hash and the PRF. */
    public int length()
    {
        return length;
    }

    /** The Hash Algorithm attribute value's algorithm, or null when we do not implement it. */
    public static IkeHash ofAttribute(final long value)
    {
        for (final IkeHash hash : values())
        {
            if (hash.attributeValue == value)
            {
                return hash;
            }
        }
        return null;
    }

    public byte[] hash(final byte[]... parts)
    {
        try
        {
            final MessageDigest digest = MessageDigest.getInstance(digestName);
            for (final byte[] part : parts)
            {
                digest.update(part);
            }
            return digest.digest();
        }
        catch (final GeneralSecurityException e)
        {
            throw new IllegalStateException("the JDK lacks " + digestName, e);
        }
    }

    /** prf(key, parts[0] | parts[1] | ...). */
    public byte[] prf(final byte[] key, final byte[]... parts)
    {
        try
        {
            final Mac mac = Mac.getInstance(macName);
            // HMAC pads the key with zeros (RFC 2104 §2), so an empty key equals one zero byte,
            // which the JCE accepts where it refuses an empty key.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, macName));
            for (final byte[] part : parts)
            {
                mac.update(part);
            }
            return mac.doFinal();
        }
        catch (final GeneralSecurityException e)
        {
            throw new IllegalStateException("the JDK lacks " + macName, e);
        }
    }
}
