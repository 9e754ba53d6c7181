package io.portcullis.controlplane.l2tp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.portcullis.controlplane.runtime.ManualScheduler;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Two channels over in-memory links that lose, delay and reorder datagrams (RFC 2661 §5.8). */
class ControlChannelTest
{
    private final ManualScheduler scheduler = new ManualScheduler();
    private final Peer a = new Peer("a");
    private final Peer b = new Peer("b");
    private final LossyLink aToB = new LossyLink(scheduler, 1);
    private final LossyLink bToA = new LossyLink(scheduler, 2);

    /** One end: its channel, what it delivered in order, whether it gave the peer up. */
    private final class Peer implements ControlChannel.Listener
    {
        final String name;
        final List<Integer> delivered = new ArrayList<>();
        ControlChannel channel;
        LossyLink out;
        String dead;

        Peer(final String name)
        {
            this.name = name;
        }

        void open(final ControlChannelConfig config, final LossyLink out)
        {
            this.out = out;
            channel = new ControlChannel(scheduler, config, this,
                (m, ns, nr) -> ControlMessageCodec.encode(m, ns, nr, null, new Random(0)));
            channel.peerTunnelId(name.equals("a") ? 2 : 1);
        }

        void receive(final byte[] datagram)
        {
            try
            {
                channel.onReceive(ControlMessageCodec.readHeader(ByteBuffer.wrap(datagram)), datagram.clone());
            }
            catch (final L2tpProtocolException ex)
            {
                fail(ex.rule());
            }
        }

        @Override
        public void transmit(final byte[] datagram)
        {
            out.accept(datagram);
        }

        @Override
        public void onMessage(final ControlHeader header, final byte[] message)
        {
            try
            {
                final ControlMessage m = ControlMessageCodec.readBody(header, message, null);
                delivered.add(m.has(AvpType.CALL_SERIAL_NUMBER) ? (int)m.u32(AvpType.CALL_SERIAL_NUMBER) : -1);
            }
            catch (final L2tpProtocolException ex)
            {
                fail(ex.rule());
            }
        }

        @Override
        public void onPeerDead(final String reason)
        {
            dead = reason;
        }
    }

    private void open(final ControlChannelConfig config)
    {
        a.open(config, aToB.to(b::receive));
        b.open(config, bToA.to(a::receive));
    }

    private static ControlMessage numbered(final int serial)
    {
        return ControlMessage.builder(MessageType.ICRQ, 2, 0)
            .add(Avp.u16(AvpType.ASSIGNED_SESSION_ID, true, 1))
            .add(Avp.u32(AvpType.CALL_SERIAL_NUMBER, true, serial)).build();
    }

    private static List<Integer> upTo(final int count)
    {
        final List<Integer> list = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            list.add(i);
        }
        return list;
    }

    @Test
    void deliversInOrderExactlyOnceOverLossAndReordering()
    {
        aToB.lossRate(0.3).jitterMs(400);
        bToA.lossRate(0.3).jitterMs(400);
        open(new ControlChannelConfig(8, 1_000, 8_000, 10, 100, 0));
        for (int i = 0; i < 200; i++)
        {
            a.channel.send(numbered(i));
            b.channel.send(numbered(1000 + i));
        }
        scheduler.advanceMs(600_000);
        assertEquals(upTo(200), b.delivered);
        assertEquals(upTo(200).stream().map(i -> 1000 + i).toList(), a.delivered);
        assertTrue(a.channel.idle() && b.channel.idle());
        assertNull(a.dead);
        assertTrue(a.channel.retransmissions() > 0 && b.channel.duplicates() > 0, "the loss really happened");
    }

    @Test
    void honoursPeerReceiveWindow()
    {
        bToA.drop(datagram -> true);  // b's acknowledgements never arrive
        open(new ControlChannelConfig(16, 1_000, 8_000, 5, 100, 0));
        a.channel.peerWindow(3);
        for (int i = 0; i < 10; i++)
        {
            a.channel.send(numbered(i));
        }
        scheduler.advanceMs(500);
        assertEquals(List.of(0, 1, 2), aToB.sent().stream().map(s -> LossyLink.ns(s.datagram())).toList());
        assertEquals(List.of(0, 1, 2), b.delivered);
    }

    @Test
    void windowOpensAsAcknowledgementsArrive()
    {
        open(new ControlChannelConfig(16, 1_000, 8_000, 5, 100, 0));
        a.channel.peerWindow(2);
        for (int i = 0; i < 10; i++)
        {
            a.channel.send(numbered(i));
        }
        scheduler.advanceMs(5_000);
        assertEquals(upTo(10), b.delivered);
        assertEquals(0, a.channel.retransmissions(), "ZLB acks opened the window, nothing timed out");
    }

    @Test
    void discardsMessagesBeyondTheWindowWeAdvertise()
    {
        open(new ControlChannelConfig(2, 1_000, 8_000, 5, 100, 0));
        a.channel.peerWindow(8);
        aToB.drop(datagram -> LossyLink.ns(datagram) == 0 && aToB.sent().size() == 1);  // only the first try of Ns 0
        for (int i = 0; i < 4; i++)
        {
            a.channel.send(numbered(i));
        }
        scheduler.advanceMs(100);
        assertEquals(List.of(), b.delivered);
        assertEquals(2, b.channel.outOfWindow(), "Ns 2 and 3 lie beyond Nr 0 + window 2");
        scheduler.advanceMs(30_000);
        assertEquals(upTo(4), b.delivered);
    }

    @Test
    void discardsDuplicateAndAcknowledgesItAgain()
    {
        open(new ControlChannelConfig(8, 1_000, 8_000, 5, 100, 0));
        a.channel.send(numbered(7));
        scheduler.advanceMs(500);
        final byte[] first = aToB.sent().getFirst().datagram();
        final int zlbsBefore = (int)bToA.sent().stream().filter(s -> LossyLink.zlb(s.datagram())).count();
        b.receive(first);
        scheduler.advanceMs(500);
        assertEquals(List.of(7), b.delivered);
        assertEquals(1, b.channel.duplicates());
        final List<LossyLink.Sent> zlbs = bToA.sent().stream().filter(s -> LossyLink.zlb(s.datagram())).toList();
        assertEquals(zlbsBefore + 1, zlbs.size());
        assertEquals(1, LossyLink.nr(zlbs.getLast().datagram()));
    }

    @Test
    void acknowledgesWithZlbAfterDelayUnlessAMessageCarriesIt()
    {
        open(new ControlChannelConfig(8, 1_000, 8_000, 5, 200, 0));
        a.channel.send(numbered(1));
        scheduler.advanceMs(10);  // arrives at b
        scheduler.advanceMs(150);
        assertTrue(bToA.sent().isEmpty(), "the ack waits for something to ride on");
        scheduler.advanceMs(100);
        assertEquals(1, bToA.sent().size());
        assertTrue(LossyLink.zlb(bToA.sent().getFirst().datagram()));
        assertEquals(1, LossyLink.nr(bToA.sent().getFirst().datagram()));

        a.channel.send(numbered(2));
        scheduler.advanceMs(20);
        b.channel.send(numbered(3));
        scheduler.advanceMs(1_000);
        assertEquals(2, bToA.sent().size(), "b's reply carried Nr 2: no second ZLB");
        assertEquals(2, LossyLink.nr(bToA.sent().get(1).datagram()));
    }

    @Test
    void retransmitsWithDoublingCappedTimeoutThenGivesUp()
    {
        aToB.drop(datagram -> true);
        open(new ControlChannelConfig(8, 1_000, 4_000, 5, 100, 0));
        a.channel.send(numbered(1));
        scheduler.advanceMs(120_000);
        assertEquals(List.of(0L, 1_000L, 3_000L, 7_000L, 11_000L, 15_000L),
            aToB.sent().stream().map(LossyLink.Sent::atMs).toList());
        assertTrue(a.dead != null && a.dead.contains("RFC 2661 §5.8"), a.dead);
        a.channel.send(numbered(2));
        assertEquals(6, aToB.sent().size(), "a dead channel sends nothing");
    }

    @Test
    void acknowledgementResetsTheBackOff()
    {
        aToB.drop(datagram -> aToB.sent().size() <= 2);  // first try and first retry lost
        open(new ControlChannelConfig(8, 1_000, 8_000, 5, 100, 0));
        a.channel.send(numbered(1));
        scheduler.advanceMs(10_000);
        aToB.drop(datagram -> true);
        a.channel.send(numbered(2));
        scheduler.advanceMs(1_500);
        final List<Long> times = aToB.sent().stream().map(LossyLink.Sent::atMs).toList();
        assertEquals(List.of(0L, 1_000L, 3_000L, 10_000L, 11_000L), times, "back to 1 s after the ack");
    }

    @Test
    void sendsHelloAfterSilenceAndDetectsDeadPeer()
    {
        open(new ControlChannelConfig(8, 1_000, 8_000, 3, 100, 60_000));
        scheduler.advanceMs(59_000);
        assertTrue(aToB.sent().isEmpty());
        scheduler.advanceMs(2_000);
        final byte[] hello = aToB.sent().getFirst().datagram();
        assertEquals(MessageType.HELLO.code(), hello[19]);
        scheduler.advanceMs(1_000);
        assertNull(a.dead, "b acknowledged the HELLO");

        aToB.drop(datagram -> true);
        bToA.drop(datagram -> true);
        scheduler.advanceMs(200_000);
        assertTrue(a.dead != null && a.dead.contains("no acknowledgement"), "HELLO unanswered: peer dead");
        assertFalse(b.dead == null, "b's own HELLO went unanswered too");
    }

    @Test
    void sequenceNumbersWrapAround()
    {
        open(new ControlChannelConfig(64, 100, 800, 5, 50, 0));
        a.channel.peerWindow(64);
        for (int i = 0; i < 70_000; i++)
        {
            a.channel.send(numbered(i));
            if (i % 64 == 0)
            {
                scheduler.advanceMs(100);
            }
        }
        scheduler.advanceMs(1_000_000);
        assertEquals(70_000, b.delivered.size());
        assertEquals(69_999, (int)b.delivered.getLast());
        assertEquals(0, a.channel.retransmissions());
    }
}
