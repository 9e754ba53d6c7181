package io.portcullis.controlplane.ike.crypto;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Phase-1 Encryption Algorithm attribute values (RFC 2409 Appendix A, RFC 3602 §5 for AES-CBC). */
public enum IkeCipher
{
    DES3_CBC(5, "DESede", 8),
    AES_CBC(7, "AES", 16);

    private final int attributeValue;
    private final String jceName;
    private final int blockSize;

    IkeCipher(final int attributeValue, final String jceName, final int blockSize)
    {
        this.attributeValue = attributeValue;
        this.jceName = jceName;
        this.blockSize = blockSize;
    }

    public int attributeValue()
    {
        return attributeValue;
    }

    public int blockSize()
    {
        return blockSize;
    }

    public static IkeCipher ofAttribute(final long value)
    {
        for (final IkeCipher cipher : values())
        {
            if (cipher.attributeValue == value)
            {
                return cipher;
            }
        }
        return null;
    }

    /**
     * The key length in bytes for a Key Length attribute in bits (0 when absent). 3DES has a
     * fixed 24-byte key; AES needs the attribute and takes 128, 192 or 256 (RFC 3602 §5).
     * Returns -1 for a length this cipher cannot take.
     */
    public int keyLength(final int keyLengthBits)
    {
        if (this == DES3_CBC)
        {
            return keyLengthBits == 0 ? 24 : -1;
        }
        return keyLengthBits == 128 || keyLengthBits == 192 || keyLengthBits == 256 ? keyLengthBits / 8 : -1;
    }

    public byte[] encrypt(final byte[] key, final byte[] iv, final byte[] plaintext)
    {
        return run(Cipher.ENCRYPT_MODE, key, iv, plaintext);
    }

    public byte[] decrypt(final byte[] key, final byte[] iv, final byte[] ciphertext)
    {
        return run(Cipher.DECRYPT_MODE, key, iv, ciphertext);
    }

    private byte[] run(final int mode, final byte[] key, final byte[] iv, final byte[] input)
    {
        try
        {
            final Cipher cipher = Cipher.getInstance(jceName + "/CBC/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, jceName), new IvParameterSpec(iv));
            return cipher.doFinal(input);
        }
        catch (final GeneralSecurityException e)
        {
            throw new IllegalStateException(jceName + "-CBC failed on a block-aligned input", e);
        }
    }
}
