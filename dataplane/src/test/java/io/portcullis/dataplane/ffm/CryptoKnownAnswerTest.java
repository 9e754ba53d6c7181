package io.portcullis.dataplane.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;

import io.portcullis.dataplane.vectors.VectorFile;
import io.portcullis.dataplane.vectors.VectorFile.Vector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.portcullis.dataplane.ffm.CryptoOpLayout.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Published vectors through the shim's burst, the call the ESP nodes make: HMAC (RFC 2202,
 * RFC 4231, RFC 4868) as NULL-cipher ESP integrity, AES-CBC (RFC 3602) as cipher-only, and
 * AES-GCM (McGrew and Viega's GCM specification) with the 12-byte IV split into salt and ESP IV.
 */
class CryptoKnownAnswerTest
{
    private static IpsecMb ipsecMb;
    private static CryptoBurst burst;

    @BeforeAll
    static void open()
    {
        ipsecMb = IpsecMb.create();
        burst = new CryptoBurst(ipsecMb, 4);
    }

    @AfterAll
    static void close()
    {
        burst.close();
        ipsecMb.close();
    }

    static List<Vector> hmacSha1()
    {
        return VectorFile.load("rfc2202/hmac-sha1.txt");
    }

    static List<Vector> hmacSha256()
    {
        return VectorFile.load("rfc4231/hmac-sha256.txt");
    }

    static List<Vector> hmacSha256128()
    {
        return VectorFile.load("rfc4868/hmac-sha256-128.txt");
    }

    static List<Vector> aesCbc()
    {
        return VectorFile.load("rfc3602/aes-cbc.txt").stream().filter(v -> !v.has("esp-packet")).toList();
    }

    static List<Vector> gcm()
    {
        return VectorFile.load("gcm/gcm-spec.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hmacSha1")
    void rfc2202HmacSha1(final Vector v)
    {
        assertArrayEquals(v.bytes("mac"), hmac(PC_INTEG_HMAC_SHA1, v.bytes("key"), v.bytes("data"), v.bytes("mac").length));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hmacSha256")
    void rfc4231HmacSha256(final Vector v)
    {
        assertArrayEquals(v.bytes("mac"), hmac(PC_INTEG_HMAC_SHA256, v.bytes("key"), v.bytes("data"), v.bytes("mac").length));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hmacSha256128")
    void rfc4868HmacSha256128(final Vector v)
    {
        assertEquals(16, v.bytes("mac").length);
        assertArrayEquals(v.bytes("mac"), hmac(PC_INTEG_HMAC_SHA256, v.bytes("key"), v.bytes("data"), 16));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aesCbc")
    void rfc3602AesCbc(final Vector v)
    {
        final byte[] iv = v.bytes("iv");
        final byte[] plaintext = v.bytes("plaintext");
        final long sa = ipsecMb.createSa(PC_CIPHER_AES_CBC, v.bytes("key"), PC_INTEG_NONE, new byte[0], 0);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment buf = arena.allocate(iv.length + plaintext.length);
            MemorySegment.copy(iv, 0, buf, ValueLayout.JAVA_BYTE, 0, iv.length);
            MemorySegment.copy(plaintext, 0, buf, ValueLayout.JAVA_BYTE, iv.length, plaintext.length);
            final long at = buf.address();

            run(sa, PC_DIR_ENCRYPT, 0, at, at + iv.length, 0, plaintext.length);
            assertArrayEquals(v.bytes("ciphertext"), slice(buf, iv.length, plaintext.length));
            run(sa, PC_DIR_DECRYPT, 0, at, at + iv.length, 0, plaintext.length);
            assertArrayEquals(plaintext, slice(buf, iv.length, plaintext.length));
        }
        finally
        {
            ipsecMb.freeSa(sa);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gcm")
    void gcmSpecification(final Vector v)
    {
        final byte[] nonce = v.bytes("iv");
        final byte[] key = v.bytes("key");
        final byte[] aad = v.bytes("aad");
        final byte[] plaintext = v.bytes("plaintext");
        final byte[] tag = v.bytes("tag");
        // RFC 4106 §4: nonce = salt (end of the keying material) || the 8-byte IV in the packet.
        final byte[] keymat = Arrays.copyOf(key, key.length + 4);
        System.arraycopy(nonce, 0, keymat, key.length, 4);
        final long sa = ipsecMb.createSa(PC_CIPHER_AES_GCM, keymat, PC_INTEG_NONE, new byte[0], 16);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment buf = arena.allocate(8 + plaintext.length + 16);
            MemorySegment.copy(nonce, 4, buf, ValueLayout.JAVA_BYTE, 0, 8);
            MemorySegment.copy(plaintext, 0, buf, ValueLayout.JAVA_BYTE, 8, plaintext.length);
            final long at = buf.address();

            burst.reset();
            int op = burst.add(sa, PC_DIR_ENCRYPT, 0, at, at + 8, 0, plaintext.length);
            burst.opsBuffer().putBytes(burst.aadOffset(op), aad);
            burst.aadLength(op, aad.length);
            assertEquals(1, burst.run());
            assertArrayEquals(v.bytes("ciphertext"), slice(buf, 8, plaintext.length));
            assertArrayEquals(tag, slice(buf, 8 + plaintext.length, 16));

            burst.reset();
            op = burst.add(sa, PC_DIR_DECRYPT, 0, at, at + 8, 0, plaintext.length);
            burst.opsBuffer().putBytes(burst.aadOffset(op), aad);
            burst.aadLength(op, aad.length);
            assertEquals(1, burst.run());
            assertArrayEquals(plaintext, slice(buf, 8, plaintext.length));
        }
        finally
        {
            ipsecMb.freeSa(sa);
        }
    }

    /** HMAC over data as a NULL-cipher ESP packet would have it: the ICV lands right after the data. */
    private static byte[] hmac(final int integ, final byte[] key, final byte[] data, final int icvLength)
    {
        final long sa = ipsecMb.createSa(PC_CIPHER_NULL, new byte[0], integ, key, icvLength);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment buf = arena.allocate(data.length + icvLength);
            MemorySegment.copy(data, 0, buf, ValueLayout.JAVA_BYTE, 0, data.length);
            final long at = buf.address();
            run(sa, PC_DIR_ENCRYPT, at, at + data.length, at + data.length, data.length, 0);
            final byte[] icv = slice(buf, data.length, icvLength);

            // The same ICV must verify, and one changed data bit must not.
            run(sa, PC_DIR_DECRYPT, at, at + data.length, at + data.length, data.length, 0);
            if (data.length > 0)
            {
                buf.set(ValueLayout.JAVA_BYTE, 0, (byte)(buf.get(ValueLayout.JAVA_BYTE, 0) ^ 0x80));
                burst.reset();
                final int op = burst.add(sa, PC_DIR_DECRYPT, at, at + data.length, at + data.length, data.length, 0);
                burst.run();
                assertEquals(PC_STATUS_AUTH_FAILED, burst.status(op));
            }
            return icv;
        }
        finally
        {
            ipsecMb.freeSa(sa);
        }
    }

    private static void run(final long sa, final byte direction, final long authStart, final long iv,
        final long cipherStart, final int authLen, final int cipherLen)
    {
        burst.reset();
        final int op = burst.add(sa, direction, authStart, iv, cipherStart, authLen, cipherLen);
        burst.run();
        assertEquals(PC_STATUS_OK, burst.status(op));
    }

    private static byte[] slice(final MemorySegment buf, final long offset, final long length)
    {
        return buf.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
    }
}
