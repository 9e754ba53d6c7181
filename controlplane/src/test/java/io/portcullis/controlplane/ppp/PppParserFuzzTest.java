package io.portcullis.controlplane.ppp;

import java.util.List;
import java.util.Random;

import io.portcullis.controlplane.l2tp.Mutator;
import io.portcullis.controlplane.runtime.ManualScheduler;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bounded mutation fuzzer for the PPP parsers and automata: mutated frames may only fail with
 * {@link PppException}, and a link fed garbage must neither throw nor stop negotiating.
 */
class PppParserFuzzTest
{
    private static final int ROUNDS = 200_000;
    private static final List<byte[]> SEEDS = List.of(
        new PppFrame(PppProtocol.LCP, new ControlPacket(1, 1, new byte[] {1, 4, 5, 0x78, 3, 5, (byte)0xC2, 0x23, 5,
            5, 6, 1, 2, 3, 4, 7, 2, 8, 2}).encode()).encode(),
        new PppFrame(PppProtocol.IPCP, new ControlPacket(1, 2, new byte[] {3, 6, 0, 0, 0, 0, (byte)129, 6, 0, 0, 0,
            0}).encode()).encode(),
        new PppFrame(PppProtocol.CHAP, new ControlPacket(2, 3, new byte[] {4, 1, 2, 3, 4, 'b', 'o', 'b'}).encode()).encode(),
        new PppFrame(PppProtocol.PAP, new ControlPacket(1, 4, new byte[] {1, 'a', 1, 'p'}).encode()).encode(),
        new PppFrame(PppProtocol.EAP, new ControlPacket(2, 5, new byte[] {1, 'e'}).encode()).encode());

    @Test
    void parsersFailOnlyWithPppExceptions()
    {
        final Random random = new Random(1661);
        int accepted = 0;
        for (int i = 0; i < ROUNDS; i++)
        {
            final byte[] input = Mutator.mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
            try
            {
                final PppFrame frame = PppFrame.read(input);
                ConfigOption.readAll(ControlPacket.read(frame.information()).data());
                accepted++;
            }
            catch (final PppException expected)
            {
                assertTrue(expected.getMessage().startsWith("RFC 166"), expected.getMessage());
            }
        }
        assertTrue(accepted > 0 && accepted < ROUNDS, "mutations both pass and fail: " + accepted);
    }

    @Test
    void linkSurvivesGarbage()
    {
        final ManualScheduler scheduler = new ManualScheduler();
        final int[] sent = {0};
        final ClientLink link = new ClientLink(scheduler, new Random(1), frame -> sent[0]++,
            List.of(AuthMethod.values()), "u", "p", AutomatonTimers.defaults());
        link.start();
        final Random random = new Random(3);
        for (int i = 0; i < ROUNDS / 4; i++)
        {
            link.onFrame(Mutator.mutate(SEEDS.get(random.nextInt(SEEDS.size())), random));
            if (i % 500 == 0)
            {
                scheduler.advanceMs(100);
            }
        }
        assertTrue(link.malformed() > 0, "garbage was seen and counted");
        final int before = sent[0];
        link.onFrame(SEEDS.getFirst());
        assertTrue(sent[0] > before, "a valid Configure-Request still gets an answer");
    }
}
