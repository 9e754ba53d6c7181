package io.portcullis.dataplane.esp;

import java.util.ArrayList;
import java.util.List;

import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our encrypt against our decrypt, every transform, both modes, with and without ESN and NAT-T. */
class EspRoundTripTest
{
    static List<Arguments> cases()
    {
        final List<Arguments> cases = new ArrayList<>();
        for (final Transforms t : Transforms.values())
        {
            for (final EspMode mode : EspMode.values())
            {
                cases.add(Arguments.of(t, mode, false, false));
                cases.add(Arguments.of(t, mode, true, true));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} {1} esn={2} natT={3}")
    @MethodSource("cases")
    void roundTrip(final Transforms t, final EspMode mode, final boolean esn, final boolean natT)
    {
        try (EspTestBed bed = new EspTestBed())
        {
            final EspSaConfig.NatT udp = natT ? new EspSaConfig.NatT(4500, 4500, 0, 0) : null;
            final int out = bed.addOutbound(t.sa(0x1000, false, mode, esn, "192.0.2.1", "198.51.100.7", udp));
            bed.addInbound(t.sa(0x1000, true, mode, esn, "198.51.100.7", "192.0.2.1", udp));

            final List<byte[]> plain = new ArrayList<>();
            for (int size = 0; size < 1400; size += 97)
            {
                final byte[] payload = new byte[size];
                for (int k = 0; k < size; k++)
                {
                    payload[k] = (byte)(k * 13 + size);
                }
                plain.add(Packets.udp("192.0.2.1", "198.51.100.7", 1701, 1701, payload));
            }
            final List<EspTestBed.Result> wire = bed.encrypt(out, plain);
            final List<byte[]> encrypted = new ArrayList<>();
            for (final EspTestBed.Result r : wire)
            {
                assertTrue(r.forwarded());
                assertTrue(Packets.ipChecksumValid(r.packet()));
                assertEquals(natT ? 17 : 50, r.packet()[9]);
                encrypted.add(r.packet());
            }
            final List<EspTestBed.Result> back = bed.decrypt(encrypted);
            for (int i = 0; i < plain.size(); i++)
            {
                assertTrue(back.get(i).forwarded(), "packet " + i);
                // NAT-T transport, no NAT-OA: the UDP checksum comes out zeroed (RFC 3948 §3.1.2).
                assertArrayEquals(natT && mode == EspMode.TRANSPORT ? Packets.withoutUdpChecksum(plain.get(i)) :
                    plain.get(i), back.get(i).packet(), "packet " + i);
            }
            assertEquals(plain.size(), bed.count(EspCounter.ENCRYPTED));
            assertEquals(plain.size(), bed.count(EspCounter.DECRYPTED));
        }
    }
}
