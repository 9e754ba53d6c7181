package io.portcullis.dataplane.esp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.packet.PacketVector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutated and cut-short packets through esp4-decrypt: no exception ever escapes, every packet
 * ends forwarded, punted, consumed or counted under a drop reason, and the genuine packets in
 * the same vectors still come through.
 */
class EspMalformedInputTest
{
    @Test
    void mutatedPacketsAreAllAccountedFor()
    {
        // An out-of-bounds access must surface here as an exception, not pass silently.
        assertTrue(org.agrona.DirectBuffer.SHOULD_BOUNDS_CHECK, "tests run with Agrona's bounds checks on");
        final Random random = new Random(4303);
        try (EspTestBed bed = new EspTestBed())
        {
            final List<Integer> handles = new ArrayList<>();
            int spi = 0x5000;
            for (final Transforms t : Transforms.values())
            {
                for (final boolean natT : new boolean[] {false, true})
                {
                    final EspSaConfig.NatT udp = natT ? new EspSaConfig.NatT(4500, 4500, 0, 0) : null;
                    final EspMode mode = spi % 2 == 0 ? EspMode.TRANSPORT : EspMode.TUNNEL;
                    handles.add(bed.addOutbound(t.sa(spi, false, mode, natT, "192.0.2.1", "198.51.100.7", udp)));
                    bed.addInbound(t.sa(spi, true, mode, natT, "198.51.100.7", "192.0.2.1", udp));
                    spi++;
                }
            }
            long packets = 0;
            long forwarded = 0;
            for (int round = 0; round < 200; round++)
            {
                final int handle = handles.get(random.nextInt(handles.size()));
                final byte[] payload = new byte[random.nextInt(1200)];
                random.nextBytes(payload);
                final byte[] plain = Packets.udp("192.0.2.1", "198.51.100.7", 1701, 1701, payload);
                final byte[] genuine = bed.encrypt(handle, plain);

                // The genuine packet first: a copy whose changes fall only in the outer IPv4 header,
                // which ESP does not protect, would otherwise take its sequence number.
                final List<byte[]> vector = new ArrayList<>();
                vector.add(genuine);
                for (int k = 0; k < 15; k++)
                {
                    vector.add(mutate(random, genuine));
                }
                final List<EspTestBed.Result> results = bed.decrypt(vector);
                packets += vector.size();
                for (final EspTestBed.Result r : results)
                {
                    if (r.forwarded())
                    {
                        forwarded++;
                    }
                }
                assertArrayEquals(plain, results.getFirst().packet(), "genuine packet in round " + round);
            }
            long counted = bed.count(EspCounter.DECRYPTED) + bed.count(EspCounter.NATT_KEEPALIVE) +
                bed.count(EspCounter.PUNT_IKE);
            for (final EspCounter c : EspCounter.values())
            {
                if (c.id() >= 110 && c.id() < 200)
                {
                    counted += bed.count(c);
                }
            }
            assertEquals(packets, counted, "every packet counted exactly once");
            assertEquals(forwarded, bed.count(EspCounter.DECRYPTED));
        }
    }

    private static byte[] mutate(final Random random, final byte[] genuine)
    {
        final byte[] copy = genuine.clone();
        switch (random.nextInt(4))
        {
            case 0 ->
            {
                for (int n = 1 + random.nextInt(4); n > 0; n--)
                {
                    copy[random.nextInt(copy.length)] = (byte)random.nextInt(256);
                }
                return copy;
            }
            case 1 ->
            {
                return Arrays.copyOf(copy, random.nextInt(copy.length));  // cut short, header unchanged
            }
            case 2 ->
            {
                final int length = random.nextInt(copy.length);          // cut short, header agreeing
                final byte[] shorter = Arrays.copyOf(copy, length);
                if (length >= 4)
                {
                    shorter[2] = (byte)(length >>> 8);
                    shorter[3] = (byte)length;
                }
                return shorter;
            }
            default ->
            {
                final byte[] noise = new byte[random.nextInt(64)];
                random.nextBytes(noise);
                if (noise.length > 0)
                {
                    noise[0] = 0x45;
                }
                return noise;
            }
        }
    }

    @Test
    void emptyAndTinyBuffersAreBadHeaders()
    {
        try (EspTestBed bed = new EspTestBed())
        {
            final List<EspTestBed.Result> results = bed.decrypt(List.of(new byte[0], new byte[] {0x45}, new byte[19]));
            results.forEach(r -> assertEquals(PacketVector.NEXT_DROP, r.next()));
            assertEquals(3, bed.count(EspCounter.BAD_IP_HEADER));
        }
    }
}
