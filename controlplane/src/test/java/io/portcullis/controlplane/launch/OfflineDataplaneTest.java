package io.portcullis.controlplane.launch;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.portcullis.dataplane.api.EspCipher;
import io.portcullis.dataplane.api.EspIntegrity;
import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.SaLifetime;
import io.portcullis.dataplane.worker.Tshark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher as a black box: a configuration file and Scapy-built captures in, the launcher's
 * offline mode in a process of its own, captures out, read by tshark. The client's L2TP/IPsec
 * traffic (ESP → UDP 1701 → L2TP → PPP → IPv4 TCP/UDP/ICMP, one packet fragmented on the way)
 * must come out on the LAN as plain IPv4, the SYN clamped; the LAN host's answer and SYN go back
 * encrypted, and tshark decrypts them with the SA's key down to L2TP, PPP and the inner packet,
 * as it does the echo reply to the client's ping of the appliance's LAN address; the LAN host's
 * oversize DF datagram is answered with ICMP fragmentation needed.
 */
class OfflineDataplaneTest
{
    @TempDir
    static Path dir;
    private static String output;

    @BeforeAll
    static void runTheLauncherOffline() throws Exception
    {
        LaunchFixture.clientTrafficPingingTheGateway(dir);
        output = LaunchFixture.runOffline(dir, LaunchFixture.configuration(dir));
    }

    @Test
    void clientTrafficLeavesOnTheLanAsPlainIpClampedAndReassembled() throws Exception
    {
        assertEquals(expectedOnLan(), lanOut(dir), output);
    }

    /** What the LAN port sent, one line per packet, in the fields {@link #expectedOnLan} lists. */
    static List<String> lanOut(final Path dir) throws Exception
    {
        return Tshark.fields(dir.resolve("lan-out.pcap"), List.of(), "ip.src", "ip.dst", "ip.ttl",
            "tcp.flags.syn", "tcp.options.mss_val", "udp.dstport", "udp.length", "icmp.type", "icmp.code", "icmp.mtu")
            .stream().filter(l -> !l.isEmpty()).toList();
    }

    /** The client's traffic of client_traffic.py as it must leave on the LAN, whatever the tunnel. */
    static List<String> expectedOnLan()
    {
        return List.of(
            "10.99.0.2\t10.1.0.5\t63\t1\t1300\t\t\t\t\t",      // the SYN, MSS 1460 clamped to 1300
            "10.99.0.2\t10.1.0.5\t63\t\t\t7777\t13\t\t\t",     // the UDP query
            "10.99.0.2\t10.1.0.5\t63\t\t\t\t\t8\t0\t",         // the echo request
            "10.99.0.2\t10.1.0.5\t63\t\t\t9\t1208\t\t\t",      // its tunnel packet came in three fragments
            // RFC 1191: fragmentation needed, the tunnel's MTU, quoting the DF datagram's header,
            // from the LAN port's address, where the datagram came in (RFC 1812 §4.3.2.4)
            "10.1.0.1,10.1.0.5\t10.1.0.5,10.99.0.2\t64,64\t\t\t40005\t1458\t3\t4\t1400");
    }

    @Test
    void lanTrafficAndTheGatewaysEchoReplyGoBackEncryptedAndTsharkDecryptsThem() throws Exception
    {
        final List<String> wan = Tshark.fields(dir.resolve("wan-out.pcap"), List.of(toClient()),
            "esp.sequence", "ip.src", "esp.spi", "l2tp.tunnel", "l2tp.session", "ppp.protocol", "tcp.options.mss_val",
            "udp.srcport", "icmp.type", "icmp.ident", "data.data");
        // The echo reply leaves while the client's traffic is read, before or after the LAN's:
        // ESP sequence numbers 1, 2, 3 in the order sent, the packets in either order.
        assertEquals(List.of("1", "2", "3"), wan.stream().map(line -> line.split("\t", 2)[0]).toList(), output);
        assertEquals(Set.of(
            "192.0.2.1,10.1.0.5\t0x00001000\t2\t2\t0x0021\t\t1701,7777\t\t\t" +
                HexFormat.of().formatHex("answer".getBytes()),
            "192.0.2.1,10.1.0.5\t0x00001000\t2\t2\t0x0021\t1300\t1701\t\t\t",
            // RFC 792: the appliance's LAN address answers the client's ping through the tunnel
            "192.0.2.1,10.1.0.1\t0x00001000\t2\t2\t0x0021\t\t1701\t0\t8\t" +
                HexFormat.of().formatHex("gateway?".getBytes())),
            wan.stream().map(line -> line.split("\t", 2)[1]).collect(Collectors.toSet()), output);
    }

    @Test
    void theLauncherPrintsTheCountersThatMoved()
    {
        assertTrue(output.contains("worker-0 esp4: decrypted"), output);
        assertTrue(output.contains("worker-0 ip4:"), output);
    }

    /** The appliance's outbound SA, as tshark needs it to decrypt. */
    static EspSaConfig toClient()
    {
        return new EspSaConfig(0x1000, false, EspMode.TRANSPORT, EspCipher.AES_GCM_16,
            HexFormat.of().parseHex(LaunchFixture.TO_CLIENT_KEY), EspIntegrity.NONE, new byte[0], false, 1024, 0, 0, null,
            new SaLifetime(0, 0, 0, 0));
    }
}
