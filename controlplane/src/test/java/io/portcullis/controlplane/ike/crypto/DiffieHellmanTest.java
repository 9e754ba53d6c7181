package io.portcullis.controlplane.ike.crypto;

import static io.portcullis.controlplane.ike.crypto.KeyDerivationTest.kat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Diffie-Hellman against Python's pow() and OpenSSL (vectors/ike-crypto/kat.py, modp-primes.py). */
class DiffieHellmanTest
{
    @ParameterizedTest
    @ValueSource(strings = {"modp1024", "modp2048", "ecp256", "ecp384", "curve25519"})
    void agreesWithTheReference(final String name)
    {
        final DiffieHellmanGroup group = switch (name)
        {
            case "modp1024" -> DiffieHellmanGroup.MODP_1024;
            case "modp2048" -> DiffieHellmanGroup.MODP_2048;
            case "ecp256" -> DiffieHellmanGroup.ECP_256;
            case "ecp384" -> DiffieHellmanGroup.ECP_384;
            default -> DiffieHellmanGroup.CURVE_25519;
        };
        final DiffieHellman i = group.withPrivateKey(kat(name + ".i"));
        final DiffieHellman r = group.withPrivateKey(kat(name + ".r"));
        assertArrayEquals(kat(name + ".gi"), i.publicValue());
        assertArrayEquals(kat(name + ".gr"), r.publicValue());
        assertArrayEquals(kat(name + ".gir"), i.sharedSecret(kat(name + ".gr")));
        assertArrayEquals(kat(name + ".gir"), r.sharedSecret(kat(name + ".gi")));
    }

    @ParameterizedTest
    @EnumSource(DiffieHellmanGroup.class)
    void freshKeysAgree(final DiffieHellmanGroup group)
    {
        final DiffieHellman a = group.generate();
        final DiffieHellman b = group.generate();
        assertArrayEquals(a.sharedSecret(b.publicValue()), b.sharedSecret(a.publicValue()));
    }

    @Test
    void modpPrimesFollowRfc3526sFormula() throws IOException
    {
        try (InputStream in = getClass().getResourceAsStream("/vectors/ike-crypto/modp-primes.txt"))
        {
            final String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            for (final String line : text.split("\n"))
            {
                final String[] parts = line.split(" ");
                final DiffieHellmanGroup group = switch (parts[0])
                {
                    case "1024" -> DiffieHellmanGroup.MODP_1024;
                    case "1536" -> DiffieHellmanGroup.MODP_1536;
                    case "2048" -> DiffieHellmanGroup.MODP_2048;
                    case "3072" -> DiffieHellmanGroup.MODP_3072;
                    case "4096" -> DiffieHellmanGroup.MODP_4096;
                    default -> null;
                };
                if (group != null)
                {
                    assertEquals(new BigInteger(parts[1], 16), group.prime(), parts[0]);
                }
            }
        }
    }

    @Test
    void modpRefusesDegeneratePublicValues()
    {
        final DiffieHellman dh = DiffieHellmanGroup.MODP_1024.generate();
        final byte[] one = new byte[128];
        one[127] = 1;
        assertNull(dh.sharedSecret(one));
        final byte[] pMinusOne = DiffieHellmanGroup.MODP_1024.prime().subtract(BigInteger.ONE).toByteArray();
        assertNull(dh.sharedSecret(Arrays.copyOfRange(pMinusOne, pMinusOne.length - 128, pMinusOne.length)));
        assertNull(dh.sharedSecret(new byte[127]), "RFC 2409 §5: the value is padded to the group's length");
    }

    @Test
    void ecpRefusesAPointOffTheCurve()
    {
        final byte[] point = kat("ecp256.gr").clone();
        point[63] ^= 1;
        assertNull(DiffieHellmanGroup.ECP_256.generate().sharedSecret(point));
    }

    @Test
    void curve25519RefusesASmallOrderPoint()
    {
        assertNull(DiffieHellmanGroup.CURVE_25519.generate().sharedSecret(new byte[32]), "RFC 8031 §2.3");
    }
}
