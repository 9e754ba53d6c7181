package io.portcullis.controlplane.ike.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Known answers for SKEYID, SKEYID_d/_a/_e, Appendix B key expansion, HASH_I/HASH_R, Quick Mode
 * hashes, KEYMAT with and without PFS, and phase-1/phase-2 IV chaining, computed independently by
 * vectors/ike-crypto/kat.py (Python hmac/hashlib and OpenSSL through 'cryptography').
 */
class KeyDerivationTest
{
    static final Map<String, byte[]> KAT = load();

    static Map<String, byte[]> load()
    {
        try (InputStream in = KeyDerivationTest.class.getResourceAsStream("/vectors/ike-crypto/kat.properties"))
        {
            final Properties properties = new Properties();
            properties.load(in);
            return properties.stringPropertyNames().stream().collect(Collectors.toMap(k -> k,
                k -> HexFormat.of().parseHex(properties.getProperty(k))));
        }
        catch (final IOException e)
        {
            throw new IllegalStateException(e);
        }
    }

    static byte[] kat(final String key)
    {
        final byte[] value = KAT.get(key);
        if (value == null)
        {
            throw new IllegalArgumentException("no known answer " + key);
        }
        return value;
    }

    private static String prefix(final IkeHash hash)
    {
        return switch (hash)
        {
            case MD5 -> "md5";
            case SHA1 -> "sha1";
            case SHA2_256 -> "sha256";
            case SHA2_384 -> "sha384";
            case SHA2_512 -> "sha512";
        };
    }

    private static long cookie(final String key)
    {
        return ByteBuffer.wrap(kat(key)).getLong();
    }

    @ParameterizedTest
    @EnumSource(IkeHash.class)
    void phase1KeysMatchTheReference(final IkeHash hash)
    {
        final String h = prefix(hash);
        final byte[] skeyid = KeyDerivation.skeyidPreSharedKey(hash, kat("psk"), kat("ni"), kat("nr"));
        assertArrayEquals(kat(h + ".skeyid"), skeyid);
        assertArrayEquals(kat(h + ".skeyidSig"), KeyDerivation.skeyidSignature(hash, kat("ni"), kat("nr"),
            kat("modp2048.gir")));
        final Phase1Keys keys = KeyDerivation.phase1(hash, skeyid, kat("modp2048.gir"), cookie("ckyI"), cookie("ckyR"), 32);
        assertArrayEquals(kat(h + ".skeyidD"), keys.skeyidD());
        assertArrayEquals(kat(h + ".skeyidA"), keys.skeyidA());
        assertArrayEquals(kat(h + ".skeyidE"), keys.skeyidE());
        assertArrayEquals(kat(h + ".aes256Key"), keys.cipherKey(), "Appendix B expansion where SKEYID_e is short");
        assertArrayEquals(kat(h + ".des3Key"), KeyDerivation.cipherKey(hash, keys.skeyidE(), 24));
    }

    @ParameterizedTest
    @EnumSource(IkeHash.class)
    void exchangeHashesMatchTheReference(final IkeHash hash)
    {
        final String h = prefix(hash);
        final byte[] skeyid = kat(h + ".skeyid");
        assertArrayEquals(kat(h + ".hashI"), ExchangeHashes.hashI(hash, skeyid, kat("modp2048.gi"), kat("modp2048.gr"),
            cookie("ckyI"), cookie("ckyR"), kat("saiB"), kat("idiiB")));
        assertArrayEquals(kat(h + ".hashR"), ExchangeHashes.hashR(hash, skeyid, kat("modp2048.gi"), kat("modp2048.gr"),
            cookie("ckyI"), cookie("ckyR"), kat("saiB"), kat("idirB")));
        final int messageId = ByteBuffer.wrap(kat("messageId")).getInt();
        final byte[] after = HexFormat.of().parseHex("0a00000c0000000100000001");
        final byte[] a = kat(h + ".skeyidA");
        assertArrayEquals(kat(h + ".qmHash1"), ExchangeHashes.quickModeHash1(hash, a, messageId, after));
        assertArrayEquals(kat(h + ".qmHash2"), ExchangeHashes.quickModeHash2(hash, a, messageId, kat("ni"), after));
        assertArrayEquals(kat(h + ".qmHash3"), ExchangeHashes.quickModeHash3(hash, a, messageId, kat("ni"), kat("nr")));
    }

    @ParameterizedTest
    @EnumSource(IkeHash.class)
    void keymatMatchesTheReferenceWithExpansion(final IkeHash hash)
    {
        final String h = prefix(hash);
        final byte[] d = kat(h + ".skeyidD");
        assertArrayEquals(kat(h + ".keymat"), KeyDerivation.keymat(hash, d, null, 3, 0xc0ffee01, kat("ni"), kat("nr"), 72));
        assertArrayEquals(kat(h + ".keymatPfs"), KeyDerivation.keymat(hash, d, kat("modp1024.gir"), 3, 0xc0ffee01,
            kat("ni"), kat("nr"), 72));
    }

    @ParameterizedTest
    @EnumSource(IkeHash.class)
    void ivChainsAsTheReference(final IkeHash hash)
    {
        final String h = prefix(hash);
        final IvChain chain = IvChain.phase1(hash, IkeCipher.AES_CBC, kat("modp2048.gi"), kat("modp2048.gr"));
        assertArrayEquals(kat(h + ".iv0"), chain.iv());
        final byte[] ciphertext = chain.encrypt(kat(h + ".aes256Key"), kat("plaintext"));
        assertArrayEquals(kat(h + ".ciphertext"), ciphertext);
        assertArrayEquals(kat(h + ".iv1"), chain.iv());
        final IvChain phase2 = IvChain.exchange(hash, IkeCipher.AES_CBC, chain.iv(),
            ByteBuffer.wrap(kat("messageId")).getInt());
        assertArrayEquals(kat(h + ".ivPhase2"), phase2.iv());

        final IvChain peer = IvChain.phase1(hash, IkeCipher.AES_CBC, kat("modp2048.gi"), kat("modp2048.gr"));
        final byte[] plain = peer.decrypt(kat(h + ".aes256Key"), ciphertext);
        assertEquals(48, plain.length);
        assertArrayEquals(kat("plaintext"), java.util.Arrays.copyOf(plain, 37));
        assertArrayEquals(chain.iv(), peer.iv());
    }
}
