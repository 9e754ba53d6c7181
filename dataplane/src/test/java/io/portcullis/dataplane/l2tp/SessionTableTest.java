package io.portcullis.dataplane.l2tp;

import io.portcullis.dataplane.api.L2tpSessionConfig;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.l2tp.L2tpPackets.serverSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTableTest
{
    private static L2tpSessionConfig session(final int tunnel, final int session)
    {
        return L2tpSessionConfig.of(tunnel, session, 7, 8, 1, 2, 3, 0);
    }

    @Test
    void looksUpByOurIdsAndByHandle()
    {
        final SessionTable table = new SessionTable();
        final int a = table.add(session(1, 1));
        final int b = table.add(session(1, 2));
        final int c = table.add(session(0xFFFF, 0xFFFF));  // the sign bit of the key must not matter
        assertEquals(3, table.size());
        assertNotEquals(0, a);
        assertSame(table.session(a), table.lookup(1, 1));
        assertSame(table.session(b), table.lookup(1, 2));
        assertSame(table.session(c), table.lookup(0xFFFF, 0xFFFF));
        assertNull(table.lookup(2, 1));
        assertNull(table.lookup(1, 3));
        assertNull(table.session(0));
        assertNull(table.session(-1));
        assertNull(table.session(1000));
    }

    @Test
    void failsWhenOurIdsAreAlreadyInstalled()
    {
        final SessionTable table = new SessionTable();
        table.add(session(5, 6));
        assertThrows(IllegalArgumentException.class, () -> table.add(session(5, 6)));
    }

    @Test
    void failsWhenAnIdIsZeroOrWiderThan16Bits()
    {
        assertThrows(IllegalArgumentException.class, () -> session(0, 1));
        assertThrows(IllegalArgumentException.class, () -> session(1, 0x10000));
        assertThrows(IllegalArgumentException.class, () -> L2tpSessionConfig.of(1, 1, 0, 1, 1, 2, 3, 0));
    }

    @Test
    void removedSessionIsGoneAndItsHandleReused()
    {
        final SessionTable table = new SessionTable();
        final int a = table.add(session(1, 1));
        table.add(session(1, 2));
        assertTrue(table.remove(a));
        assertFalse(table.remove(a));
        assertNull(table.lookup(1, 1));
        assertNull(table.session(a));
        assertEquals(a, table.add(session(9, 9)));
    }

    @Test
    void removingATunnelRemovesItsSessionsOnly()
    {
        final SessionTable table = new SessionTable();
        table.add(session(1, 1));
        table.add(session(1, 2));
        final int other = table.add(session(2, 1));
        assertEquals(2, table.removeTunnel(1));
        assertEquals(1, table.size());
        assertSame(table.session(other), table.lookup(2, 1));
    }

    @Test
    void growsPastItsFirstArray()
    {
        final SessionTable table = new SessionTable();
        for (int k = 1; k <= 200; k++)
        {
            assertEquals(k, table.add(session(k, k)));
        }
        assertEquals(150, table.lookup(150, 150).handle());
    }

    @Test
    void updateKeepsHandleSequenceAndCounters()
    {
        final SessionTable table = new SessionTable();
        final int handle = table.add(serverSession(0));
        final L2tpSession before = table.session(handle);
        before.nextNs = 17;
        before.expectedNs = 4;
        before.rxBytes = 1000;
        before.txPackets = 3;
        table.update(handle, serverSession(5).withSequencing(true));
        final L2tpSession after = table.lookup(L2tpPackets.OUR_TUNNEL, L2tpPackets.OUR_SESSION);
        assertSame(table.session(handle), after);
        assertTrue(after.sequencing);
        assertEquals(5, after.espSaHandle);
        assertEquals(17, after.nextNs());
        assertEquals(4, after.expectedNs());
        assertEquals(1000, after.rxBytes());
        assertEquals(3, after.txPackets());
        assertThrows(IllegalArgumentException.class, () -> table.update(handle, session(9, 9)));
        assertThrows(IllegalArgumentException.class, () -> table.update(handle + 1, serverSession(0)));
    }
}
