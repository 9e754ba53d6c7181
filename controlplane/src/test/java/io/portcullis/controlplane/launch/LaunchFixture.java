package io.portcullis.controlplane.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the launcher's black-box tests share: the Scapy-built captures of one client and one
 * LAN host, the configuration that matches them, and the command that starts the launcher in a
 * process of its own.
 */
final class LaunchFixture
{
    static final String FROM_CLIENT_KEY = "00112233445566778899aabbccddeeff01020304";
    static final String TO_CLIENT_KEY = "ffeeddccbbaa99887766554433221100a0b0c0d0";

    private LaunchFixture()
    {
    }

    /** wan-in.pcap and lan-in.pcap in {@code dir} (see client_traffic.py). */
    static void clientTraffic(final Path dir) throws Exception
    {
        python("client_traffic.py", dir.toString(), FROM_CLIENT_KEY);
    }

    /** {@link #clientTraffic} and a ping from the client to the appliance's LAN address. */
    static void clientTrafficPingingTheGateway(final Path dir) throws Exception
    {
        python("client_traffic.py", dir.toString(), FROM_CLIENT_KEY, "ping-gateway");
    }

    /** The same traffic with the client's L2TP in clear, for a session without IPsec. */
    static void plainClientTraffic(final Path dir) throws Exception
    {
        python("client_traffic.py", dir.toString(), FROM_CLIENT_KEY, "plain");
    }

    /** {@link #configuration(Path)} with the static session in clear: no outbound-sa, plain L2TP allowed. */
    static String plainConfiguration(final Path dir) throws java.io.IOException
    {
        final String withSa = configuration(dir);
        final String outboundSa = "set vpn l2tp remote-access static-session alice outbound-sa to-client\n";
        assertTrue(withSa.contains(outboundSa));
        return withSa.replace(outboundSa, "") + "set vpn l2tp remote-access ipsec-settings mode optional\n";
    }

    /** Writes {@code configuration} to {@code dir}, runs the launcher offline on it to the end; returns its output. */
    static String runOffline(final Path dir, final String configuration) throws Exception
    {
        final Path config = dir.resolve("portcullis.conf");
        Files.writeString(config, configuration);
        final Process process = new ProcessBuilder(launcher(config, "--offline")).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the launcher did not exit");
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    /** java with jvm.options and this test's classpath, running the launcher on {@code config}. */
    static List<String> launcher(final Path config, final String... options)
    {
        final String java = ProcessHandle.current().info().command().orElseThrow();
        final List<String> command = new ArrayList<>(List.of(java, "@" + root().resolve("jvm.options"),
            "-Dportcullis.native.lib=" + System.getProperty("portcullis.native.lib",
                root().resolve("native/target/libportcullis.so").toString()),
            "-cp", System.getProperty("java.class.path"), DataplaneLauncher.class.getName(), config.toString()));
        command.addAll(List.of(options));
        return command;
    }

    static String configuration(final Path dir) throws java.io.IOException
    {
        return configuration(dir, 1);
    }

    /**
     * With several workers each port has a queue per worker: the captures feed queue 0, queues
     * 1… read empty captures, and queue q writes {@code wan-out-q.pcap} ({@code wan-out.pcap} for 0).
     */
    static String configuration(final Path dir, final int workers) throws java.io.IOException
    {
        return String.join("\n",
            "set system workers " + workers,
            "set system counters-file " + dir.resolve("counters.dat"),
            "set interfaces ethernet wan role wan",
            "set interfaces ethernet wan dpdk-devargs \"" + queues(dir, "net_pcap_ow", "wan", workers) + "\"",
            "set interfaces ethernet wan address 192.0.2.1/24",
            "set interfaces ethernet wan hw-id 02:00:00:00:00:01",
            "set interfaces ethernet lan role lan",
            "set interfaces ethernet lan dpdk-devargs \"" + queues(dir, "net_pcap_ol", "lan", workers) + "\"",
            "set interfaces ethernet lan address 10.1.0.1/24",
            "set interfaces ethernet lan hw-id 02:00:00:00:00:02",
            "set protocols static route 0.0.0.0/0 next-hop 192.0.2.254",
            "set protocols static arp 192.0.2.254 hwaddr 02:00:00:00:00:aa",
            "set protocols static arp 10.1.0.5 hwaddr 02:00:00:00:00:bb",
            "set vpn l2tp remote-access tcp-mss 1300",
            "set vpn ipsec manual-sa from-client spi 0x2000",
            "set vpn ipsec manual-sa from-client direction inbound",
            "set vpn ipsec manual-sa from-client encryption aes128gcm128",
            "set vpn ipsec manual-sa from-client encryption-key 0x" + FROM_CLIENT_KEY,
            "set vpn ipsec manual-sa from-client local-address 192.0.2.1",
            "set vpn ipsec manual-sa from-client remote-address 198.51.100.7",
            "set vpn ipsec manual-sa to-client spi 0x1000",
            "set vpn ipsec manual-sa to-client direction outbound",
            "set vpn ipsec manual-sa to-client encryption aes128gcm128",
            "set vpn ipsec manual-sa to-client encryption-key 0x" + TO_CLIENT_KEY,
            "set vpn ipsec manual-sa to-client local-address 192.0.2.1",
            "set vpn ipsec manual-sa to-client remote-address 198.51.100.7",
            "set vpn l2tp remote-access static-session alice local-tunnel-id 1",
            "set vpn l2tp remote-access static-session alice local-session-id 1",
            "set vpn l2tp remote-access static-session alice peer-tunnel-id 2",
            "set vpn l2tp remote-access static-session alice peer-session-id 2",
            "set vpn l2tp remote-access static-session alice peer-address 198.51.100.7",
            "set vpn l2tp remote-access static-session alice client-address 10.99.0.2",
            "set vpn l2tp remote-access static-session alice outbound-sa to-client",
            "set vpn l2tp remote-access static-session alice mtu 1400",
            "");
    }

    private static String queues(final Path dir, final String device, final String port, final int workers)
        throws java.io.IOException
    {
        final StringBuilder rx = new StringBuilder(device).append(",rx_pcap=").append(dir.resolve(port + "-in.pcap"));
        final StringBuilder tx = new StringBuilder(",tx_pcap=").append(dir.resolve(port + "-out.pcap"));
        for (int q = 1; q < workers; q++)
        {
            final Path empty = dir.resolve("empty.pcap");
            io.portcullis.dataplane.port.PcapFile.write(empty, List.of());
            rx.append(",rx_pcap=").append(empty);
            tx.append(",tx_pcap=").append(dir.resolve(port + "-out-" + q + ".pcap"));
        }
        return rx.append(tx).toString();
    }

    static Path root()
    {
        return Path.of("").toAbsolutePath().getParent();   // surefire runs in controlplane/
    }

    private static void python(final String script, final String... arguments) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of("/usr/bin/python3",
            root().resolve("controlplane/src/test/python/" + script).toString()));
        command.addAll(List.of(arguments));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "Scapy failed (apt-get install python3-scapy): " + out);
    }
}
