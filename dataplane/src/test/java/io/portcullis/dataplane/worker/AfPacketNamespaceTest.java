package io.portcullis.dataplane.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.portcullis.dataplane.counters.CountersFile;
import io.portcullis.dataplane.port.Eal;
import io.portcullis.dataplane.port.EthDevice;
import io.portcullis.dataplane.port.Mempool;
import io.portcullis.dataplane.port.PortConfig;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.worker.ClientPeer.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real Linux hosts against the dataplane: the test makes two network namespaces, each joined
 * to this one by a veth pair whose outer end DPDK's net_af_packet takes: a WAN host at
 * 192.0.2.254/24 facing the worker's WAN port (192.0.2.1) and a LAN host at 10.1.0.254/24 facing
 * its LAN port (10.1.0.1). Each host's kernel must resolve the appliance with ARP (RFC 826)
 * and get answers to its pings (RFC 792): the WAN host pings the WAN address, the LAN host
 * the LAN address and, through it, the WAN address; and hosts that hold a former MAC for those
 * addresses must take the new one from the dataplane's ARP announcements (RFC 5227 §2.3). The
 * namespaces and veth pairs are removed afterwards, even on failure.
 */
class AfPacketNamespaceTest
{
    private static final String IP = "/usr/sbin/ip";
    private final String suffix = String.valueOf(ProcessHandle.current().pid() % 100_000);
    private final String wanHost = "pcdp" + suffix;
    private final String lanHost = "pcdl" + suffix;
    private final String ourWan = "pcdpw" + suffix;
    private final String theirWan = "pcdph" + suffix;
    private final String ourLan = "pcdlw" + suffix;
    private final String theirLan = "pcdlh" + suffix;

    @Test
    void linuxHostsInNamespacesArpAndPingTheApplianceOnBothSides() throws Exception
    {
        assumeTrue(Files.isExecutable(Path.of(IP)), "iproute2 is missing (apt-get install iproute2)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ping")), "ping is missing (apt-get install iputils-ping)");
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        Eal.initForTests();
        try
        {
            host(wanHost, ourWan, theirWan, "192.0.2.254/24");
            host(lanHost, ourLan, theirLan, "10.1.0.254/24");
            sh(IP, "netns", "exec", lanHost, IP, "route", "add", "192.0.2.0/24", "via", "10.1.0.1");
            final String[][] results = pingThroughTheDataplane(
                new String[] {wanHost, "192.0.2.1"}, new String[] {lanHost, "10.1.0.1"},
                new String[] {lanHost, "192.0.2.1"});
            for (final String[] result : results)
            {
                assertEquals("0", result[0], "ping failed:\n" + result[1]);
                assertTrue(result[1].contains("3 received"), result[1]);
            }
            final String wanNeighbour = sh(IP, "netns", "exec", wanHost, IP, "neigh", "show", "192.0.2.1");
            assertTrue(wanNeighbour.contains("lladdr " + results[0][2]), "the WAN host learnt our MAC: " + wanNeighbour);
            final String lanNeighbour = sh(IP, "netns", "exec", lanHost, IP, "neigh", "show", "10.1.0.1");
            assertTrue(lanNeighbour.contains("lladdr " + results[1][2]), "the LAN host learnt our MAC: " + lanNeighbour);
        }
        finally
        {
            run(IP, "link", "del", ourWan);
            run(IP, "link", "del", ourLan);
            run(IP, "netns", "del", wanHost);
            run(IP, "netns", "del", lanHost);
        }
    }

    /**
     * RFC 5227 §2.3: hosts that still hold a MAC of a former appliance for its addresses (a
     * replaced box, a restarted namespace with a new veth) send nothing that would make them ask
     * again until their entries expire; the dataplane's announcements on start put the new MAC
     * in their caches without any traffic from them.
     */
    @Test
    void announcementsReplaceAFormerMacInTheHostsNeighbourCaches() throws Exception
    {
        assumeTrue(Files.isExecutable(Path.of(IP)), "iproute2 is missing (apt-get install iproute2)");
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        Eal.initForTests();
        final String formerMac = "02:00:5e:00:53:99";
        try
        {
            host(wanHost, ourWan, theirWan, "192.0.2.254/24");
            host(lanHost, ourLan, theirLan, "10.1.0.254/24");
            sh(IP, "netns", "exec", wanHost, IP, "neigh", "replace", "192.0.2.1", "lladdr", formerMac, "dev", theirWan,
                "nud", "stale");
            sh(IP, "netns", "exec", lanHost, IP, "neigh", "replace", "10.1.0.1", "lladdr", formerMac, "dev", theirLan,
                "nud", "stale");
            final Mempool mbufs = Mempool.create("af-packet-announce", 2047);
            final EthDevice wan = EthDevice.open("net_af_packet_aw" + suffix + ",iface=" + ourWan, PortConfig.queues(1),
                mbufs);
            final EthDevice lan = EthDevice.open("net_af_packet_al" + suffix + ",iface=" + ourLan, PortConfig.queues(1),
                mbufs);
            try (Dataplane dataplane = new Dataplane(List.of(wan.port(0)), List.of(lan.port(0)),
                new Dataplane.PortSettings(mac(wan), ip("192.0.2.1"), 1500),
                new Dataplane.PortSettings(mac(lan), ip("10.1.0.1"), 1500), 0, WorkerBuilder.Limits.defaults(),
                CountersFile.inMemory(1024), new SystemNanoClock()))
            {
                wan.start();
                lan.start();
                final Worker worker = dataplane.workers().getFirst();
                worker.announceAddresses();
                final String wanExpected = "lladdr " + macText(wan);
                final String lanExpected = "lladdr " + macText(lan);
                String wanNeighbour = "";
                String lanNeighbour = "";
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                long nextLookNs = 0;
                while (System.nanoTime() < deadline &&
                    !(wanNeighbour.contains(wanExpected) && lanNeighbour.contains(lanExpected)))
                {
                    worker.doWork();
                    if (System.nanoTime() - nextLookNs >= 0)
                    {
                        wanNeighbour = sh(IP, "netns", "exec", wanHost, IP, "neigh", "show", "192.0.2.1");
                        lanNeighbour = sh(IP, "netns", "exec", lanHost, IP, "neigh", "show", "10.1.0.1");
                        nextLookNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                    }
                }
                assertTrue(wanNeighbour.contains(wanExpected), "the WAN host took our MAC: " + wanNeighbour);
                assertTrue(lanNeighbour.contains(lanExpected), "the LAN host took our MAC: " + lanNeighbour);
            }
            finally
            {
                wan.close();
                lan.close();
                mbufs.close();
            }
        }
        finally
        {
            run(IP, "link", "del", ourWan);
            run(IP, "link", "del", ourLan);
            run(IP, "netns", "del", wanHost);
            run(IP, "netns", "del", lanHost);
        }
    }

    /** A namespace with one end of a veth pair, {@code address} on it; the other end stays here, up. */
    private static void host(final String namespace, final String ours, final String theirs, final String address)
        throws Exception
    {
        sh(IP, "netns", "add", namespace);
        sh(IP, "link", "add", ours, "type", "veth", "peer", "name", theirs);
        sh(IP, "link", "set", theirs, "netns", namespace);
        sh(IP, "link", "set", ours, "up");
        sh(IP, "netns", "exec", namespace, IP, "addr", "add", address, "dev", theirs);
        sh(IP, "netns", "exec", namespace, IP, "link", "set", theirs, "up");
        sh(IP, "netns", "exec", namespace, IP, "link", "set", "lo", "up");
    }

    /**
     * Runs a worker on this thread while each {namespace, address} pings in turn; returns per
     * ping its exit status, its output and the MAC of the port it faced.
     */
    private String[][] pingThroughTheDataplane(final String[]... pings) throws Exception
    {
        final Mempool mbufs = Mempool.create("af-packet-test", 2047);
        final EthDevice wan = EthDevice.open("net_af_packet_w" + suffix + ",iface=" + ourWan, PortConfig.queues(1), mbufs);
        final EthDevice lan = EthDevice.open("net_af_packet_l" + suffix + ",iface=" + ourLan, PortConfig.queues(1), mbufs);
        try (Dataplane dataplane = new Dataplane(List.of(wan.port(0)), List.of(lan.port(0)),
            new Dataplane.PortSettings(mac(wan), ip("192.0.2.1"), 1500),
            new Dataplane.PortSettings(mac(lan), ip("10.1.0.1"), 1500), 0, WorkerBuilder.Limits.defaults(),
            CountersFile.inMemory(1024), new SystemNanoClock()))
        {
            dataplane.commands().addRoute(ip("192.0.2.0"), 24, 0, Worker.PORT_WAN, 1500);
            dataplane.commands().addRoute(ip("10.1.0.0"), 24, 0, Worker.PORT_LAN, 1500);
            wan.start();
            lan.start();
            final Worker worker = dataplane.workers().getFirst();
            final String[][] results = new String[pings.length][];
            for (int k = 0; k < pings.length; k++)
            {
                final Path log = Files.createTempFile("ping", ".txt");
                final Process ping = new ProcessBuilder(IP, "netns", "exec", pings[k][0], "ping", "-c", "3", "-i",
                    "0.2", "-W", "10", pings[k][1]).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (ping.isAlive() && System.nanoTime() < deadline)
                {
                    if (worker.doWork() == 0)
                    {
                        Thread.onSpinWait();
                    }
                }
                ping.destroy();
                final int status = ping.waitFor();
                final String output = Files.readString(log);
                Files.delete(log);
                results[k] = new String[] {String.valueOf(status), output,
                    macText(pings[k][0].equals(wanHost) ? wan : lan)};
            }
            return results;
        }
        finally
        {
            wan.close();
            lan.close();
            mbufs.close();
        }
    }

    private static long mac(final EthDevice device)
    {
        long mac = 0;
        for (final byte b : device.macAddress())
        {
            mac = (mac << 8) | (b & 0xFF);
        }
        return mac;
    }

    private static String macText(final EthDevice device)
    {
        return java.util.HexFormat.ofDelimiter(":").formatHex(device.macAddress());
    }

    private static String sh(final String... command) throws Exception
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
        return output;
    }

    /** Clean-up: best effort, the result does not matter. */
    private static void run(final String... command) throws Exception
    {
        new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
    }
}
