package io.portcullis.controlplane.l2tp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bounded, deterministic mutation fuzzer for the L2TP parsers (CI runs it in seconds): real
 * messages with bytes flipped, inserted, cut and lengths forged. A parser may only answer with
 * {@link L2tpProtocolException}; the endpoint must swallow everything and keep serving.
 */
class L2tpParserFuzzTest
{
    private static final int ROUNDS = 200_000;
    private static final byte[] SECRET = "fuzz".getBytes();

    @Test
    void codecFailsOnlyWithProtocolExceptions()
    {
        final Random random = new Random(2661);
        final List<byte[]> seeds = seeds(random);
        int accepted = 0;
        for (int i = 0; i < ROUNDS; i++)
        {
            final byte[] input = Mutator.mutate(seeds.get(random.nextInt(seeds.size())), random);
            try
            {
                final ByteBuffer buffer = ByteBuffer.wrap(input);
                if (ControlMessageCodec.isControl(buffer))
                {
                    final ControlHeader header = ControlMessageCodec.readHeader(buffer);
                    if (!header.zlb())
                    {
                        ControlMessageCodec.readBody(header, input, SECRET);
                    }
                }
                else
                {
                    DataMessage.read(buffer);
                }
                accepted++;
            }
            catch (final L2tpProtocolException expected)
            {
                assertTrue(expected.rule().startsWith("RFC 2661 §"), expected.rule());
            }
        }
        assertTrue(accepted > 0 && accepted < ROUNDS, "mutations both pass and fail: " + accepted);
    }

    @Test
    void endpointSurvivesGarbageAndKeepsServing()
    {
        final LacLns net = new LacLns(LacLns.settings("lac", "fuzz").withHiding(true),
            LacLns.settings("lns", "fuzz").withHiding(true));
        net.openTunnel().placeIncomingCall("seed");
        net.scheduler.advanceMs(1_000);
        final List<byte[]> seeds = net.lacToLns.sent().stream().map(LossyLink.Sent::datagram).toList();
        final Random random = new Random(7);
        for (int i = 0; i < ROUNDS / 4; i++)
        {
            final byte[] input = Mutator.mutate(seeds.get(random.nextInt(seeds.size())), random);
            net.lns.onDatagram(LacLns.LNS_ADDRESS, 1701, LacLns.LAC_ADDRESS, 1701, ByteBuffer.wrap(input), 0, 0);
            if (i % 1000 == 0)
            {
                net.scheduler.advanceMs(100);
            }
        }
        net.scheduler.advanceMs(120_000);
        final int before = net.lnsCalls.established.size();
        final Tunnel fresh = net.openTunnel();
        fresh.placeIncomingCall("after");
        net.scheduler.advanceMs(2_000);
        assertEquals(Tunnel.State.ESTABLISHED, fresh.state());
        assertEquals(before + 1, net.lnsCalls.established.size(), "the LNS still sets up sessions");
    }

    private static List<byte[]> seeds(final Random random)
    {
        final List<byte[]> seeds = new ArrayList<>();
        seeds.add(ControlMessageCodec.encode(ControlMessageCodecTest.sccrq(true), 0, 0, SECRET, random));
        seeds.add(ControlMessageCodec.zlb(5, 1, 2));
        seeds.add(ControlMessageCodec.encode(ControlMessage.builder(MessageType.CDN, 3, 4)
            .add(Avp.resultCode(2, 8, "why")).add(Avp.u16(AvpType.ASSIGNED_SESSION_ID, true, 9).asHidden()).build(),
            3, 4, SECRET, random));
        seeds.add(new DataMessage(3, 4, new byte[] {(byte)0xFF, 3, (byte)0xC0, 0x21, 1, 1, 0, 4}).encode());
        return seeds;
    }
}
