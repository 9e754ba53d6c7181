package io.portcullis.dataplane.esp;

import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.ip.TunnelOverhead;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link EspOutbound#largestPlainPacket}, the arithmetic behind the tunnel MTU that ICMP
 * fragmentation needed names (RFC 1191), checked against what esp4-encrypt really produces: the
 * largest packet encrypts to at most the egress MTU and one byte more would not; and against
 * {@link TunnelOverhead}, the MSS clamp's own count of the same headers.
 */
class LargestPlainPacketTest
{
    private static final int L2TP_AND_PPP = 8 + 8 + 4;  // UDP, L2TP with Length, PPP with address and control

    @Test
    void theLargestPacketFitsTheMtuAndOneByteMoreDoesNot()
    {
        for (final Transforms t : Transforms.values())
        {
            for (final boolean natT : new boolean[] {false, true})
            {
                for (final EspMode mode : EspMode.values())
                {
                    for (final int mtu : new int[] {1500, 1400, 1337, 576})
                    {
                        check(t, natT, mode, mtu);
                    }
                }
            }
        }
    }

    private static void check(final Transforms t, final boolean natT, final EspMode mode, final int mtu)
    {
        final String what = t + (natT ? " natT " : " ") + mode + " mtu " + mtu;
        try (EspTestBed bed = new EspTestBed())
        {
            final EspSaConfig.NatT udp = natT ? new EspSaConfig.NatT(4500, 4500, 0, 0) : null;
            final int sa = bed.addOutbound(t.sa(0x3000, false, mode, false, "192.0.2.1", "198.51.100.7", udp));
            final int largest = bed.outbound.largestPlainPacket(sa, 20, mtu);
            final byte[] fits = bed.encrypt(sa, Packets.udp("192.0.2.1", "198.51.100.7", 1701, 1701,
                new byte[largest - 28]));
            final byte[] over = bed.encrypt(sa, Packets.udp("192.0.2.1", "198.51.100.7", 1701, 1701,
                new byte[largest - 27]));
            assertTrue(fits.length <= mtu, what + ": " + fits.length);
            assertTrue(over.length > mtu, what + ": " + over.length);
            if (mode == EspMode.TRANSPORT)
            {
                assertEquals(TunnelOverhead.innerMtu(mtu, natT, t.cipher.ivLength(), t.cipher.blockSize(),
                    icvLength(t), 8, 4),
                    largest - 20 - L2TP_AND_PPP, what);
            }
        }
        try (EspTestBed bed = new EspTestBed())
        {
            assertEquals(-1, bed.outbound.largestPlainPacket(7, 20, mtu), "no SA");
        }
    }

    private static int icvLength(final Transforms t)
    {
        return t.sa(0x3000, false, EspMode.TRANSPORT, false, "192.0.2.1", "198.51.100.7", null).icvLength();
    }
}
