package io.portcullis.controlplane.ike.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * IKEv1's CBC IVs (RFC 2409 Appendix B): phase 1 starts at hash(g^xi | g^xr); every message
 * after that starts from the last ciphertext block of the one before. Each phase-2 or
 * informational exchange starts at hash(last phase-1 CBC output block | M-ID) and chains alike.
 */
public final class IvChain
{
    private final IkeCipher cipher;
    private byte[] iv;

    private IvChain(final IkeCipher cipher, final byte[] iv)
    {
        this.cipher = cipher;
        this.iv = iv;
    }

    public static IvChain phase1(final IkeHash hash, final IkeCipher cipher, final byte[] gxi, final byte[] gxr)
    {
        return new IvChain(cipher, Arrays.copyOf(hash.hash(gxi, gxr), cipher.blockSize()));
    }

    /** The chain of a new exchange {@code messageId} after phase 1 ended with {@code phase1LastBlock}. */
    public static IvChain exchange(final IkeHash hash, final IkeCipher cipher, final byte[] phase1LastBlock,
        final int messageId)
    {
        return new IvChain(cipher, Arrays.copyOf(hash.hash(phase1LastBlock, ByteBuffer.allocate(4).putInt(messageId)
            .array()), cipher.blockSize()));
    }

    public byte[] iv()
    {
        return iv.clone();
    }

    /** Pads (RFC 2409 §5.3: zeros up to the block, the last byte the pad length) and encrypts, advancing the chain. */
    public byte[] encrypt(final byte[] key, final byte[] plaintext)
    {
        final int block = cipher.blockSize();
        final int padded = (plaintext.length / block + 1) * block;
        final byte[] input = Arrays.copyOf(plaintext, padded);
        input[padded - 1] = (byte) (padded - plaintext.length - 1);
        final byte[] out = cipher.encrypt(key, iv, input);
        iv = Arrays.copyOfRange(out, out.length - block, out.length);
        return out;
    }

    /**
     * Decrypts a whole body and advances the chain, or returns null when the length is not a
     * multiple of the block (RFC 2409 Appendix B) and leaves the chain as it was.
     */
    public byte[] decrypt(final byte[] key, final byte[] ciphertext)
    {
        final int block = cipher.blockSize();
        if (ciphertext.length == 0 || ciphertext.length % block != 0)
        {
            return null;
        }
        final byte[] out = cipher.decrypt(key, iv, ciphertext);
        iv = Arrays.copyOfRange(ciphertext, ciphertext.length - block, ciphertext.length);
        return out;
    }

    /** A copy to try a decryption on without committing to it (a message that fails its hash leaves the chain alone). */
    public IvChain copy()
    {
        return new IvChain(cipher, iv.clone());
    }
}
