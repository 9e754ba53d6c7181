package io.portcullis.dataplane.ip;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.ip.Ipv4FragmenterTest.fragment;
import static io.portcullis.dataplane.ip.Ipv4Packets.ipv4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bounded reassembly: datagrams put back in any order; every limit and rule with its counter. */
class Ipv4ReassemblyTest
{
    private static final long SECOND = 1_000_000_000L;

    private final VectorBed bed = new VectorBed();
    private final CachedNanoClock clock = new CachedNanoClock();
    private Ipv4Reassembly reassembly = new Ipv4Reassembly(8, 9000, 16, 64 * 1024, 30 * SECOND, clock, bed.counters);

    @AfterEach
    void tearDown()
    {
        bed.close();
    }

    private static byte[] datagram(final int id, final int payloadLength)
    {
        final byte[] payload = new byte[payloadLength];
        new Random(id).nextBytes(payload);
        return ipv4("198.51.100.7", "192.0.2.1", 50, 64, 0, id, new byte[0], payload);
    }

    private int offer(final byte[] fragment)
    {
        return reassembly.offer(new UnsafeBuffer(fragment), 0, fragment.length);
    }

    private byte[] completed()
    {
        final byte[] out = new byte[reassembly.datagramLength()];
        reassembly.datagramBuffer().getBytes(reassembly.datagramOffset(), out);
        return out;
    }

    /** A hand-made fragment of {@code datagram}: data bytes [start, end), MF as given. */
    private static byte[] piece(final byte[] datagram, final int start, final int end, final boolean more)
    {
        final byte[] data = Arrays.copyOfRange(datagram, 20 + start, 20 + end);
        return ipv4("198.51.100.7", "192.0.2.1", 50, 64, (more ? 0x2000 : 0) | start / 8,
            Ipv4Packets.u16(datagram, 4), new byte[0], data);
    }

    @Test
    void fragmentsInAnyOrderMakeTheDatagram()
    {
        final Random random = new Random(815);
        for (int round = 0; round < 200; round++)
        {
            final byte[] original = datagram(round, 100 + random.nextInt(4000));
            final List<byte[]> fragments = new ArrayList<>(fragment(original, 68 + random.nextInt(1400)));
            Collections.shuffle(fragments, random);
            if (fragments.size() < 2 || fragments.size() > 16)
            {
                continue;
            }
            for (int k = 0; k < fragments.size() - 1; k++)
            {
                assertEquals(Ipv4Reassembly.HELD, offer(fragments.get(k)));
            }
            assertEquals(Ipv4Reassembly.COMPLETE, offer(fragments.getLast()));
            assertArrayEquals(original, completed(), "round " + round);
            assertEquals(0, reassembly.bytesHeld());
            assertEquals(0, reassembly.datagrams());
        }
    }

    @Test
    void manyInterleavedDatagramsInRandomOrderAllComplete()
    {
        final Random random = new Random(5722);
        for (int round = 0; round < 50; round++)
        {
            final List<byte[]> originals = new ArrayList<>();
            final List<byte[]> all = new ArrayList<>();
            for (int d = 0; d < 8; d++)
            {
                final byte[] original = datagram(round * 8 + d, 600 + random.nextInt(3000));
                originals.add(original);
                all.addAll(fragment(original, 576));
            }
            Collections.shuffle(all, random);
            int completed = 0;
            for (final byte[] f : all)
            {
                if (offer(f) == Ipv4Reassembly.COMPLETE)
                {
                    final byte[] datagram = completed();
                    assertArrayEquals(originals.get(Ipv4Packets.u16(datagram, 4) - round * 8), datagram);
                    completed++;
                }
            }
            assertEquals(8, completed);
            assertEquals(0, reassembly.bytesHeld());
        }
    }

    @Test
    void interleavedDatagramsAreKeptApart()
    {
        final byte[] a = datagram(1, 3000);
        final byte[] b = datagram(2, 3000);
        final List<byte[]> fa = fragment(a, 1500);
        final List<byte[]> fb = fragment(b, 1500);
        assertEquals(Ipv4Reassembly.HELD, offer(fa.get(0)));
        assertEquals(Ipv4Reassembly.HELD, offer(fb.get(1)));
        assertEquals(Ipv4Reassembly.HELD, offer(fb.get(0)));
        assertEquals(Ipv4Reassembly.HELD, offer(fa.get(2)));
        assertEquals(2, reassembly.datagrams());
        assertEquals(Ipv4Reassembly.COMPLETE, offer(fb.get(2)));
        assertArrayEquals(b, completed());
        assertEquals(Ipv4Reassembly.COMPLETE, offer(fa.get(1)));
        assertArrayEquals(a, completed());
        assertEquals(2, bed.count(IpCounter.REASSEMBLED));
    }

    @Test
    void aWholePacketIsNotAFragment()
    {
        assertEquals(Ipv4Reassembly.NOT_A_FRAGMENT, offer(datagram(1, 100)));
    }

    @Test
    void anExactDuplicateIsDroppedAloneAndTheDatagramCompletes()
    {
        final byte[] original = datagram(3, 2000);
        final List<byte[]> fragments = fragment(original, 1000);
        assertEquals(Ipv4Reassembly.HELD, offer(fragments.get(0)));
        assertEquals(Ipv4Reassembly.DROPPED, offer(fragments.get(0)));
        assertEquals(1, bed.count(IpCounter.FRAGMENT_DUPLICATE));
        assertEquals(Ipv4Reassembly.HELD, offer(fragments.get(1)));
        assertEquals(Ipv4Reassembly.COMPLETE, offer(fragments.get(2)));
        assertArrayEquals(original, completed());
    }

    @Test
    void failsWhenFragmentsOverlap()
    {
        final byte[] original = datagram(4, 64);
        assertEquals(Ipv4Reassembly.HELD, offer(piece(original, 0, 32, true)));
        assertEquals(Ipv4Reassembly.DROPPED, offer(piece(original, 24, 48, true)));
        assertEquals(1, bed.count(IpCounter.FRAGMENT_OVERLAP));
        // The whole datagram went: the rest cannot complete it.
        assertEquals(Ipv4Reassembly.HELD, offer(piece(original, 32, 64, false)));
        assertEquals(0, bed.count(IpCounter.REASSEMBLED));
    }

    @Test
    void failsWhenAFragmentCoversAnotherWithTheSameStart()
    {
        final byte[] original = datagram(5, 64);
        assertEquals(Ipv4Reassembly.HELD, offer(piece(original, 0, 16, true)));
        assertEquals(Ipv4Reassembly.DROPPED, offer(piece(original, 0, 32, true)));
        assertEquals(1, bed.count(IpCounter.FRAGMENT_OVERLAP));
    }

    @Test
    void failsWhenANonLastFragmentIsNotAMultipleOfEight()
    {
        final byte[] original = datagram(6, 64);
        assertEquals(Ipv4Reassembly.DROPPED, offer(piece(original, 0, 30, true)));
        assertEquals(1, bed.count(IpCounter.FRAGMENT_BAD));
    }

    @Test
    void failsWhenANonLastFragmentIsEmpty()
    {
        final byte[] original = datagram(6, 64);
        assertEquals(Ipv4Reassembly.DROPPED, offer(piece(original, 8, 8, true)));
        assertEquals(1, bed.count(IpCounter.FRAGMENT_BAD));
    }

    @Test
    void failsWhenAFragmentEndsPast65535()
    {
        final byte[] f = ipv4("198.51.100.7", "192.0.2.1", 50, 64, 0x1FFF, 9, new byte[0], new byte[16]);
        assertEquals(Ipv4Reassembly.DROPPED, offer(f));
        assertEquals(1, bed.count(IpCounter.FRAGMENT_BAD));
    }

    @Test
    void failsWhenTwoLastFragmentsDisagree()
    {
        final byte[] original = datagram(7, 64);
        assertEquals(Ipv4Reassembly.HELD, offer(piece(original, 48, 64, false)));
        assertEquals(Ipv4Reassembly.DROPPED, offer(piece(original, 32, 40, false)));
        assertEquals(1, bed.count(IpCounter.FRAGMENT_BAD));
    }

    @Test
    void failsWhenDataLiesBeyondTheLastFragment()
    {
        final byte[] original = datagram(8, 64);
        assertEquals(Ipv4Reassembly.HELD, offer(piece(original, 48, 64, true)));
        assertEquals(Ipv4Reassembly.DROPPED, offer(piece(original, 8, 40, false)));
        assertEquals(1, bed.count(IpCounter.FRAGMENT_BAD));
        assertEquals(0, reassembly.datagrams());
        assertEquals(Ipv4Reassembly.HELD, offer(piece(original, 16, 32, false)));
        assertEquals(Ipv4Reassembly.DROPPED, offer(piece(original, 32, 48, true)));
        assertEquals(2, bed.count(IpCounter.FRAGMENT_BAD));
    }

    @Test
    void failsWhenTheDatagramWouldExceedTheMaximumLength()
    {
        final byte[] f = ipv4("198.51.100.7", "192.0.2.1", 50, 64, 0x2000 | (8984 / 8), 9, new byte[0], new byte[8]);
        assertEquals(Ipv4Reassembly.DROPPED, offer(f));
        assertEquals(1, bed.count(IpCounter.REASSEMBLY_TOO_BIG));
    }

    @Test
    void failsWhenADatagramHasTooManyFragments()
    {
        final byte[] original = datagram(9, 8 * 20);
        for (int k = 0; k < 16; k++)
        {
            assertEquals(Ipv4Reassembly.HELD, offer(piece(original, k * 8, k * 8 + 8, true)));
        }
        assertEquals(Ipv4Reassembly.DROPPED, offer(piece(original, 128, 136, true)));
        assertEquals(1, bed.count(IpCounter.REASSEMBLY_TOO_MANY_FRAGMENTS));
        assertEquals(0, reassembly.datagrams());
        assertEquals(0, reassembly.bytesHeld());
    }

    @Test
    void failsWhenTooManyDatagramsAreInProgress()
    {
        for (int id = 0; id < 8; id++)
        {
            assertEquals(Ipv4Reassembly.HELD, offer(fragment(datagram(100 + id, 2000), 1000).get(0)));
        }
        assertEquals(Ipv4Reassembly.DROPPED, offer(fragment(datagram(200, 2000), 1000).get(0)));
        assertEquals(1, bed.count(IpCounter.REASSEMBLY_TOO_MANY_DATAGRAMS));
        // Once the others time out, there is room again.
        clock.update(30 * SECOND);
        assertEquals(Ipv4Reassembly.HELD, offer(fragment(datagram(200, 2000), 1000).get(0)));
        assertEquals(8, bed.count(IpCounter.REASSEMBLY_TIMEOUT));
    }

    @Test
    void failsWhenTheMemoryCapIsReached()
    {
        reassembly = new Ipv4Reassembly(8, 9000, 16, 2500, 30 * SECOND, clock, bed.counters);
        final List<byte[]> a = fragment(datagram(1, 3000), 1500);  // 1480 + 1480 + 40 data bytes
        assertEquals(Ipv4Reassembly.HELD, offer(a.get(0)));
        final List<byte[]> b = fragment(datagram(2, 3000), 1500);
        assertEquals(Ipv4Reassembly.DROPPED, offer(b.get(0)));  // a new datagram does not fit
        assertEquals(Ipv4Reassembly.DROPPED, offer(a.get(1)));  // nor does more of the first: it goes
        assertEquals(2, bed.count(IpCounter.REASSEMBLY_MEMORY_CAP));
        assertEquals(0, reassembly.bytesHeld());
        assertEquals(Ipv4Reassembly.HELD, offer(b.get(0)));
    }

    @Test
    void aDatagramTimesOutFromItsFirstFragment()
    {
        final List<byte[]> fragments = fragment(datagram(1, 3000), 1500);
        assertEquals(Ipv4Reassembly.HELD, offer(fragments.get(0)));
        clock.update(29 * SECOND);
        assertEquals(Ipv4Reassembly.HELD, offer(fragments.get(1)));
        assertEquals(0, reassembly.expire());
        clock.update(30 * SECOND);
        assertEquals(1, reassembly.expire());
        assertEquals(1, bed.count(IpCounter.REASSEMBLY_TIMEOUT));
        assertEquals(0, reassembly.bytesHeld());
        assertEquals(Ipv4Reassembly.HELD, offer(fragments.get(2)));  // starts over, alone
    }

    @Test
    void aLateFragmentOfAnExpiredDatagramStartsItOver()
    {
        final List<byte[]> fragments = fragment(datagram(1, 3000), 1500);
        assertEquals(Ipv4Reassembly.HELD, offer(fragments.get(0)));
        assertEquals(Ipv4Reassembly.HELD, offer(fragments.get(1)));
        clock.update(31 * SECOND);
        assertEquals(Ipv4Reassembly.HELD, offer(fragments.get(2)));
        assertEquals(1, bed.count(IpCounter.REASSEMBLY_TIMEOUT));
        assertEquals(1, reassembly.datagrams());
    }

    @Test
    void nodeConsumesFragmentsAndDeliversTheDatagramInTheLastOnesBuffer()
    {
        final Ipv4ReassemblyNode node = new Ipv4ReassemblyNode(reassembly, bed.counters);
        final byte[] original = datagram(11, 2000);
        final byte[] whole = datagram(12, 100);
        final List<byte[]> packets = new ArrayList<>(fragment(original, 576));
        packets.add(1, whole);
        final List<VectorBed.Result> results = bed.run(node::process, packets);
        assertEquals(PacketVector.NEXT_CONSUMED, results.get(0).next());
        assertArrayEquals(whole, results.get(1).packet());
        assertEquals(PacketVector.NEXT_CONSUMED, results.get(2).next());
        assertEquals(PacketVector.NEXT_CONSUMED, results.get(3).next());
        assertEquals(PacketVector.NEXT_FORWARD, results.get(4).next());
        assertArrayEquals(original, results.get(4).packet());
    }

    @Test
    void nodeDropsADatagramBiggerThanItsBuffer()
    {
        final Ipv4ReassemblyNode node = new Ipv4ReassemblyNode(reassembly, bed.counters);
        final List<VectorBed.Result> results = bed.run(node::process, fragment(datagram(13, 4000), 1500));
        assertEquals(PacketVector.NEXT_DROP, results.get(2).next());
        assertEquals(1, bed.count(IpCounter.REASSEMBLY_NO_BUFFER_ROOM));
    }

    @Test
    void reassemblyAllocatesNothing()
    {
        final List<byte[]> fragments = fragment(datagram(1, 3000), 576);
        final UnsafeBuffer[] buffers = fragments.stream().map(UnsafeBuffer::new).toArray(UnsafeBuffer[]::new);
        final long bytes = Allocations.bytesAllocatedBy(() ->
        {
            for (int k = 0; k < 5_000; k++)
            {
                for (final UnsafeBuffer f : buffers)
                {
                    reassembly.offer(f, 0, f.capacity());
                }
            }
        });
        assertEquals(0, bytes);
        assertEquals(0, reassembly.bytesHeld());
    }
}
