package io.portcullis.dataplane.packet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PacketVectorTest
{
    private static final int FORK = 17;

    @Test
    void moveToTakesTheMatchingPacketsInOrderAndClosesTheGaps()
    {
        final PacketVector from = vector(5);
        from.next(1, FORK);
        from.next(3, FORK);
        from.next(4, PacketVector.NEXT_DROP);
        final PacketVector to = vector(1);  // moved packets go after what it holds

        from.moveTo(FORK, to);

        assertEquals(3, to.size());
        assertPacket(to, 0, 0, PacketVector.NEXT_FORWARD);
        assertPacket(to, 1, 1, PacketVector.NEXT_FORWARD);
        assertPacket(to, 2, 3, PacketVector.NEXT_FORWARD);
        assertEquals(3, from.size());
        assertPacket(from, 0, 0, PacketVector.NEXT_FORWARD);
        assertPacket(from, 1, 2, PacketVector.NEXT_FORWARD);
        assertPacket(from, 2, 4, PacketVector.NEXT_DROP);
    }

    @Test
    void moveToOfNoMatchingPacketLeavesBothAsTheyWere()
    {
        final PacketVector from = vector(4);
        from.next(2, PacketVector.NEXT_DROP);
        final PacketVector to = new PacketVector();

        from.moveTo(FORK, to);

        assertEquals(0, to.size());
        assertEquals(4, from.size());
        for (int i = 0; i < 4; i++)
        {
            assertPacket(from, i, i, i == 2 ? PacketVector.NEXT_DROP : PacketVector.NEXT_FORWARD);
        }
    }

    @Test
    void moveToOfEveryPacketIntoAnEmptyVectorHandsThemAllOverAsForward()
    {
        final PacketVector from = vector(PacketVector.MAX_SIZE);
        final PacketVector to = new PacketVector();
        to.add(99, 99, 99, 99);  // cleared, its stale arrays must not show through
        to.clear();
        for (int i = 0; i < from.size(); i++)
        {
            from.next(i, FORK);
        }

        from.moveTo(FORK, to);

        assertEquals(0, from.size());
        assertEquals(PacketVector.MAX_SIZE, to.size());
        for (int i = 0; i < to.size(); i++)
        {
            assertPacket(to, i, i, PacketVector.NEXT_FORWARD);
        }
        // and both still work as vectors afterwards
        assertEquals(0, from.add(7, 7, 7, 7, 7));
        assertEquals(PacketVector.NEXT_FORWARD, from.next(0));
        to.next(5, FORK);
        to.moveTo(FORK, from);
        assertEquals(2, from.size());
        assertPacket(from, 1, 5, PacketVector.NEXT_FORWARD);
        assertEquals(PacketVector.MAX_SIZE - 1, to.size());
        assertPacket(to, 5, 6, PacketVector.NEXT_FORWARD);
    }

    /** A vector of {@code n} packets whose every field says which packet it is. */
    private static PacketVector vector(final int n)
    {
        final PacketVector vector = new PacketVector();
        for (int i = 0; i < n; i++)
        {
            vector.add(1000 + i, 2000 + i, 3000 + i, 4000 + i, 5000 + i);
            vector.handle(i, 6000 + i);
            vector.pendingChecksum(i, 7000 + i);
        }
        return vector;
    }

    private static void assertPacket(final PacketVector vector, final int i, final int packet, final int next)
    {
        final String where = "index " + i;
        assertEquals(1000 + packet, vector.mbuf(i), where);
        assertEquals(2000 + packet, vector.bufferAddress(i), where);
        assertEquals(3000 + packet, vector.bufferCapacity(i), where);
        assertEquals(4000 + packet, vector.offset(i), where);
        assertEquals(5000 + packet, vector.length(i), where);
        assertEquals(6000 + packet, vector.handle(i), where);
        assertEquals(7000 + packet, vector.pendingChecksum(i), where);
        assertEquals(next, vector.next(i), where);
    }
}
