package io.portcullis.dataplane.l2tp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.portcullis.dataplane.packet.PacketVector;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.l2tp.L2tpPackets.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutated and cut-short L2TP messages through l2tp-decap, most of them re-wrapped in UDP with
 * right checksums so that the L2TP and PPP parsers see them: no exception ever escapes, every
 * packet ends forwarded, punted or counted under one drop reason, what is forwarded is an IP
 * packet inside the message, and the genuine packets in the same vectors still come through.
 */
class L2tpMalformedInputTest
{
    private static final int VECTOR = 16;

    @Test
    void mutatedMessagesAreAllAccountedFor()
    {
        // An out-of-bounds access must surface here as an exception, not pass silently.
        assertTrue(org.agrona.DirectBuffer.SHOULD_BOUNDS_CHECK, "tests run with Agrona's bounds checks on");
        final Random random = new Random(2661);
        try (L2tpTestBed bed = new L2tpTestBed())
        {
            final int handle = bed.add(serverSession(0));
            long packets = 0;
            for (int round = 0; round < 250; round++)
            {
                final byte[] inner = random.nextBoolean() ? ipv4(CLIENT_PPP, LAN_HOST, random.nextInt(600)) :
                    ipv6(CLIENT_PREFIX, random.nextLong(), random.nextInt(600));
                final int protocol = random.nextInt(4) == 0 ? 0xC021 : ((inner[0] & 0xF0) == 0x40 ? 0x0021 : 0x0057);
                final int flags = VERSION_2 | (random.nextBoolean() ? L : 0) | (random.nextBoolean() ? S : 0) |
                    (random.nextBoolean() ? O : 0);
                final byte[] message = l2tp(flags, OUR_TUNNEL, OUR_SESSION, 0, random.nextInt(4),
                    ppp(random.nextBoolean(), random.nextBoolean(), protocol, inner));

                final List<byte[]> vector = new ArrayList<>();
                vector.add(fromClient(message));  // first, while Ns 0 is still expected
                for (int k = 1; k < VECTOR; k++)
                {
                    vector.add(random.nextInt(4) == 0 ? mutate(random, fromClient(message)) :
                        fromClient(mutate(random, message)));
                }
                bed.sessions.session(handle).expectedNs = 0;
                final List<L2tpTestBed.Result> results = bed.decap(vector);
                packets += vector.size();

                final L2tpTestBed.Result genuine = results.getFirst();
                if (protocol == 0xC021)
                {
                    assertEquals(PacketVector.NEXT_PUNT, genuine.next(), "genuine LCP in round " + round);
                }
                else
                {
                    assertArrayEquals(inner, genuine.packet(), "genuine packet in round " + round);
                }
                for (final L2tpTestBed.Result r : results)
                {
                    if (r.forwarded())
                    {
                        final int version = (r.packet()[0] & 0xF0) >>> 4;
                        assertTrue(version == 4 || version == 6, "forwarded an IP packet");
                        assertEquals(handle, r.handle());
                    }
                }
            }
            long counted = 0;
            for (final L2tpCounter c : L2tpCounter.values())
            {
                if (c.id() < 450 && c != L2tpCounter.DATA_LOST)
                {
                    counted += bed.count(c);
                }
            }
            assertEquals(packets, counted, "every packet counted exactly once");
        }
    }

    private static byte[] mutate(final Random random, final byte[] genuine)
    {
        final byte[] copy = genuine.clone();
        switch (random.nextInt(4))
        {
            case 0 ->
            {
                for (int n = 1 + random.nextInt(3); n > 0; n--)
                {
                    copy[random.nextInt(Math.min(copy.length, 24))] = (byte)random.nextInt(256);  // the headers
                }
                return copy;
            }
            case 1 ->
            {
                copy[random.nextInt(copy.length)] = (byte)random.nextInt(256);
                return copy;
            }
            case 2 ->
            {
                return Arrays.copyOf(copy, random.nextInt(copy.length));
            }
            default ->
            {
                final byte[] longer = Arrays.copyOf(copy, copy.length + 1 + random.nextInt(8));
                return longer;
            }
        }
    }
}
