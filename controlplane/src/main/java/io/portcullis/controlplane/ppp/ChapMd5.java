package io.portcullis.controlplane.ppp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** CHAP with MD5 (RFC 1994 §4.1): Response Value = MD5(Identifier + secret + Challenge Value). */
public final class ChapMd5
{
    private ChapMd5()
    {
    }

    public static byte[] response(final int identifier, final byte[] secret, final byte[] challenge)
    {
        try
        {
            final MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update((byte)identifier);
            md5.update(secret);
            md5.update(challenge);
            return md5.digest();
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("the JDK always has MD5", ex);
        }
    }
}
