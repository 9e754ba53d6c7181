package io.portcullis.controlplane.l2tp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Hiding of AVP values (RFC 2661 §4.3). The subformat {Original Length (2), value, padding} is
 * XORed with an MD5 keystream: b1 = MD5(Attribute Type (2 octets) + secret + Random Vector),
 * then b(i) = MD5(secret + c(i-1)), where c(i-1) is the previous 16 octets of ciphertext.
 */
public final class AvpHiding
{
    private static final int BLOCK = 16;

    private AvpHiding()
    {
    }

    /** The hidden value of {@code value} with {@code padding} extra octets (any content). */
    public static byte[] hide(final int attributeType, final byte[] value, final byte[] padding,
        final byte[] secret, final byte[] randomVector)
    {
        final byte[] out = new byte[2 + value.length + padding.length];
        out[0] = (byte)(value.length >>> 8);
        out[1] = (byte)value.length;
        System.arraycopy(value, 0, out, 2, value.length);
        System.arraycopy(padding, 0, out, 2 + value.length, padding.length);
        final MessageDigest md5 = md5();
        for (int i = 0; i < out.length; i += BLOCK)
        {
            final byte[] key = keyBlock(md5, attributeType, secret, randomVector, out, i);
            for (int j = 0; j < BLOCK && i + j < out.length; j++)
            {
                out[i + j] ^= key[j];
            }
        }
        return out;
    }

    /** The original value of a hidden one; the rule broken if its Original Length does not fit. */
    public static byte[] unhide(final int attributeType, final byte[] hidden, final byte[] secret,
        final byte[] randomVector) throws L2tpProtocolException
    {
        if (hidden.length < 2)
        {
            throw L2tpProtocolException.generalError(ResultCode.LENGTH_WRONG,
                "RFC 2661 §4.3: hidden AVP value shorter than its Original Length field");
        }
        final byte[] clear = new byte[hidden.length];
        final MessageDigest md5 = md5();
        for (int i = 0; i < hidden.length; i += BLOCK)
        {
            final byte[] key = keyBlock(md5, attributeType, secret, randomVector, hidden, i);
            for (int j = 0; j < BLOCK && i + j < hidden.length; j++)
            {
                clear[i + j] = (byte)(hidden[i + j] ^ key[j]);
            }
        }
        final int length = (clear[0] & 0xFF) << 8 | clear[1] & 0xFF;
        if (length > hidden.length - 2)
        {
            throw L2tpProtocolException.generalError(ResultCode.LENGTH_WRONG,
                "RFC 2661 §4.3: hidden AVP Original Length " + length + " exceeds its " + (hidden.length - 2) +
                    " octets (wrong secret?)");
        }
        final byte[] value = new byte[length];
        System.arraycopy(clear, 2, value, 0, length);
        return value;
    }

    /** Block i's keystream: from the type, secret and vector first, then from the previous ciphertext. */
    private static byte[] keyBlock(final MessageDigest md5, final int attributeType, final byte[] secret,
        final byte[] randomVector, final byte[] ciphertext, final int offset)
    {
        if (offset == 0)
        {
            md5.update((byte)(attributeType >>> 8));
            md5.update((byte)attributeType);
            md5.update(secret);
            md5.update(randomVector);
        }
        else
        {
            md5.update(secret);
            md5.update(ciphertext, offset - BLOCK, BLOCK);
        }
        return md5.digest();
    }

    static MessageDigest md5()
    {
        try
        {
            return MessageDigest.getInstance("MD5");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("the JDK always has MD5", ex);
        }
    }
}
