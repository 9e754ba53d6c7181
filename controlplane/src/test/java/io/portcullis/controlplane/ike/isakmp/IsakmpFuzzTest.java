package io.portcullis.controlplane.ike.isakmp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * A bounded fuzz target for the ISAKMP parser, run in CI: mutations of valid messages (Scapy's and
 * our own) and random bytes, with a fixed seed and a time bound. Every input must either verify
 * and then read without an exception, or be refused with an {@link IsakmpException}; anything
 * else (an IndexOutOfBounds, a NegativeArraySize...) is a verifier that let something through.
 */
class IsakmpFuzzTest
{
    private static final long SEED = 0x15a4b;
    private static final long BUDGET_NS = 5_000_000_000L;

    @Test
    void parserRefusesOrReadsEveryMutation() throws Exception
    {
        final List<byte[]> seeds = new ArrayList<>(List.of(IsakmpCodecTest.vector("main-mode-1.hex"),
            IsakmpCodecTest.vector("main-mode-3.hex"), IsakmpCodecTest.vector("id-hash.hex")));
        seeds.add(IsakmpMessage.encode(new IsakmpHeader(1, 2, 0, ExchangeType.INFORMATIONAL, 0, 3, 0), List.of(
            new Notification(1, 1, new byte[16], NotifyType.R_U_THERE, new byte[4]),
            new Delete(1, 3, 4, List.of(new byte[4], new byte[4])),
            NatOriginalAddress.ipv4(PayloadType.NAT_OA, 0x01020304))));
        final SplittableRandom random = new SplittableRandom(SEED);
        final long end = System.nanoTime() + BUDGET_NS;
        long runs = 0;
        long accepted = 0;
        while (System.nanoTime() < end)
        {
            final byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            try
            {
                IsakmpMessage.decode(ByteBuffer.wrap(input));
                accepted++;
            }
            catch (final IsakmpException refused)
            {
                assertTrue(refused.getMessage().startsWith("RFC "), refused.getMessage());
            }
            runs++;
        }
        assertTrue(runs > 1_000, "ran " + runs);
        assertTrue(accepted > 0 && accepted < runs, "mutations both pass and fail: " + accepted + "/" + runs);
    }

    private static byte[] mutate(final byte[] seed, final SplittableRandom random)
    {
        byte[] out = seed.clone();
        final int kind = random.nextInt(5);
        switch (kind)
        {
            case 0 -> out[random.nextInt(out.length)] = (byte) random.nextInt(256);
            case 1 ->
            {
                // A length field (header or payload) set to something else; keep the header's own length valid often.
                final int at = random.nextInt(out.length - 1);
                out[at] = (byte) random.nextInt(256);
                out[at + 1] = (byte) random.nextInt(256);
            }
            case 2 -> out = java.util.Arrays.copyOf(out, random.nextInt(out.length + 16));
            case 3 ->
            {
                out = new byte[random.nextInt(300)];
                random.nextBytes(out);
            }
            default ->
            {
                for (int i = random.nextInt(8); i >= 0; i--)
                {
                    out[28 + random.nextInt(out.length - 28)] ^= (byte) (1 << random.nextInt(8));
                }
            }
        }
        if (out.length >= 28 && random.nextBoolean())
        {
            // Keep the header consistent half the time, so mutations reach the payloads.
            ByteBuffer.wrap(out).putInt(24, out.length);
            out[17] = 0x10;
            if (out[0] == 0)
            {
                out[0] = 1;
            }
        }
        return out;
    }
}
