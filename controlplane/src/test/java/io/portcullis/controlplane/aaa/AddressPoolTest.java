package io.portcullis.controlplane.aaa;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressPoolTest
{
    private static final int FIRST = 0x0A000000;

    @Test
    void neverHandsOutAnAddressTwiceUnderChurn()
    {
        final AddressPool pool = new AddressPool(FIRST, FIRST + 99);
        final Random random = new Random(9);
        final Set<Integer> inUse = new HashSet<>();
        final Object[] holders = new Object[300];
        final int[] held = new int[300];
        for (int step = 0; step < 100_000; step++)
        {
            final int h = random.nextInt(holders.length);
            if (holders[h] == null)
            {
                holders[h] = new Object();
                final int address = pool.lease(holders[h]);
                if (address == 0)
                {
                    assertEquals(100, inUse.size(), "0 only when the pool is full");
                    holders[h] = null;
                    continue;
                }
                assertTrue(pool.contains(address));
                assertTrue(inUse.add(address), "handed out twice: " + Integer.toHexString(address));
                held[h] = address;
            }
            else
            {
                pool.release(holders[h]);
                pool.release(holders[h]);  // twice does nothing
                inUse.remove(held[h]);
                holders[h] = null;
            }
            assertEquals(inUse.size(), pool.leasedCount());
        }
    }

    @Test
    void reusesAReleasedAddressLast()
    {
        final AddressPool pool = new AddressPool(FIRST, FIRST + 2);
        final Object a = new Object();
        assertEquals(FIRST, pool.lease(a));
        pool.release(a);
        assertEquals(FIRST + 1, pool.lease(new Object()));
        assertEquals(FIRST + 2, pool.lease(new Object()));
        assertEquals(FIRST, pool.lease(new Object()), "wrapped around to the free one");
        assertEquals(0, pool.lease(new Object()));
    }

    @Test
    void sameHolderKeepsItsAddress()
    {
        final AddressPool pool = new AddressPool(FIRST, FIRST + 9);
        final Object a = new Object();
        assertEquals(pool.lease(a), pool.lease(a));
        assertEquals(1, pool.leasedCount());
    }

    @Test
    void exactLeaseRespectsOthers()
    {
        final AddressPool pool = new AddressPool(FIRST, FIRST + 9);
        assertTrue(pool.leaseExactly("carol", FIRST + 5));
        assertFalse(pool.leaseExactly("dave", FIRST + 5), "taken");
        assertFalse(pool.leaseExactly("dave", FIRST + 10), "outside");
        for (int i = 0; i < 9; i++)
        {
            assertTrue(pool.lease("h" + i) != FIRST + 5);
        }
        assertEquals(0, pool.lease("full"));
    }

    @Test
    void rejectsBackwardsRange()
    {
        assertThrows(IllegalArgumentException.class, () -> new AddressPool(FIRST + 1, FIRST));
    }
}
