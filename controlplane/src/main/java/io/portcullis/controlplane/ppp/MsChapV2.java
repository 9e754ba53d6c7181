package io.portcullis.controlplane.ppp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.digests.MD4Digest;

/** The MS-CHAPv2 computations of RFC 2759 §8, checked against the known answers of §9.2. */
public final class MsChapV2
{
    private static final byte[] MAGIC1 = "Magic server to client signing constant".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAGIC2 = "Pad to make it do more than one iteration".getBytes(StandardCharsets.US_ASCII);

    private MsChapV2()
    {
    }

    /** §8.3 NtPasswordHash: MD4 of the password in UTF-16LE ("Unicode"). */
    public static byte[] ntPasswordHash(final String password)
    {
        return md4(password.getBytes(StandardCharsets.UTF_16LE));
    }

    /** §8.4 HashNtPasswordHash. */
    public static byte[] hashNtPasswordHash(final byte[] passwordHash)
    {
        return md4(passwordHash);
    }

    /** §8.2 ChallengeHash: the first 8 octets of SHA1(PeerChallenge + AuthenticatorChallenge + UserName). */
    public static byte[] challengeHash(final byte[] peerChallenge, final byte[] authenticatorChallenge,
        final String userName)
    {
        final MessageDigest sha1 = sha1();
        sha1.update(peerChallenge);
        sha1.update(authenticatorChallenge);
        sha1.update(userName(userName));
        final byte[] challenge = new byte[8];
        System.arraycopy(sha1.digest(), 0, challenge, 0, 8);
        return challenge;
    }

    /** §8.1 GenerateNTResponse, from the password hash (what the authenticator keeps). */
    public static byte[] ntResponse(final byte[] authenticatorChallenge, final byte[] peerChallenge,
        final String userName, final byte[] passwordHash)
    {
        final byte[] challenge = challengeHash(peerChallenge, authenticatorChallenge, userName);
        final byte[] zPasswordHash = new byte[21];
        System.arraycopy(passwordHash, 0, zPasswordHash, 0, 16);
        final byte[] response = new byte[24];
        for (int i = 0; i < 3; i++)
        {
            System.arraycopy(desEncrypt(challenge, zPasswordHash, 7 * i), 0, response, 8 * i, 8);
        }
        return response;
    }

    /** §8.7 GenerateAuthenticatorResponse: "S=" and 40 upper-case hex digits. */
    public static String authenticatorResponse(final byte[] passwordHash, final byte[] ntResponse,
        final byte[] peerChallenge, final byte[] authenticatorChallenge, final String userName)
    {
        final MessageDigest sha1 = sha1();
        sha1.update(hashNtPasswordHash(passwordHash));
        sha1.update(ntResponse);
        sha1.update(MAGIC1);
        final byte[] digest = sha1.digest();
        sha1.update(digest);
        sha1.update(challengeHash(peerChallenge, authenticatorChallenge, userName));
        sha1.update(MAGIC2);
        return "S=" + HexFormat.of().withUpperCase().formatHex(sha1.digest());
    }

    /**
     * §4: only the user name proper goes into the hash; a "DOMAIN\" prefix some clients send is
     * part of the Name field but not of UserName.
     */
    static byte[] userName(final String name)
    {
        final int slash = name.lastIndexOf('\\');
        return name.substring(slash + 1).getBytes(StandardCharsets.US_ASCII);
    }

    /** §8.6 DesEncrypt: 7 octets of key material spread over a DES key with parity bits. */
    private static byte[] desEncrypt(final byte[] clear, final byte[] keyMaterial, final int offset)
    {
        final byte[] key = new byte[8];
        long bits = 0;
        for (int i = 0; i < 7; i++)
        {
            bits = bits << 8 | keyMaterial[offset + i] & 0xFF;
        }
        for (int i = 0; i < 8; i++)
        {
            final int seven = (int)(bits >>> (49 - 7 * i)) & 0x7F;
            final int withParity = seven << 1;
            key[i] = (byte)(withParity | (Integer.bitCount(withParity) % 2 == 0 ? 1 : 0));
        }
        try
        {
            final Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return des.doFinal(clear);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("DES unavailable: MS-CHAPv2 needs it (RFC 2759 §8.6)", ex);
        }
    }

    private static byte[] md4(final byte[] input)
    {
        final MD4Digest md4 = new MD4Digest();
        md4.update(input, 0, input.length);
        final byte[] out = new byte[16];
        md4.doFinal(out, 0);
        return out;
    }

    private static MessageDigest sha1()
    {
        try
        {
            return MessageDigest.getInstance("SHA-1");
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("the JDK always has SHA-1", ex);
        }
    }
}
