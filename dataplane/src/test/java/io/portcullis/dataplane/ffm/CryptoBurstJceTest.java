package io.portcullis.dataplane.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.portcullis.dataplane.ffm.CryptoOpLayout.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The shim's burst against the JDK's own AES, DESede and HMAC on random keys and lengths,
 * the way ESP lays out a packet: header, IV, ciphertext, ICV.
 */
class CryptoBurstJceTest
{
    private static IpsecMb ipsecMb;

    @BeforeAll
    static void open()
    {
        ipsecMb = IpsecMb.create();
    }

    @AfterAll
    static void close()
    {
        ipsecMb.close();
    }

    @ParameterizedTest(name = "{0}/{1} key {2} auth {3} icv {4}")
    @CsvSource({
        "AES_CBC, HMAC_SHA1, 16, 20, 12",
        "AES_CBC, HMAC_SHA1, 32, 20, 12",
        "AES_CBC, HMAC_SHA256, 16, 32, 16",
        "AES_CBC, HMAC_SHA256, 32, 32, 16",
        "AES_CBC, HMAC_SHA256, 32, 32, 12",
        "DES3_CBC, HMAC_SHA1, 24, 20, 12",
        "AES_GCM, NONE, 20, 0, 16",
        "AES_GCM, NONE, 36, 0, 16",
    })
    void matchesJce(final String cipher, final String integ, final int keyLen, final int authKeyLen, final int icvLen)
        throws Exception
    {
        final Random random = new Random(keyLen * 31L + icvLen);
        final byte[] key = bytes(random, keyLen);
        final byte[] authKey = bytes(random, authKeyLen);
        final int cipherId = switch (cipher)
        {
            case "AES_CBC" -> PC_CIPHER_AES_CBC;
            case "DES3_CBC" -> PC_CIPHER_DES3_CBC;
            default -> PC_CIPHER_AES_GCM;
        };
        final int integId = switch (integ)
        {
            case "HMAC_SHA1" -> PC_INTEG_HMAC_SHA1;
            case "HMAC_SHA256" -> PC_INTEG_HMAC_SHA256;
            default -> PC_INTEG_NONE;
        };
        final int ivLen = cipherId == PC_CIPHER_AES_CBC ? 16 : 8;
        final int block = cipherId == PC_CIPHER_AES_GCM ? 4 : ivLen;
        final long sa = ipsecMb.createSa(cipherId, key, integId, authKey, icvLen);
        try (Arena arena = Arena.ofConfined(); CryptoBurst burst = new CryptoBurst(ipsecMb, 8))
        {
            for (final int blocks : new int[] {1, 3, 88})
            {
                final int cipherLen = blocks * block;
                final MemorySegment packet = arena.allocate(8 + ivLen + cipherLen + icvLen);
                final byte[] header = bytes(random, 8);
                final byte[] iv = bytes(random, ivLen);
                final byte[] plain = bytes(random, cipherLen);
                MemorySegment.copy(header, 0, packet, ValueLayout.JAVA_BYTE, 0, 8);
                MemorySegment.copy(iv, 0, packet, ValueLayout.JAVA_BYTE, 8, ivLen);
                MemorySegment.copy(plain, 0, packet, ValueLayout.JAVA_BYTE, 8 + ivLen, cipherLen);
                final long base = packet.address();

                burst.reset();
                final int op = burst.add(sa, PC_DIR_ENCRYPT, base, base + 8, base + 8 + ivLen, 8 + ivLen + cipherLen,
                    cipherLen);
                if (cipherId == PC_CIPHER_AES_GCM)
                {
                    burst.opsBuffer().putBytes(burst.aadOffset(op), header);
                    burst.aadLength(op, 8);
                }
                assertEquals(1, burst.run());
                final byte[] wire = packet.toArray(ValueLayout.JAVA_BYTE);

                final byte[] expected = jceProtect(cipherId, key, integId, authKey, icvLen, header, iv, plain);
                assertArrayEquals(expected, Arrays.copyOfRange(wire, 8 + ivLen, wire.length),
                    "ciphertext and ICV of " + cipherLen + " bytes");

                burst.reset();
                final int back = burst.add(sa, PC_DIR_DECRYPT, base, base + 8, base + 8 + ivLen, 8 + ivLen + cipherLen,
                    cipherLen);
                if (cipherId == PC_CIPHER_AES_GCM)
                {
                    burst.opsBuffer().putBytes(burst.aadOffset(back), header);
                    burst.aadLength(back, 8);
                }
                assertEquals(1, burst.run());
                assertArrayEquals(plain, packet.asSlice(8 + ivLen, cipherLen).toArray(ValueLayout.JAVA_BYTE));

                // One flipped ciphertext bit must fail the ICV.
                packet.set(ValueLayout.JAVA_BYTE, 8 + ivLen, (byte)(packet.get(ValueLayout.JAVA_BYTE, 8 + ivLen) ^ 1));
                burst.reset();
                final int bad = burst.add(sa, PC_DIR_DECRYPT, base, base + 8, base + 8 + ivLen, 8 + ivLen + cipherLen,
                    cipherLen);
                if (cipherId == PC_CIPHER_AES_GCM)
                {
                    burst.opsBuffer().putBytes(burst.aadOffset(bad), header);
                    burst.aadLength(bad, 8);
                }
                assertEquals(0, burst.run());
                assertEquals(PC_STATUS_AUTH_FAILED, burst.status(bad));
            }
        }
        finally
        {
            ipsecMb.freeSa(sa);
        }
    }

    /**
     * PC_OP_FILL_CHECKSUM: a UDP datagram of odd and even lengths, its checksum field holding a
     * pseudo-header sum, encrypted with the fill asked for; decrypted again, the field makes the
     * datagram verify against that pseudo-header sum by RFC 1071 computed here, and every other
     * byte is as it was.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"AES_GCM", "AES_CBC"})
    void completesAUdpChecksumBeforeEncrypting(final String cipher)
    {
        final boolean gcm = cipher.equals("AES_GCM");
        final Random random = new Random(cipher.hashCode());
        final long sa = ipsecMb.createSa(gcm ? PC_CIPHER_AES_GCM : PC_CIPHER_AES_CBC, bytes(random, gcm ? 20 : 16),
            gcm ? PC_INTEG_NONE : PC_INTEG_HMAC_SHA1, bytes(random, gcm ? 0 : 20), gcm ? 16 : 12);
        final int ivLen = gcm ? 8 : 16;
        final int block = gcm ? 4 : 16;
        final int icvLen = gcm ? 16 : 12;
        try (Arena arena = Arena.ofConfined(); CryptoBurst burst = new CryptoBurst(ipsecMb, 2))
        {
            for (final int datagram : new int[] {8, 9, 65, 1401})
            {
                final int padded = (datagram + 2 + block - 1) / block * block;
                final int pad = padded - datagram - 2;
                final byte[] plain = bytes(random, padded);
                for (int k = 0; k < pad; k++)
                {
                    plain[datagram + k] = (byte)(k + 1);
                }
                plain[padded - 2] = (byte)pad;
                plain[padded - 1] = 17;
                final int pseudoHeader = random.nextInt(0x10000);
                plain[6] = (byte)(pseudoHeader >>> 8);
                plain[7] = (byte)pseudoHeader;
                final byte[] header = bytes(random, 8);
                final MemorySegment packet = arena.allocate(8 + ivLen + padded + icvLen);
                MemorySegment.copy(header, 0, packet, ValueLayout.JAVA_BYTE, 0, 8);
                MemorySegment.copy(plain, 0, packet, ValueLayout.JAVA_BYTE, 8 + ivLen, padded);
                final long base = packet.address();
                for (final byte direction : new byte[] {PC_DIR_ENCRYPT, PC_DIR_DECRYPT})
                {
                    burst.reset();
                    final int op = burst.add(sa, direction, base, base + 8, base + 8 + ivLen, 8 + ivLen + padded,
                        padded);
                    if (gcm)
                    {
                        burst.opsBuffer().putBytes(burst.aadOffset(op), header);
                        burst.aadLength(op, 8);
                    }
                    if (direction == PC_DIR_ENCRYPT)
                    {
                        burst.fillChecksum(op, 0, 6);
                    }
                    assertEquals(1, burst.run());
                }
                final byte[] out = packet.asSlice(8 + ivLen, padded).toArray(ValueLayout.JAVA_BYTE);
                assertEquals(0xFFFF, rfc1071Sum(out, datagram, pseudoHeader), datagram + "-byte datagram verifies");
                out[6] = plain[6];
                out[7] = plain[7];
                assertArrayEquals(plain, out, "nothing but the checksum field changed");
            }
        }
        finally
        {
            ipsecMb.freeSa(sa);
        }
    }

    /**
     * RFC 1071 §4.1 as written: big-endian 16-bit words, an odd last byte padded with zero,
     * carries folded back in; not complemented.
     */
    private static int rfc1071Sum(final byte[] data, final int length, final int initial)
    {
        long sum = initial;
        for (int i = 0; i < length; i += 2)
        {
            sum += (data[i] & 0xFF) << 8 | (i + 1 < length ? data[i + 1] & 0xFF : 0);
        }
        while (sum >>> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)sum;
    }

    private static byte[] jceProtect(
        final int cipherId, final byte[] key, final int integId, final byte[] authKey, final int icvLen,
        final byte[] header, final byte[] iv, final byte[] plain) throws Exception
    {
        if (cipherId == PC_CIPHER_AES_GCM)
        {
            final Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            final byte[] nonce = new byte[12];
            System.arraycopy(key, key.length - 4, nonce, 0, 4);
            System.arraycopy(iv, 0, nonce, 4, 8);
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, 0, key.length - 4, "AES"),
                new GCMParameterSpec(icvLen * 8, nonce));
            gcm.updateAAD(header);
            return gcm.doFinal(plain);
        }
        final Cipher cbc = cipherId == PC_CIPHER_AES_CBC ?
            Cipher.getInstance("AES/CBC/NoPadding") : Cipher.getInstance("DESede/CBC/NoPadding");
        cbc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, cipherId == PC_CIPHER_AES_CBC ? "AES" : "DESede"),
            new IvParameterSpec(iv));
        final byte[] ciphertext = cbc.doFinal(plain);
        final Mac mac = Mac.getInstance(integId == PC_INTEG_HMAC_SHA1 ? "HmacSHA1" : "HmacSHA256");
        mac.init(new SecretKeySpec(authKey, mac.getAlgorithm()));
        mac.update(header);
        mac.update(iv);
        mac.update(ciphertext);
        final byte[] icv = Arrays.copyOf(mac.doFinal(), icvLen);
        final byte[] out = Arrays.copyOf(ciphertext, ciphertext.length + icvLen);
        System.arraycopy(icv, 0, out, ciphertext.length, icvLen);
        return out;
    }

    private static byte[] bytes(final Random random, final int length)
    {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
