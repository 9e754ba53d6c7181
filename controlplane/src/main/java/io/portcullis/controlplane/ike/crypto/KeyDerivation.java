package io.portcullis.controlplane.ike.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** IKEv1 key derivation (RFC 2409 §5, §5.5 and Appendix B). */
public final class KeyDerivation
{
    private KeyDerivation()
    {
    }

    /** RFC 2409 §5: for pre-shared keys SKEYID = prf(pre-shared-key, Ni_b | Nr_b). */
    public static byte[] skeyidPreSharedKey(final IkeHash prf, final byte[] psk, final byte[] ni, final byte[] nr)
    {
        return prf.prf(psk, ni, nr);
    }

    /** RFC 2409 §5: for signatures SKEYID = prf(Ni_b | Nr_b, g^xy). */
    public static byte[] skeyidSignature(final IkeHash prf, final byte[] ni, final byte[] nr, final byte[] gxy)
    {
        return prf.prf(concat(ni, nr), gxy);
    }

    /**
     * RFC 2409 §5: SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0), SKEYID_a = prf(SKEYID,
     * SKEYID_d | g^xy | CKY-I | CKY-R | 1), SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2);
     * the phase-1 cipher key is SKEYID_e, expanded by Appendix B when it is too short.
     */
    public static Phase1Keys phase1(final IkeHash prf, final byte[] skeyid, final byte[] gxy, final long cookieI,
        final long cookieR, final int cipherKeyLength)
    {
        final byte[] cookies = ByteBuffer.allocate(16).putLong(cookieI).putLong(cookieR).array();
        final byte[] d = prf.prf(skeyid, gxy, cookies, new byte[] {0});
        final byte[] a = prf.prf(skeyid, d, gxy, cookies, new byte[] {1});
        final byte[] e = prf.prf(skeyid, a, gxy, cookies, new byte[] {2});
        return new Phase1Keys(skeyid, d, a, e, cipherKey(prf, e, cipherKeyLength));
    }

    /**
     * RFC 2409 Appendix B: a key longer than SKEYID_e is Ka = K1 | K2 | ..., K1 = prf(SKEYID_e, 0),
     * K(n) = prf(SKEYID_e, K(n-1)), truncated; a shorter one is SKEYID_e's first bytes.
     */
    static byte[] cipherKey(final IkeHash prf, final byte[] skeyidE, final int length)
    {
        if (skeyidE.length >= length)
        {
            return Arrays.copyOf(skeyidE, length);
        }
        return expand(prf, skeyidE, new byte[] {0}, new byte[0], length);
    }

    /**
     * RFC 2409 §5.5: KEYMAT = K1 | K2 | ..., K1 = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b),
     * K(n) = prf(SKEYID_d, K(n-1) | [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b). {@code gxyQm} is null
     * without PFS. {@code spi} is the SPI of the SA's receiver.
     */
    public static byte[] keymat(final IkeHash prf, final byte[] skeyidD, final byte[] gxyQm, final int protocol,
        final int spi, final byte[] ni, final byte[] nr, final int length)
    {
        final byte[] seed = concat(gxyQm == null ? new byte[0] : gxyQm, new byte[] {(byte) protocol},
            ByteBuffer.allocate(4).putInt(spi).array(), ni, nr);
        return expand(prf, skeyidD, seed, seed, length);
    }

    /** K1 = prf(key, first), K(n) = prf(key, K(n-1) | seed); their concatenation, truncated to {@code length}. */
    private static byte[] expand(final IkeHash prf, final byte[] key, final byte[] first, final byte[] seed,
        final int length)
    {
        final byte[] out = new byte[length];
        byte[] block = prf.prf(key, first);
        int filled = 0;
        while (true)
        {
            final int n = Math.min(block.length, length - filled);
            System.arraycopy(block, 0, out, filled, n);
            filled += n;
            if (filled == length)
            {
                return out;
            }
            block = prf.prf(key, block, seed);
        }
    }

    static byte[] concat(final byte[]... parts)
    {
        int length = 0;
        for (final byte[] part : parts)
        {
            length += part.length;
        }
        final ByteBuffer out = ByteBuffer.allocate(length);
        for (final byte[] part : parts)
        {
            out.put(part);
        }
        return out.array();
    }
}
