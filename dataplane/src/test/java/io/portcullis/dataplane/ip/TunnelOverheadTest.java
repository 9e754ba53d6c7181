package io.portcullis.dataplane.ip;

import io.portcullis.dataplane.api.EspIntegrity;
import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.esp.EspTestBed;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.esp.Transforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The overhead arithmetic, by hand and against what esp4-encrypt really produces. */
class TunnelOverheadTest
{
    @Test
    void workedExamplesAtAnEthernetMtu()
    {
        // GCM behind NAT: 1500-20-8-8-8-16 = 1440 (a multiple of 4); -2 trailer = 1438; -8-6-2 = 1422.
        assertEquals(1422, TunnelOverhead.innerMtu(1500, true, 8, 4, 16, 6, 2));
        assertEquals(1382, MssClamp.defaultMaxMss(1422));
        // AES-CBC/HMAC-SHA1-96, no NAT: 1500-20-8-16-12 = 1444 -> 1440 in blocks; -2 = 1438; -8-8-4 = 1418.
        assertEquals(1418, TunnelOverhead.innerMtu(1500, false, 16, 16, 12, 8, 4));
        // Worst case: 1500-20-8-8-16-16 = 1432 -> 1424; -2 = 1422; -8-14-4 = 1396; MSS 1356.
        assertEquals(1396, TunnelOverhead.worstCaseInnerMtu(1500));
        assertEquals(1356, MssClamp.defaultMaxMss(TunnelOverhead.worstCaseInnerMtu(1500)));
    }

    @Test
    void failsWhenTheMtuLeavesTooLittleInside()
    {
        assertThrows(IllegalArgumentException.class, () -> TunnelOverhead.worstCaseInnerMtu(150));
        assertThrows(IllegalArgumentException.class, () -> TunnelOverhead.innerMtu(1500, true, 8, 6, 16, 6, 2));
    }

    /**
     * The inner MTU is exact: an L2TP/PPP frame carrying an inner packet of that size encrypts
     * to at most the egress MTU, one byte more does not.
     */
    @ParameterizedTest
    @EnumSource(Transforms.class)
    void innerMtuIsTheLargestThatEncryptsWithinTheEgressMtu(final Transforms t)
    {
        for (final boolean natT : new boolean[] {false, true})
        {
            final int icv = t.cipher.isAead() ? t.cipher.aeadIcvLength() : t.integrity.icvLength();
            final int inner = TunnelOverhead.innerMtu(1500, natT, t.cipher.ivLength(), t.cipher.blockSize(), icv,
                TunnelOverhead.L2TP_DATA_HEADER_MIN, TunnelOverhead.PPP_PROTOCOL_ONLY);
            try (EspTestBed bed = new EspTestBed())
            {
                final EspSaConfig.NatT nat = natT ? new EspSaConfig.NatT(4500, 4500, 0, 0) : null;
                final int handle = bed.addOutbound(t.sa(0x1000, false, EspMode.TRANSPORT, false, "192.0.2.1",
                    "198.51.100.7", nat));
                final int l2tpPpp = TunnelOverhead.L2TP_DATA_HEADER_MIN + TunnelOverhead.PPP_PROTOCOL_ONLY;
                final byte[] fits = Packets.udp("192.0.2.1", "198.51.100.7", 1701, 1701, new byte[l2tpPpp + inner]);
                final byte[] tooBig = Packets.udp("192.0.2.1", "198.51.100.7", 1701, 1701,
                    new byte[l2tpPpp + inner + 1]);
                final int fitsLength = bed.encrypt(handle, fits).length;
                final int tooBigLength = bed.encrypt(handle, tooBig).length;
                assertTrue(fitsLength <= 1500, t + " natT=" + natT + ": " + fitsLength);
                assertTrue(tooBigLength > 1500, t + " natT=" + natT + ": " + tooBigLength);
            }
        }
        assertTrue(t.integrity != EspIntegrity.NONE || t.cipher.isAead());
    }
}
