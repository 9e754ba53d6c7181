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
 * A real Linux host against the dataplane: the test makes a network namespace and a veth pair,
 * puts one end in the namespace with 192.0.2.254/24 and gives the other to DPDK's
 * net_af_packet as the WAN port of a worker that owns 192.0.2.1. The host's kernel must
 * resolve the appliance with ARP (RFC 826) and get answers to its pings (RFC 792). The
 * namespace and the veth pair are removed afterwards, even on failure.
 */
class AfPacketNamespaceTest
{
    private static final String IP = "/usr/sbin/ip";
    private final String suffix = String.valueOf(ProcessHandle.current().pid() % 100_000);
    private final String namespace = "pcdp" + suffix;
    private final String ours = "pcdpw" + suffix;
    private final String theirs = "pcdph" + suffix;

    @Test
    void aLinuxHostInANamespaceArpsAndPingsTheAppliance() throws Exception
    {
        assumeTrue(Files.isExecutable(Path.of(IP)), "iproute2 is missing (apt-get install iproute2)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ping")), "ping is missing (apt-get install iputils-ping)");
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        Eal.initForTests();
        try
        {
            sh(IP, "netns", "add", namespace);
            sh(IP, "link", "add", ours, "type", "veth", "peer", "name", theirs);
            sh(IP, "link", "set", theirs, "netns", namespace);
            sh(IP, "link", "set", ours, "up");
            inNamespace(IP, "addr", "add", "192.0.2.254/24", "dev", theirs);
            inNamespace(IP, "link", "set", theirs, "up");
            inNamespace(IP, "link", "set", "lo", "up");
            final String[] result = pingThroughTheDataplane();
            assertEquals("0", result[0], "ping failed:\n" + result[1]);
            assertTrue(result[1].contains("3 received"), result[1]);
            final String neighbour = inNamespace(IP, "neigh", "show", "192.0.2.1", "dev", theirs);
            assertTrue(neighbour.contains("lladdr " + result[2]), "the host learnt our MAC by ARP: " + neighbour);
        }
        finally
        {
            run(IP, "link", "del", ours);
            run(IP, "netns", "del", namespace);
        }
    }

    /** Runs a worker on this thread while the host pings; returns ping's exit status, its output and our MAC. */
    private String[] pingThroughTheDataplane() throws Exception
    {
        final Mempool mbufs = Mempool.create("af-packet-test", 2047);
        final EthDevice wan = EthDevice.open("net_af_packet_" + suffix + ",iface=" + ours, PortConfig.queues(1), mbufs);
        final EthDevice lan = EthDevice.open("net_ring_afl" + suffix, PortConfig.queues(1), mbufs);
        try (Dataplane dataplane = new Dataplane(List.of(wan.port(0)), List.of(lan.port(0)),
            new Dataplane.PortSettings(mac(wan), ip("192.0.2.1"), 1500),
            new Dataplane.PortSettings(mac(lan), ip("10.1.0.1"), 1500), 0, WorkerBuilder.Limits.defaults(),
            CountersFile.inMemory(1024), new SystemNanoClock()))
        {
            dataplane.commands().addRoute(ip("192.0.2.0"), 24, 0, Worker.PORT_WAN, 1500);
            wan.start();
            lan.start();
            final Path log = Files.createTempFile("ping", ".txt");
            final Process ping = new ProcessBuilder(IP, "netns", "exec", namespace, "ping", "-c", "3", "-i", "0.2",
                "-W", "10", "192.0.2.1").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            final Worker worker = dataplane.workers().getFirst();
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
            return new String[] {String.valueOf(status), output, macText(wan)};
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

    private String inNamespace(final String... command) throws Exception
    {
        final List<String> full = new ArrayList<>(List.of(IP, "netns", "exec", namespace));
        full.addAll(List.of(command));
        return sh(full.toArray(String[]::new));
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
