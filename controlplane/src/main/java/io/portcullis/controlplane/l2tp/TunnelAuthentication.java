package io.portcullis.controlplane.l2tp;

import java.security.MessageDigest;

/**
 * Tunnel authentication (RFC 2661 §5.1.1, §4.4.3 Challenge Response): like CHAP (RFC 1994), the
 * response is MD5(ID + secret + challenge), where ID is the one-octet Message Type of the message
 * that carries the response (2 in an SCCRP, 3 in an SCCCN).
 */
public final class TunnelAuthentication
{
    private TunnelAuthentication()
    {
    }

    public static byte[] response(final MessageType carriedIn, final byte[] secret, final byte[] challenge)
    {
        final MessageDigest md5 = AvpHiding.md5();
        md5.update((byte)carriedIn.code());
        md5.update(secret);
        md5.update(challenge);
        return md5.digest();
    }

    /** Compares in constant time, so the time taken tells nothing about the expected response. */
    public static boolean verify(final MessageType carriedIn, final byte[] secret, final byte[] challenge,
        final byte[] response)
    {
        return MessageDigest.isEqual(response(carriedIn, secret, challenge), response);
    }
}
