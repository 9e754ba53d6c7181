package io.portcullis.dataplane.ip;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.ip.AddressClass.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Longest-prefix match over overlapping LAN, client and local routes. */
class RouteTableTest
{
    private final RouteTable table = new RouteTable(64);

    private int lookup(final String destination)
    {
        return table.lookup(parse(destination));
    }

    @Test
    void mostSpecificOfOverlappingPrefixesWins()
    {
        final int defaultRoute = table.addLan(0, 0, parse("192.0.2.254"), 0, 1500);
        final int eight = table.addLan(parse("10.0.0.0"), 8, parse("192.168.1.1"), 1, 1500);
        final int sixteen = table.addLan(parse("10.1.0.0"), 16, parse("192.168.1.2"), 1, 1500);
        final int onLink = table.addLan(parse("10.1.2.0"), 24, 0, 2, 9000);
        final int client = table.addClient(parse("10.1.2.3"), 77, 1396);
        final int local = table.addLocal(parse("10.1.2.1"));

        assertEquals(defaultRoute, lookup("8.8.8.8"));
        assertEquals(eight, lookup("10.200.0.1"));
        assertEquals(sixteen, lookup("10.1.200.1"));
        assertEquals(onLink, lookup("10.1.2.4"));
        assertEquals(client, lookup("10.1.2.3"));
        assertEquals(local, lookup("10.1.2.1"));

        assertEquals(RouteTable.KIND_CLIENT, table.kind(client));
        assertEquals(77, table.session(client));
        assertEquals(1396, table.mtu(client));
        assertEquals(RouteTable.KIND_LOCAL, table.kind(local));
        assertEquals(RouteTable.KIND_LAN, table.kind(onLink));
        assertEquals(0, table.nextHop(onLink));
        assertEquals(2, table.port(onLink));
        assertEquals(9000, table.mtu(onLink));
        assertEquals(parse("192.168.1.2"), table.nextHop(sixteen));
        assertEquals(parse("10.1.0.0"), table.prefix(sixteen));
        assertEquals(16, table.prefixLength(sixteen));
        assertEquals(6, table.size());
    }

    @Test
    void withoutADefaultRouteUnmatchedDestinationsHaveNone()
    {
        table.addLan(parse("10.0.0.0"), 8, 0, 0, 1500);
        assertEquals(RouteTable.NO_ROUTE, lookup("11.0.0.1"));
        assertEquals(RouteTable.NO_ROUTE, new RouteTable(1).lookup(parse("10.0.0.1")));
    }

    @Test
    void removingAMoreSpecificRouteFallsBackToTheShorterOne()
    {
        final int sixteen = table.addLan(parse("10.1.0.0"), 16, 0, 1, 1500);
        table.addClient(parse("10.1.0.9"), 5, 1400);
        assertTrue(table.remove(parse("10.1.0.9"), 32));
        assertEquals(sixteen, lookup("10.1.0.9"));
        assertFalse(table.remove(parse("10.1.0.9"), 32));
        assertTrue(table.remove(parse("10.1.0.0"), 16));
        assertEquals(RouteTable.NO_ROUTE, lookup("10.1.0.9"));
        assertEquals(0, table.size());
    }

    @Test
    void samePrefixWithAnotherLengthIsAnotherRoute()
    {
        final int eight = table.addLan(parse("10.0.0.0"), 8, 0, 1, 1500);
        final int twentyFour = table.addLan(parse("10.0.0.0"), 24, 0, 2, 1500);
        assertEquals(twentyFour, lookup("10.0.0.200"));
        assertEquals(eight, lookup("10.0.1.200"));
        assertEquals(eight, table.find(parse("10.0.0.0"), 8));
    }

    @Test
    void addingAnExistingPrefixReplacesItKeepingItsId()
    {
        final int first = table.addClient(parse("10.9.0.1"), 1, 1400);
        final int second = table.addClient(parse("10.9.0.1"), 2, 1380);
        assertEquals(first, second);
        assertEquals(2, table.session(first));
        assertEquals(1, table.size());
    }

    @Test
    void aFullTableRefusesNewRoutesButStillReplaces()
    {
        final RouteTable small = new RouteTable(2);
        small.addClient(parse("10.0.0.1"), 1, 1400);
        final int second = small.addClient(parse("10.0.0.2"), 2, 1400);
        assertEquals(RouteTable.NO_ROUTE, small.addClient(parse("10.0.0.3"), 3, 1400));
        assertEquals(second, small.addClient(parse("10.0.0.2"), 4, 1400));
        small.remove(parse("10.0.0.1"), 32);
        assertTrue(small.addClient(parse("10.0.0.3"), 3, 1400) >= 0);
    }

    @Test
    void failsWhenHostBitsAreSet()
    {
        assertThrows(IllegalArgumentException.class, () -> table.addLan(parse("10.1.2.3"), 8, 0, 0, 1500));
    }

    @Test
    void failsWhenPrefixLengthIsOutOfRange()
    {
        assertThrows(IllegalArgumentException.class, () -> table.addLan(0, 33, 0, 0, 1500));
        assertThrows(IllegalArgumentException.class, () -> table.addLan(0, -1, 0, 0, 1500));
    }

    @Test
    void agreesWithALinearScanOnRandomOverlappingTables()
    {
        final Random random = new Random(1812);
        final RouteTable big = new RouteTable(3000);
        final List<int[]> routes = new ArrayList<>();  // {prefix, length, id}
        for (int k = 0; k < 2500; k++)
        {
            // Prefixes under a few /8s so that they overlap a lot.
            final int length = random.nextInt(4) == 0 ? 32 : 8 + random.nextInt(25);
            final int address = ((10 + random.nextInt(3)) << 24) | (random.nextInt() >>> 8);
            final int prefix = length == 0 ? 0 : address & (-1 << (32 - length));
            final int id = big.addLan(prefix, length, k, 0, 1500);
            routes.removeIf(r -> r[0] == prefix && r[1] == length);
            routes.add(new int[] {prefix, length, id});
        }
        for (int k = 0; k < 300; k++)  // and remove some
        {
            final int[] r = routes.remove(random.nextInt(routes.size()));
            assertTrue(big.remove(r[0], r[1]));
        }
        for (int k = 0; k < 20_000; k++)
        {
            final int destination = ((9 + random.nextInt(5)) << 24) | (random.nextInt() >>> 8);
            assertEquals(linearScan(routes, destination), big.lookup(destination), AddressClass.toString(destination));
        }
    }

    /** The reference: the id of the longest of {@code routes} ({prefix, length, id}) covering the destination. */
    private static int linearScan(final List<int[]> routes, final int destination)
    {
        int expected = RouteTable.NO_ROUTE;
        int bestLength = -1;
        for (final int[] r : routes)
        {
            final int mask = r[1] == 0 ? 0 : -1 << (32 - r[1]);
            if ((destination & mask) == r[0] && r[1] > bestLength)
            {
                bestLength = r[1];
                expected = r[2];
            }
        }
        return expected;
    }

    /** The lookup cache must never answer with a route removed, replaced or overtaken since. */
    @Test
    void repeatedLookupsStayRightWhileRoutesChange()
    {
        final Random random = new Random(1191);
        final RouteTable table = new RouteTable(64);
        final List<int[]> routes = new ArrayList<>();  // {prefix, length, id}
        final int[] destinations = new int[40];
        for (int k = 0; k < destinations.length; k++)
        {
            destinations[k] = (10 << 24) | (random.nextInt(4) << 16) | (random.nextInt(4) << 8) | random.nextInt(4);
        }
        for (int step = 0; step < 20_000; step++)
        {
            final int action = random.nextInt(10);
            if (action == 0 && routes.size() < 60)
            {
                final int length = new int[] {0, 8, 16, 24, 32}[random.nextInt(5)];
                final int destination = destinations[random.nextInt(destinations.length)];
                final int prefix = length == 0 ? 0 : destination & (-1 << (32 - length));
                final int id = random.nextBoolean() ? table.addLan(prefix, length, 0, 0, 1500) :
                    length == 32 ? table.addClient(prefix, step, 1400) : table.addLan(prefix, length, 0, 1, 1500);
                routes.removeIf(r -> r[0] == prefix && r[1] == length);
                routes.add(new int[] {prefix, length, id});
            }
            else if (action == 1 && !routes.isEmpty())
            {
                final int[] r = routes.remove(random.nextInt(routes.size()));
                assertTrue(table.remove(r[0], r[1]));
            }
            else
            {
                final int destination = destinations[random.nextInt(destinations.length)];
                assertEquals(linearScan(routes, destination), table.lookup(destination),
                    "step " + step + " " + AddressClass.toString(destination));
            }
        }
    }

    @Test
    void tenThousandClientsEachFindTheirSession()
    {
        final RouteTable clients = new RouteTable(10_001);
        clients.addLan(parse("100.64.0.0"), 10, 0, 0, 1500);
        for (int k = 0; k < 10_000; k++)
        {
            clients.addClient(parse("100.64.0.0") + k, 1000 + k, 1400);
        }
        for (int k = 0; k < 10_000; k++)
        {
            assertEquals(1000 + k, clients.session(clients.lookup(parse("100.64.0.0") + k)));
        }
        assertEquals(RouteTable.KIND_LAN, clients.kind(clients.lookup(parse("100.64.0.0") + 10_000)));
    }

    @Test
    void lookupAllocatesNothing()
    {
        table.addLan(0, 0, 1, 0, 1500);
        table.addLan(parse("10.0.0.0"), 8, 0, 1, 1500);
        table.addClient(parse("10.0.0.7"), 7, 1400);
        final int[] sink = new int[1];
        final long bytes = Allocations.bytesAllocatedBy(() ->
        {
            for (int k = 0; k < 100_000; k++)
            {
                sink[0] += table.lookup(k * 0x9E3779B9);
            }
        });
        assertEquals(0, bytes);
    }
}
