package io.portcullis.dataplane.ip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.ip.Ipv4Packets.ipChecksumValid;
import static io.portcullis.dataplane.ip.Ipv4Packets.ipv4;
import static io.portcullis.dataplane.ip.Ipv4Packets.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 791 fragmentation: sizes, offsets, flags, options, checksums, and the data put back together. */
class Ipv4FragmenterTest
{
    /** Fragments {@code packet} to {@code mtu} with the kernel, as a caller would; returns the fragments. */
    static List<byte[]> fragment(final byte[] packet, final int mtu)
    {
        final int headroom = 64;
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[headroom + packet.length]);
        buf.putBytes(headroom, packet);
        final int count = Ipv4Fragmenter.fragmentCount(buf, headroom, packet.length, mtu);
        final List<byte[]> fragments = new ArrayList<>();
        if (count < 1)
        {
            return fragments;
        }
        final byte[][] later = new byte[count][];
        for (int k = 1; k < count; k++)
        {
            final UnsafeBuffer dst = new UnsafeBuffer(new byte[16 + mtu]);
            final int length = Ipv4Fragmenter.writeFragment(buf, headroom, packet.length, mtu, k, dst, 16);
            later[k] = Arrays.copyOfRange(dst.byteArray(), 16, 16 + length);
        }
        final int firstLength = count == 1 ? packet.length :
            Ipv4Fragmenter.truncateToFirst(buf, headroom, packet.length, mtu);
        fragments.add(Arrays.copyOfRange(buf.byteArray(), headroom, headroom + firstLength));
        for (int k = 1; k < count; k++)
        {
            fragments.add(later[k]);
        }
        return fragments;
    }

    private static byte[] payload(final int length)
    {
        final byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)(i * 7 + i / 251);
        }
        return data;
    }

    @Test
    void splitsIntoEightByteMultiplesWithMoreFragmentsOnAllButTheLast()
    {
        final byte[] packet = ipv4("10.0.0.1", "192.0.2.1", 17, 64, 0, 0xBEEF, new byte[0], payload(1480));
        final List<byte[]> fragments = fragment(packet, 576);
        assertEquals(3, fragments.size());
        // 576 - 20 = 556 -> 552 data bytes a fragment: 552, 552, 376.
        assertEquals(572, fragments.get(0).length);
        assertEquals(572, fragments.get(1).length);
        assertEquals(396, fragments.get(2).length);
        assertEquals(0x2000, u16(fragments.get(0), 6));
        assertEquals(0x2000 | 69, u16(fragments.get(1), 6));
        assertEquals(138, u16(fragments.get(2), 6));
        for (final byte[] f : fragments)
        {
            assertEquals(f.length, u16(f, 2));
            assertEquals(0xBEEF, u16(f, 4));
            assertTrue(ipChecksumValid(f));
        }
        assertArrayEquals(packet, reassemble(fragments));
    }

    @Test
    void aPacketThatFitsIsOneFragment()
    {
        final byte[] packet = ipv4("10.0.0.1", "192.0.2.1", 17, payload(100));
        assertEquals(1, Ipv4Fragmenter.fragmentCount(new UnsafeBuffer(packet), 0, packet.length, 120));
    }

    @Test
    void dontFragmentIsRefused()
    {
        final byte[] packet = ipv4("10.0.0.1", "192.0.2.1", 17, 64, 0x4000, 1, new byte[0], payload(1000));
        assertEquals(Ipv4Fragmenter.DONT_FRAGMENT,
            Ipv4Fragmenter.fragmentCount(new UnsafeBuffer(packet), 0, packet.length, 576));
    }

    @Test
    void anMtuBelowSixtyEightIsRefused()
    {
        final byte[] packet = ipv4("10.0.0.1", "192.0.2.1", 17, payload(100));
        assertEquals(0, Ipv4Fragmenter.fragmentCount(new UnsafeBuffer(packet), 0, packet.length, 67));
    }

    @Test
    void onlyCopiedOptionsGoIntoLaterFragments()
    {
        // Record route (7, not copied), a NOP, then a copied option (security, 130, 11 bytes).
        final byte[] options = {7, 7, 4, 0, 0, 0, 0, 1, (byte)130, 11, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        final byte[] packet = ipv4("10.0.0.1", "192.0.2.1", 17, 64, 0, 7, options, payload(300));
        final List<byte[]> fragments = fragment(packet, 200);
        assertEquals(0x45 + 5, fragments.get(0)[0]);  // 40-byte header kept whole
        for (int k = 1; k < fragments.size(); k++)
        {
            final byte[] f = fragments.get(k);
            assertEquals(0x48, f[0]);  // 20 + 11 copied, padded to 32
            assertArrayEquals(Arrays.copyOfRange(options, 8, 19), Arrays.copyOfRange(f, 20, 31));
            assertEquals(0, f[31]);
            assertTrue(ipChecksumValid(f));
            assertTrue(f.length <= 200);
        }
        assertArrayEquals(packet, reassemble(fragments));
    }

    @Test
    void aFragmentIsSplitAgainKeepingItsOffsetAndMoreFlag()
    {
        final byte[] packet = ipv4("10.0.0.1", "192.0.2.1", 17, 64, 0, 9, new byte[0], payload(2000));
        final List<byte[]> first = fragment(packet, 1500);
        final List<byte[]> all = new ArrayList<>();
        for (final byte[] f : first)
        {
            all.addAll(fragment(f, 576));
        }
        assertEquals(4, all.size());  // 1480 -> 552 + 552 + 376; 520 fits
        assertEquals(0, u16(all.get(all.size() - 1), 6) & 0x2000);
        for (int k = 0; k < all.size() - 1; k++)
        {
            assertEquals(0x2000, u16(all.get(k), 6) & 0x2000);
        }
        assertArrayEquals(packet, reassemble(all));
    }

    @Test
    void everyMtuAndLengthRoundTrips()
    {
        final Random random = new Random(791);
        for (int round = 0; round < 500; round++)
        {
            final byte[] packet = ipv4("10.0.0.1", "192.0.2.1", 17, 64, 0, round, new byte[0],
                payload(1 + random.nextInt(3000)));
            final int mtu = 68 + random.nextInt(1500);
            final List<byte[]> fragments = fragment(packet, mtu);
            for (final byte[] f : fragments)
            {
                assertTrue(f.length <= mtu);
            }
            assertArrayEquals(packet, reassemble(fragments), "mtu " + mtu);
        }
    }

    @Test
    void fragmentingAllocatesNothing()
    {
        final byte[] packet = ipv4("10.0.0.1", "192.0.2.1", 17, 64, 0, 1, new byte[0], payload(1480));
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[2048]);
        final UnsafeBuffer dst = new UnsafeBuffer(new byte[2048]);
        final long bytes = Allocations.bytesAllocatedBy(() ->
        {
            for (int k = 0; k < 10_000; k++)
            {
                buf.putBytes(0, packet);
                final int count = Ipv4Fragmenter.fragmentCount(buf, 0, packet.length, 576);
                for (int f = 1; f < count; f++)
                {
                    Ipv4Fragmenter.writeFragment(buf, 0, packet.length, 576, f, dst, 0);
                }
                Ipv4Fragmenter.truncateToFirst(buf, 0, packet.length, 576);
            }
        });
        assertEquals(0, bytes);
    }

    /** Puts fragments back together by offset, independent of the code under test. */
    static byte[] reassemble(final List<byte[]> fragments)
    {
        byte[] header = null;
        final byte[] data = new byte[65536];
        int total = 0;
        for (final byte[] f : fragments)
        {
            final int ihl = (f[0] & 0x0F) * 4;
            final int offset = (u16(f, 6) & 0x1FFF) * 8;
            System.arraycopy(f, ihl, data, offset, f.length - ihl);
            if (offset == 0)
            {
                header = Arrays.copyOf(f, ihl);
            }
            if ((u16(f, 6) & 0x2000) == 0)
            {
                total = offset + f.length - ihl;
            }
        }
        final byte[] packet = new byte[header.length + total];
        System.arraycopy(header, 0, packet, 0, header.length);
        System.arraycopy(data, 0, packet, header.length, total);
        packet[2] = (byte)(packet.length >>> 8);
        packet[3] = (byte)packet.length;
        packet[6] = (byte)(packet[6] & 0x40);
        packet[7] = 0;
        Ipv4Packets.fixIpChecksum(packet);
        return packet;
    }
}
