package io.portcullis.dataplane.l2tp;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.packet.PacketVector;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.l2tp.L2tpPackets.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast path allocates nothing per packet: l2tp-decap and l2tp-encap over a vector many
 * times, the thread's allocated bytes read before and after (HotSpot's per-thread counter).
 * The session is a loopback (its peer is itself), so what l2tp-encap writes, in place, is what
 * l2tp-decap takes in the next round. Throughput is JMH's business, not this test's.
 */
class L2tpAllocationTest
{
    private static final int ROUNDS = 20_000;
    /** What reading the counter itself may cost, with room to spare; a per-packet allocation is ~MBs. */
    private static final long SLACK_BYTES = 4096;

    @Test
    void decapAndEncapAllocateNothingPerPacket()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (L2tpTestBed bed = new L2tpTestBed())
        {
            final int handle = bed.add(new L2tpSessionConfig(OUR_TUNNEL, OUR_SESSION, OUR_TUNNEL, OUR_SESSION,
                Packets.address(CLIENT), 1701, Packets.address(CLIENT), 1701, true, true, true, false, false,
                Packets.address(CLIENT_PPP), 0, 0));
            final List<byte[]> packets = new ArrayList<>();
            for (int k = 0; k < 8; k++)
            {
                packets.add(fromClient(data(ppp(0x0021, ipv4(CLIENT_PPP, LAN_HOST, 100 + k)))));
            }
            packets.add(fromClient(data(ppp(0xC021, lcpEchoRequest()))));          // punted
            packets.add(fromClient(l2tp(L | VERSION_2, 9, 9, 0, 0, new byte[4])));  // dropped
            bed.load(packets, L2tpTestBed.HEADROOM);
            final PacketVector v = bed.vector;
            final long[] address = new long[v.size()];
            final int[] offset = new int[v.size()];
            final int[] length = new int[v.size()];
            for (int i = 0; i < v.size(); i++)
            {
                address[i] = v.bufferAddress(i);
                offset[i] = v.offset(i);
                length[i] = v.length(i);
            }

            run(bed, address, offset, length);  // warm up: class loading, JIT
            final long before = threads.getCurrentThreadAllocatedBytes();
            run(bed, address, offset, length);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertTrue(allocated < SLACK_BYTES, allocated + " bytes allocated in " + ROUNDS + " vectors");
            assertEquals(2L * ROUNDS * 8, bed.count(L2tpCounter.DECAPSULATED));
            assertEquals(2L * ROUNDS * 8, bed.count(L2tpCounter.ENCAPSULATED));
            assertEquals(0, bed.count(L2tpCounter.DATA_LOST) + bed.count(L2tpCounter.STALE_NS));
        }
    }

    /** Each round: the packets through l2tp-decap, then their inner packets through l2tp-encap. */
    private static void run(final L2tpTestBed bed, final long[] address, final int[] offset, final int[] length)
    {
        final PacketVector v = bed.vector;
        for (int round = 0; round < ROUNDS; round++)
        {
            v.clear();
            for (int i = 0; i < address.length; i++)
            {
                v.add(address[i], L2tpTestBed.BUFFER_SIZE, offset[i], length[i]);
            }
            bed.decap.process(v);
            for (int i = 0; i < v.size(); i++)
            {
                if (v.next(i) != PacketVector.NEXT_FORWARD)
                {
                    v.next(i, PacketVector.NEXT_DROP);  // l2tp-encap skips them, as the graph would
                }
            }
            bed.encap.process(v);
            for (int i = 0; i < v.size(); i++)
            {
                if (v.next(i) == PacketVector.NEXT_FORWARD)
                {
                    offset[i] = v.offset(i);
                    length[i] = v.length(i);
                }
            }
        }
    }
}
