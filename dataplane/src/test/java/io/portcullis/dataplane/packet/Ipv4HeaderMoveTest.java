package io.portcullis.dataplane.packet;

import java.nio.ByteOrder;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ESP transport mode's header move (RFC 4303 §3.1.1) in one step equals the move and then the rewrite. */
class Ipv4HeaderMoveTest
{
    @Test
    void oneStepMoveEqualsMoveThenRewriteInBothDirectionsAndOverlaps()
    {
        final Random random = new Random(4303);
        for (int round = 0; round < 5000; round++)
        {
            final int headerLength = round % 5 == 0 ? 24 : Ipv4.MIN_HEADER_LENGTH;  // sometimes with an option word
            final byte[] packet = new byte[128];
            random.nextBytes(packet);
            final int from = 40 + 4 * random.nextInt(8);
            final int to = from + 4 * (random.nextInt(13) - 6);  // up to 24 bytes either way, overlapping
            final UnsafeBuffer header = new UnsafeBuffer(packet);
            header.putByte(from, (byte)(0x40 | headerLength / 4));
            Ipv4.updateChecksum(header, from, headerLength);
            final int protocol = random.nextInt(256);
            final int totalLength = random.nextInt(65536);

            final byte[] expected = packet.clone();
            final UnsafeBuffer twoSteps = new UnsafeBuffer(expected);
            Ipv4.moveHeader(twoSteps, from, to, headerLength);
            Ipv4.rewriteProtocolAndLength(twoSteps, to, protocol, totalLength);

            Ipv4.moveHeaderWithProtocolAndLength(header, from, to, headerLength, protocol, totalLength);
            assertArrayEquals(expected, packet, "round " + round + ": " + from + " -> " + to);
            assertEquals(protocol, Ipv4.protocol(header, to));
            assertEquals(totalLength, header.getShort(to + Ipv4.TOTAL_LENGTH, ByteOrder.BIG_ENDIAN) & 0xFFFF);
            assertTrue(Ipv4.checksumValid(header, to, headerLength), "round " + round);
        }
    }
}
