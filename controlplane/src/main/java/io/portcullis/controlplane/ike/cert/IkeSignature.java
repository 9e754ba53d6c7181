package io.portcullis.controlplane.ike.cert;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * IKEv1 signs the exchange hash itself (HASH_I or HASH_R), not a digest of it: RSA with PKCS#1
 * v1.5 padding and no DigestInfo (RFC 2409 §5.1), ECDSA over the hash value with r | s of fixed
 * length (RFC 4754 §7).
 */
public final class IkeSignature
{
    private IkeSignature()
    {
    }

    private static String algorithm(final int authMethod)
    {
        return authMethod == Credentials.AUTH_RSA_SIGNATURE ? "NONEwithRSA" : "NONEwithECDSAinP1363Format";
    }

    public static byte[] sign(final int authMethod, final PrivateKey key, final byte[] hash)
    {
        try
        {
            final Signature signature = Signature.getInstance(algorithm(authMethod));
            signature.initSign(key);
            signature.update(hash);
            return signature.sign();
        }
        catch (final GeneralSecurityException e)
        {
            throw new IllegalStateException("cannot sign with our key for method " + authMethod, e);
        }
    }

    public static boolean verify(final int authMethod, final PublicKey key, final byte[] hash, final byte[] value)
    {
        try
        {
            final Signature signature = Signature.getInstance(algorithm(authMethod));
            signature.initVerify(key);
            signature.update(hash);
            return signature.verify(value);
        }
        catch (final GeneralSecurityException e)
        {
            return false;
        }
    }
}
