package io.portcullis.controlplane.launch;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import io.portcullis.dataplane.worker.Tshark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A static session without IPsec (no outbound-sa, {@code ipsec-settings mode optional}), through
 * the launcher's offline mode as a black box: the client's plain L2TP (UDP 1701 → L2TP → PPP →
 * IPv4, built by Scapy, one datagram fragmented on the way) leaves on the LAN exactly as the
 * L2TP/IPsec client's does, and the LAN host's traffic goes back as L2TP in clear, which tshark
 * dissects down to PPP and the inner packet.
 */
class OfflinePlainSessionTest
{
    @TempDir
    static Path dir;
    private static String output;

    @BeforeAll
    static void runTheLauncherOffline() throws Exception
    {
        LaunchFixture.plainClientTraffic(dir);
        output = LaunchFixture.runOffline(dir, LaunchFixture.plainConfiguration(dir));
    }

    @Test
    void plainClientTrafficLeavesOnTheLanLikeTunnelledTraffic() throws Exception
    {
        assertEquals(OfflineDataplaneTest.expectedOnLan(), OfflineDataplaneTest.lanOut(dir), output);
    }

    @Test
    void lanTrafficGoesBackAsL2tpInClear() throws Exception
    {
        final List<String> wan = Tshark.fields(dir.resolve("wan-out.pcap"), List.of(),
            "ip.src", "ip.proto", "esp.spi", "l2tp.tunnel", "l2tp.session", "ppp.protocol", "tcp.options.mss_val",
            "udp.srcport", "data.data");
        assertEquals(List.of(
            "192.0.2.1,10.1.0.5\t17,17\t\t2\t2\t0x0021\t\t1701,7777\t" + HexFormat.of().formatHex("answer".getBytes()),
            "192.0.2.1,10.1.0.5\t17,6\t\t2\t2\t0x0021\t1300\t1701\t"), wan, output);
    }
}
