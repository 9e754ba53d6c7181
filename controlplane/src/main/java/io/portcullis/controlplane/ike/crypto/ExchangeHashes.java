package io.portcullis.controlplane.ike.crypto;

import java.nio.ByteBuffer;

/** The authenticating hashes of IKEv1's exchanges (RFC 2409 §5, §5.5, §5.7). */
public final class ExchangeHashes
{
    private ExchangeHashes()
    {
    }

    /** HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b). */
    public static byte[] hashI(final IkeHash prf, final byte[] skeyid, final byte[] gxi, final byte[] gxr,
        final long cookieI, final long cookieR, final byte[] saiB, final byte[] idiiB)
    {
        return prf.prf(skeyid, gxi, gxr, cookies(cookieI, cookieR), saiB, idiiB);
    }

    /** HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b). */
    public static byte[] hashR(final IkeHash prf, final byte[] skeyid, final byte[] gxi, final byte[] gxr,
        final long cookieI, final long cookieR, final byte[] saiB, final byte[] idirB)
    {
        return prf.prf(skeyid, gxr, gxi, cookies(cookieR, cookieI), saiB, idirB);
    }

    /** Quick Mode HASH(1) = prf(SKEYID_a, M-ID | SA | Ni [| KE ] [| IDci | IDcr ]): every payload after HASH(1). */
    public static byte[] quickModeHash1(final IkeHash prf, final byte[] skeyidA, final int messageId,
        final byte[] payloadsAfterHash)
    {
        return prf.prf(skeyidA, messageId(messageId), payloadsAfterHash);
    }

    /** HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [| KE ] [| IDci | IDcr ]). */
    public static byte[] quickModeHash2(final IkeHash prf, final byte[] skeyidA, final int messageId, final byte[] niB,
        final byte[] payloadsAfterHash)
    {
        return prf.prf(skeyidA, messageId(messageId), niB, payloadsAfterHash);
    }

    /** HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b). */
    public static byte[] quickModeHash3(final IkeHash prf, final byte[] skeyidA, final int messageId, final byte[] niB,
        final byte[] nrB)
    {
        return prf.prf(skeyidA, new byte[] {0}, messageId(messageId), niB, nrB);
    }

    /** RFC 2409 §5.7: an informational exchange's HASH(1) = prf(SKEYID_a, M-ID | N/D). */
    public static byte[] informational(final IkeHash prf, final byte[] skeyidA, final int messageId,
        final byte[] payloadsAfterHash)
    {
        return quickModeHash1(prf, skeyidA, messageId, payloadsAfterHash);
    }

    private static byte[] cookies(final long first, final long second)
    {
        return ByteBuffer.allocate(16).putLong(first).putLong(second).array();
    }

    private static byte[] messageId(final int messageId)
    {
        return ByteBuffer.allocate(4).putInt(messageId).array();
    }
}
