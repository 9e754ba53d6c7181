package io.portcullis.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.counters.CountersFile;
import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.esp.EspTestBed;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.esp.Transforms;
import io.portcullis.dataplane.l2tp.L2tpCounter;
import io.portcullis.dataplane.l2tp.L2tpEncap;
import io.portcullis.dataplane.l2tp.SessionTable;
import io.portcullis.dataplane.packet.PacketVector;

/**
 * The frames of the dataplane benchmark: remote-access clients (AES-GCM-128, transport, L2TP
 * with the Length field, PPP FF 03 00 21), each with its SAs and session, and the frames that
 * reach the appliance's WAN port from them (ESP) or its LAN port for them (plain IPv4), in the
 * sizes of a {@link PacketMix}. Sizes are the inner IPv4 packet's.
 */
final class ClientTraffic implements AutoCloseable
{
    static final long WAN_MAC = 0x02_00_00_00_00_01L;
    static final long LAN_MAC = 0x02_00_00_00_00_02L;
    static final long GATEWAY_MAC = 0x02_00_00_00_00_AAL;
    static final long HOST_MAC = 0x02_00_00_00_00_BBL;
    static final String WAN = "192.0.2.1";
    static final String LAN = "10.1.0.1";
    static final String GATEWAY = "192.0.2.254";
    static final String HOST = "10.1.0.5";

    private final int clients;
    private final List<EspTestBed> beds = new ArrayList<>();
    private final List<Integer> handles = new ArrayList<>();
    private final SessionTable sessions = new SessionTable();
    private final List<Integer> sessionHandles = new ArrayList<>();
    private final L2tpEncap encap = new L2tpEncap(sessions,
        new NodeCounters<>(CountersFile.inMemory(64), "client-l2tp", L2tpCounter.class));

    ClientTraffic(final int clients)
    {
        this.clients = clients;
        for (int c = 0; c < clients; c++)
        {
            final EspTestBed bed = new EspTestBed();
            beds.add(bed);
            handles.add(bed.addOutbound(Transforms.AES_GCM_128.sa(clientSpi(c), false, EspMode.TRANSPORT, false,
                publicAddress(c), WAN, null)));
            sessionHandles.add(sessions.add(L2tpSessionConfig.of(2, 2 + c, 1, c + 1, Packets.address(publicAddress(c)),
                Packets.address(WAN), Packets.address(pppAddress(c)), handles.get(c))));
        }
    }

    static int clientSpi(final int client)
    {
        return 0x2000 + client;
    }

    static int applianceSpi(final int client)
    {
        return 0x1000 + client;
    }

    static String publicAddress(final int client)
    {
        return "198.51.100." + (7 + client);
    }

    static String pppAddress(final int client)
    {
        return "10.99.0." + (2 + client);
    }

    /** The appliance's SAs for client {@code c}: inbound with anti-replay off (the same frames come back), outbound. */
    static EspSaConfig[] applianceSas(final int c)
    {
        final EspSaConfig in = Transforms.AES_GCM_128.sa(clientSpi(c), true, EspMode.TRANSPORT, false,
            publicAddress(c), WAN, null);
        return new EspSaConfig[] {
            new EspSaConfig(in.spi(), true, in.mode(), in.cipher(), in.cipherKey(), in.integrity(), in.integrityKey(),
                false, 0, in.localAddress(), in.remoteAddress(), null, in.lifetime()),
            Transforms.AES_GCM_128.sa(applianceSpi(c), false, EspMode.TRANSPORT, false, WAN, publicAddress(c), null)};
    }

    /** The appliance's session for client {@code c}: ours tunnel 1 session c + 1, the client's tunnel 2 session c + 2. */
    static L2tpSessionConfig applianceSession(final int c, final int espSaHandle)
    {
        return L2tpSessionConfig.of(1, c + 1, 2, 2 + c, Packets.address(WAN), Packets.address(publicAddress(c)),
            Packets.address(pppAddress(c)), espSaHandle);
    }

    /** ESP frames from the clients, in turn, {@code count} of them. */
    List<byte[]> wanFrames(final PacketMix mix, final int count)
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int k = 0; k < count; k++)
        {
            final int c = k % clients;
            final byte[] inner = Packets.udp(pppAddress(c), HOST, 40000, 9, payload(mix.size(k / PacketMix.BURST,
                k % PacketMix.BURST)));
            frames.add(ethernet(WAN_MAC, GATEWAY_MAC, clientSends(c, inner)));
        }
        return frames;
    }

    /** Plain frames from the LAN host to the clients, in turn. */
    List<byte[]> lanFrames(final PacketMix mix, final int count)
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int k = 0; k < count; k++)
        {
            final int c = k % clients;
            frames.add(ethernet(LAN_MAC, HOST_MAC, Packets.udp(HOST, pppAddress(c), 9, 40000,
                payload(mix.size(k / PacketMix.BURST, k % PacketMix.BURST)))));
        }
        return frames;
    }

    private static byte[] payload(final int ipLength)
    {
        return new byte[ipLength - 28];
    }

    private byte[] clientSends(final int c, final byte[] inner)
    {
        final PacketVector vector = new PacketVector();
        final var buffer = java.lang.foreign.Arena.ofAuto().allocate(2304);
        java.lang.foreign.MemorySegment.copy(inner, 0, buffer, java.lang.foreign.ValueLayout.JAVA_BYTE, 128,
            inner.length);
        vector.add(buffer.address(), 2304, 128, inner.length);
        vector.handle(0, sessionHandles.get(c));
        encap.process(vector);
        final byte[] l2tp = buffer.asSlice(vector.offset(0), vector.length(0))
            .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        return beds.get(c).encrypt(handles.get(c), l2tp);
    }

    static byte[] ethernet(final long destination, final long source, final byte[] ip)
    {
        final ByteBuffer b = ByteBuffer.allocate(Math.max(60, 14 + ip.length));
        b.putShort((short)(destination >>> 32)).putInt((int)destination);
        b.putShort((short)(source >>> 32)).putInt((int)source);
        b.putShort((short)0x0800).put(ip);
        return b.array();
    }

    /**
     * Writes the benchmark's captures for other tools (dpdk-testpmd's I/O floor):
     * {@code ClientTraffic <dir> <size> <decap|encap> <frames>} → {@code dir/wan.pcap}, {@code dir/lan.pcap}.
     */
    public static void main(final String[] args) throws Exception
    {
        writeCaptures(java.nio.file.Path.of(args[0]), PacketMix.of(args[1]), args[2].equals("decap"),
            Integer.parseInt(args[3]));
    }

    /**
     * {@code dir/wan.pcap} and {@code dir/lan.pcap} for a run: two clients' ESP on the WAN side
     * (decap) or the LAN host's packets to them (encap), {@code frames} of them; the other empty.
     */
    static void writeCaptures(final java.nio.file.Path dir, final PacketMix mix, final boolean decap, final int frames)
        throws java.io.IOException
    {
        try (ClientTraffic traffic = new ClientTraffic(DataplaneBenchmark.CLIENTS))
        {
            io.portcullis.dataplane.port.PcapFile.write(dir.resolve("wan.pcap"),
                decap ? traffic.wanFrames(mix, frames) : List.of());
            io.portcullis.dataplane.port.PcapFile.write(dir.resolve("lan.pcap"),
                decap ? List.of() : traffic.lanFrames(mix, frames));
        }
    }

    /** Removes what {@link #writeCaptures} wrote, and the directory. */
    static void deleteCaptures(final java.nio.file.Path dir) throws java.io.IOException
    {
        for (final String file : new String[] {"wan.pcap", "lan.pcap"})
        {
            java.nio.file.Files.deleteIfExists(dir.resolve(file));
        }
        java.nio.file.Files.deleteIfExists(dir);
    }

    @Override
    public void close()
    {
        beds.forEach(EspTestBed::close);
    }
}
