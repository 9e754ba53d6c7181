package io.portcullis.controlplane.aaa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.portcullis.controlplane.ppp.MsChapV2;

/**
 * A user of {@code set vpn l2tp remote-access authentication local-users username X password Y}
 * (and optional {@code static-ip}).
 *
 * <p>How the password is kept is a trade-off the PPP methods force on us:
 * <ul>
 *   <li>CHAP-MD5 (RFC 1994) and EAP-MD5 need the cleartext: the authenticator must compute
 *       MD5(id + secret + challenge) itself.</li>
 *   <li>MS-CHAPv2 (RFC 2759) needs only the NT hash, MD4(UTF-16LE(password)) — but that hash is
 *       a password equivalent for MS-CHAPv2: whoever holds it can log in.</li>
 *   <li>PAP needs either: the presented password is compared (hashed, in constant time).</li>
 * </ul>
 * So a user given a cleartext password works with every method; a user given only an NT hash
 * ({@code nt-hash} in the configuration) works with PAP and MS-CHAPv2 but not CHAP-MD5/EAP-MD5,
 * and the configuration file then holds no cleartext. Neither value is ever logged or put in an
 * event; {@link #toString()} omits both.
 */
public final class LocalUser
{
    private final String name;
    private final byte[] cleartext;
    private final byte[] ntHash;
    private final int staticAddress;

    private LocalUser(final String name, final byte[] cleartext, final byte[] ntHash, final int staticAddress)
    {
        if (name == null || name.isEmpty())
        {
            throw new IllegalArgumentException("a local user needs a name");
        }
        this.name = name;
        this.cleartext = cleartext;
        this.ntHash = ntHash;
        this.staticAddress = staticAddress;
    }

    /** A user with a cleartext password: every method works. {@code staticAddress} 0: from the pool. */
    public static LocalUser withPassword(final String name, final String password, final int staticAddress)
    {
        return new LocalUser(name, password.getBytes(StandardCharsets.UTF_8), MsChapV2.ntPasswordHash(password),
            staticAddress);
    }

    /** A user known only by the NT hash of the password: PAP and MS-CHAPv2, not CHAP-MD5 or EAP-MD5. */
    public static LocalUser withNtHash(final String name, final byte[] ntHash, final int staticAddress)
    {
        if (ntHash.length != 16)
        {
            throw new IllegalArgumentException("an NT hash has 16 octets (RFC 2759 §8.3)");
        }
        return new LocalUser(name, null, ntHash.clone(), staticAddress);
    }

    public String name()
    {
        return name;
    }

    /** The cleartext secret for CHAP-MD5 and EAP-MD5, or null if only the NT hash is kept. */
    public byte[] cleartext()
    {
        return cleartext == null ? null : cleartext.clone();
    }

    public byte[] ntHash()
    {
        return ntHash.clone();
    }

    /** PAP (RFC 1334): the presented password against what we keep, in constant time. */
    public boolean passwordMatches(final byte[] presented)
    {
        if (cleartext != null)
        {
            return MessageDigest.isEqual(cleartext, presented);
        }
        return MessageDigest.isEqual(ntHash,
            MsChapV2.ntPasswordHash(new String(presented, StandardCharsets.UTF_8)));
    }

    /** The address this user always gets, 0 if it takes one from the pool. */
    public int staticAddress()
    {
        return staticAddress;
    }

    @Override
    public String toString()
    {
        return "LocalUser[" + name + (cleartext == null ? ", nt-hash only" : "") + "]";
    }
}
