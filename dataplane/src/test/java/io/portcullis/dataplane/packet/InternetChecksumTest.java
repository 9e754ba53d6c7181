package io.portcullis.dataplane.packet;

import java.util.HexFormat;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InternetChecksumTest
{
    @Test
    void ipv4HeaderChecksumOfAKnownHeader()
    {
        // A widely published example header (192.168.0.1 -> 192.168.0.199, UDP) with checksum 0xb861.
        final byte[] header = HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");
        final UnsafeBuffer buf = new UnsafeBuffer(header);
        Ipv4.updateChecksum(buf, 0, 20);
        assertEquals(0xb861, buf.getShort(10, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF);
        assertEquals(true, Ipv4.checksumValid(buf, 0, 20));
    }

    /** The 20-byte fast path of the header check agrees with the RFC 1071 byte loop, right or wrong. */
    @Test
    void headerCheckOfTwentyByteHeadersAgreesWithTheByteLoop()
    {
        final Random random = new Random(791);
        final byte[] header = new byte[24];
        for (int round = 0; round < 4000; round++)
        {
            random.nextBytes(header);
            final int offset = random.nextInt(4);
            final UnsafeBuffer buf = new UnsafeBuffer(header);
            if (round % 2 == 0)
            {
                Ipv4.updateChecksum(buf, offset, 20);
                if (round % 4 == 0)
                {
                    header[offset + random.nextInt(20)] ^= (byte)(1 << random.nextInt(8));  // one bit off
                }
            }
            assertEquals(reference(header, offset, 20) == 0, Ipv4.checksumValid(buf, offset, 20), "round " + round);
        }
    }

    @Test
    void wordWiseSumEqualsTheRfc1071ByteLoopForEveryLengthAndAlignment()
    {
        final Random random = new Random(1071);
        final byte[] bytes = new byte[1600];
        for (int round = 0; round < 4000; round++)
        {
            random.nextBytes(bytes);
            final int offset = random.nextInt(8);
            final int length = random.nextInt(bytes.length - offset);
            final UnsafeBuffer buf = new UnsafeBuffer(bytes);
            assertEquals(reference(bytes, offset, length),
                InternetChecksum.fold(InternetChecksum.sum(buf, offset, length, 0)), "length " + length);
        }
    }

    /** Packet memory is off-heap: from {@link InternetChecksum#NATIVE_FROM} bytes on, the native loop sums it. */
    @Test
    void nativeSumOfPacketMemoryEqualsTheRfc1071ByteLoop()
    {
        final Random random = new Random(1072);
        final byte[] bytes = new byte[2100];
        final UnsafeBuffer offHeap = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(bytes.length));
        for (int round = 0; round < 4000; round++)
        {
            random.nextBytes(bytes);
            if (round % 7 == 0)
            {
                java.util.Arrays.fill(bytes, (byte)0xFF);  // the largest sums: every carry taken
            }
            offHeap.putBytes(0, bytes);
            final int offset = random.nextInt(8);
            final int length = round < 100 ? InternetChecksum.NATIVE_FROM - 50 + round : random.nextInt(2000);
            assertEquals(reference(bytes, offset, length),
                InternetChecksum.fold(InternetChecksum.sum(offHeap, offset, length, 0)), "length " + length);
            assertEquals(InternetChecksum.fold(InternetChecksum.javaSum(offHeap, offset, length, 0x1234_5678L)),
                InternetChecksum.fold(InternetChecksum.sum(offHeap, offset, length, 0x1234_5678L)), "length " + length);
        }
    }

    /** The native loop's 32-bit lanes must not overflow on the longest datagram of all-ones bytes. */
    @Test
    void nativeSumOfTheLongestDatagram()
    {
        final byte[] bytes = new byte[0xFFFF];
        final UnsafeBuffer offHeap = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(bytes.length));
        final Random random = new Random(768);
        for (int round = 0; round < 3; round++)
        {
            if (round == 0)
            {
                java.util.Arrays.fill(bytes, (byte)0xFF);
            }
            else
            {
                random.nextBytes(bytes);
            }
            offHeap.putBytes(0, bytes);
            assertEquals(reference(bytes, 0, bytes.length),
                InternetChecksum.fold(InternetChecksum.sum(offHeap, 0, bytes.length, 0)), "round " + round);
        }
    }

    @Test
    void rfc1071NumericalExample()
    {
        // RFC 1071 §3: the bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2 (one's complement, folded).
        final UnsafeBuffer buf = new UnsafeBuffer(HexFormat.of().parseHex("0001f203f4f5f6f7"));
        assertEquals(0xddf2, ~InternetChecksum.fold(InternetChecksum.sum(buf, 0, 8, 0)) & 0xFFFF);
        // and the same bytes starting at an odd address of a larger buffer
        final UnsafeBuffer odd = new UnsafeBuffer(HexFormat.of().parseHex("ff0001f203f4f5f6f7ff"));
        assertEquals(0xddf2, ~InternetChecksum.fold(InternetChecksum.sum(odd, 1, 8, 0)) & 0xFFFF);
    }

    @Test
    void incrementalUpdateEqualsRecomputation()
    {
        final Random random = new Random(1624);
        final byte[] bytes = new byte[40];
        for (int round = 0; round < 1000; round++)
        {
            random.nextBytes(bytes);
            final UnsafeBuffer buf = new UnsafeBuffer(bytes);
            final int before = InternetChecksum.fold(InternetChecksum.sum(buf, 0, 40, 0));
            final int oldValue = buf.getInt(12, java.nio.ByteOrder.BIG_ENDIAN);
            final int newValue = random.nextInt();
            buf.putInt(12, newValue, java.nio.ByteOrder.BIG_ENDIAN);
            final int after = InternetChecksum.fold(InternetChecksum.sum(buf, 0, 40, 0));
            // One's complement has two zeros: compare as sums modulo 0xFFFF.
            assertEquals(after % 0xFFFF, InternetChecksum.update32(before, oldValue, newValue) % 0xFFFF);
        }
    }

    @Test
    void twoWordUpdateEqualsRecomputation()
    {
        final Random random = new Random(1141);
        final byte[] bytes = new byte[20];
        for (int round = 0; round < 10_000; round++)
        {
            random.nextBytes(bytes);
            final UnsafeBuffer buf = new UnsafeBuffer(bytes);
            final int before = InternetChecksum.fold(InternetChecksum.sum(buf, 0, 20, 0));
            final int old1 = buf.getShort(2, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int old2 = buf.getShort(8, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF;
            // the extremes as well as random words: all ones and zero are where folds go wrong
            final int new1 = round % 3 == 0 ? 0xFFFF : round % 3 == 1 ? 0 : random.nextInt(0x10000);
            final int new2 = random.nextInt(0x10000);
            buf.putShort(2, (short)new1, java.nio.ByteOrder.BIG_ENDIAN);
            buf.putShort(8, (short)new2, java.nio.ByteOrder.BIG_ENDIAN);
            final int after = InternetChecksum.fold(InternetChecksum.sum(buf, 0, 20, 0));
            final int updated = InternetChecksum.update16x2(before, old1, new1, old2, new2);
            assertEquals(after % 0xFFFF, updated % 0xFFFF, "round " + round);
        }
    }

    @Test
    void foldOfFewWordsEqualsTheGeneralFoldUpToItsLimit()
    {
        final Random random = new Random(1071);
        for (int round = 0; round < 100_000; round++)
        {
            final int words = 1 + random.nextInt(InternetChecksum.FOLD_WORDS_MAX);
            int sum = 0;
            for (int k = 0; k < words; k++)
            {
                sum += round % 5 == 0 ? 0xFFFF : random.nextInt(0x10000);  // every fifth: the largest sums
            }
            assertEquals(InternetChecksum.fold(sum), InternetChecksum.foldWords(sum), "sum " + sum);
        }
        assertEquals(InternetChecksum.fold(16 * 0xFFFF), InternetChecksum.foldWords(16 * 0xFFFF));
        assertEquals(InternetChecksum.fold(0x1FFFE), InternetChecksum.foldWords(0x1FFFE));
    }

    /** RFC 1071 §4.1, byte by byte. */
    private static int reference(final byte[] bytes, final int offset, final int length)
    {
        long sum = 0;
        for (int i = 0; i < length; i += 2)
        {
            final int hi = bytes[offset + i] & 0xFF;
            final int lo = i + 1 < length ? bytes[offset + i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)(~sum & 0xFFFF);
    }
}
