package io.portcullis.dataplane.worker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.portcullis.dataplane.api.SaExpiryListener;
import io.portcullis.dataplane.counters.CountersFile;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.port.DpdkPort;
import io.portcullis.dataplane.port.Eal;
import io.portcullis.dataplane.port.EthDevice;
import io.portcullis.dataplane.port.Mempool;
import io.portcullis.dataplane.port.PcapFile;
import io.portcullis.dataplane.port.PortConfig;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.portcullis.dataplane.worker.ClientPeer.ethernet;
import static io.portcullis.dataplane.worker.ClientPeer.ip;
import static io.portcullis.dataplane.worker.TestNetwork.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two workers on real DPDK queues: net_pcap ports with two RX and two TX queues each (one
 * capture per queue). The client's ESP arrives on queue 0; the LAN host's answers arrive on
 * both LAN queues; the session's SA (handle 3) belongs to worker 1, so every encrypted answer
 * leaves on WAN TX queue 1, and tshark decrypts them with the SA's key in one unbroken
 * sequence.
 */
class DataplanePcapTest
{
    @Test
    void twoWorkersOnTwoQueuesHandOffToTheSaOwner(@TempDir final Path dir) throws Exception
    {
        Eal.initForTests();
        final int answers = 10;
        PcapFile.write(dir.resolve("lan-in-0.pcap"), answers(0, answers));
        PcapFile.write(dir.resolve("lan-in-1.pcap"), answers(1, answers));
        PcapFile.write(dir.resolve("wan-in-1.pcap"), List.of());
        final Mempool mbufs = Mempool.create("dp-pcap-test", 2047);
        try (ClientPeer client = new ClientPeer(CLIENT, WAN, HOST))
        {
            final List<byte[]> queries = new ArrayList<>();
            for (int k = 0; k < 5; k++)
            {
                queries.add(ethernet(WAN_MAC, GATEWAY_MAC,
                    client.sends(Packets.udp(CLIENT_PPP, HOST, 40000 + k, 53, ("query " + k).getBytes()))));
            }
            PcapFile.write(dir.resolve("wan-in-0.pcap"), queries);
            run(dir, mbufs, client);
            assertEquals(List.of(), PcapFile.read(dir.resolve("wan-out-0.pcap")), "worker 0 owns no SA");
            final List<String> lines = Tshark.fields(dir.resolve("wan-out-1.pcap"), List.of(client.applianceSas()[1]),
                "esp.spi", "esp.sequence", "l2tp.tunnel", "l2tp.session", "ppp.protocol", "ip.src", "udp.srcport");
            assertEquals(answers, lines.size());
            for (int k = 0; k < answers; k++)
            {
                final String[] f = lines.get(k).split("\t");
                assertEquals("0x00001000", f[0]);
                assertEquals(String.valueOf(k + 1), f[1], "one writer of sequence numbers");
                assertEquals("2", f[2]);
                assertEquals("2", f[3]);
                assertEquals("0x0021", f[4]);
                assertEquals(WAN + "," + HOST, f[5]);
                assertEquals("1701,53", f[6]);
            }
            final List<String> lan = Tshark.fields(dir.resolve("lan-out-0.pcap"), List.of(), "ip.src", "udp.srcport");
            assertEquals(5, lan.size(), "the client's queries reached the LAN");
        }
        finally
        {
            mbufs.close();
        }
    }

    private static void run(final Path dir, final Mempool mbufs, final ClientPeer client) throws Exception
    {
        final EthDevice wan = EthDevice.open("net_pcap_dpwan,rx_pcap=" + dir.resolve("wan-in-0.pcap") +
            ",rx_pcap=" + dir.resolve("wan-in-1.pcap") + ",tx_pcap=" + dir.resolve("wan-out-0.pcap") +
            ",tx_pcap=" + dir.resolve("wan-out-1.pcap"), PortConfig.queues(2), mbufs);
        final EthDevice lan = EthDevice.open("net_pcap_dplan,rx_pcap=" + dir.resolve("lan-in-0.pcap") +
            ",rx_pcap=" + dir.resolve("lan-in-1.pcap") + ",tx_pcap=" + dir.resolve("lan-out-0.pcap") +
            ",tx_pcap=" + dir.resolve("lan-out-1.pcap"), PortConfig.queues(2), mbufs);
        try
        {
            final List<DpdkPort> wans = List.of(wan.port(0), wan.port(1));
            final List<DpdkPort> lans = List.of(lan.port(0), lan.port(1));
            try (Dataplane dataplane = new Dataplane(wans, lans, new Dataplane.PortSettings(WAN_MAC, ip(WAN), 1500),
                new Dataplane.PortSettings(LAN_MAC, ip(LAN), 1500), 0, WorkerBuilder.Limits.defaults(),
                CountersFile.inMemory(1024), new CachedNanoClock()))
            {
                for (int w = 0; w < 2; w++)
                {
                    dataplane.built(w).neighbours().addStatic(ip(GATEWAY), GATEWAY_MAC);
                    dataplane.built(w).neighbours().addStatic(ip(HOST), HOST_MAC);
                }
                dataplane.commands().addSa(0, client.applianceSas()[0]);
                dataplane.commands().addSa(3, client.applianceSas()[1]);
                dataplane.commands().addClient(client.applianceSession(CLIENT_PPP, 3), 1400);
                dataplane.commands().addRoute(ip("10.1.0.0"), 24, 0, Worker.PORT_LAN, 1500);
                dataplane.commands().addRoute(0, 0, ip(GATEWAY), Worker.PORT_WAN, 1500);
                final Agent control = dataplane.control((a, b, c, d, e, f, g) -> { }, SaExpiryListener.NONE);
                // Each worker's first duty cycle applies its commands before it reads a packet.
                wan.start();
                lan.start();
                control.doWork();
                for (int spin = 0; spin < 100; spin++)
                {
                    for (final Worker worker : dataplane.workers())
                    {
                        worker.doWork();
                    }
                }
                assertEquals(0, dataplane.rejected(), () -> dataplane.rejections().toString());
            }
        }
        finally
        {
            wan.close();
            lan.close();
        }
    }

    /** The LAN host's answers to the client that arrive on LAN queue {@code queue}. */
    private static List<byte[]> answers(final int queue, final int total)
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int k = queue; k < total; k += 2)
        {
            frames.add(ethernet(LAN_MAC, HOST_MAC, Packets.udp(HOST, CLIENT_PPP, 53, 40000 + k, new byte[] {(byte)k})));
        }
        return frames;
    }
}
