package io.portcullis.dataplane.worker;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Arrays;

import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.counters.CountersFile;
import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.esp.EspTestBed;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.esp.Transforms;
import io.portcullis.dataplane.l2tp.L2tpCounter;
import io.portcullis.dataplane.l2tp.L2tpDecap;
import io.portcullis.dataplane.l2tp.L2tpEncap;
import io.portcullis.dataplane.l2tp.SessionTable;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A remote-access client's side of one L2TP/IPsec tunnel to the appliance, for tests: its own
 * ESP SAs (AES-GCM-128, transport) and L2TP session, run with the same node types, plus the
 * frame helpers tests need. The appliance's side of the same SAs is {@link #applianceSas}.
 */
final class ClientPeer implements AutoCloseable
{
    static final int CLIENT_TO_APPLIANCE_SPI = 0x2000;
    static final int APPLIANCE_TO_CLIENT_SPI = 0x1000;

    final EspTestBed esp = new EspTestBed();
    private final SessionTable sessions = new SessionTable();
    private final L2tpEncap encap = new L2tpEncap(sessions,
        new NodeCounters<>(CountersFile.inMemory(64), "client-l2tp", L2tpCounter.class));
    private final L2tpDecap decap = new L2tpDecap(sessions,
        new NodeCounters<>(CountersFile.inMemory(64), "client-l2tp", L2tpCounter.class));
    private final int session;
    private final int outboundSa;
    private final String appliance;
    private final String client;

    /** @param client its public address; {@code insideAddress} is where its LAN-bound packets go. */
    ClientPeer(final String client, final String appliance, final String insideAddress)
    {
        this.client = client;
        this.appliance = appliance;
        outboundSa = esp.addOutbound(Transforms.AES_GCM_128.sa(CLIENT_TO_APPLIANCE_SPI, false, EspMode.TRANSPORT,
            false, client, appliance, null));
        esp.addInbound(Transforms.AES_GCM_128.sa(APPLIANCE_TO_CLIENT_SPI, true, EspMode.TRANSPORT, false, appliance,
            client, null));
        session = sessions.add(L2tpSessionConfig.of(2, 2, 1, 1, ip(client), ip(appliance), ip(insideAddress), outboundSa));
    }

    /** The appliance's two SAs matching the client's: inbound (client → appliance) first. */
    EspSaConfig[] applianceSas()
    {
        return new EspSaConfig[] {
            Transforms.AES_GCM_128.sa(CLIENT_TO_APPLIANCE_SPI, true, EspMode.TRANSPORT, false, client, appliance, null),
            Transforms.AES_GCM_128.sa(APPLIANCE_TO_CLIENT_SPI, false, EspMode.TRANSPORT, false, appliance, client, null)};
    }

    /** The appliance's session for this client (tunnel/session 1/1, peer's 2/2). */
    L2tpSessionConfig applianceSession(final String clientPppAddress, final int espSaHandle)
    {
        return L2tpSessionConfig.of(1, 1, 2, 2, ip(appliance), ip(client), ip(clientPppAddress), espSaHandle);
    }

    /** l2tp-encap then esp4-encrypt: the IPv4 packet the client puts on the wire for {@code inner}. */
    byte[] sends(final byte[] inner)
    {
        final PacketVector vector = load(inner, 256);
        vector.handle(0, session);
        encap.process(vector);
        esp.outbound.process(vector);
        return unload(vector, "client could not send");
    }

    /** esp4-encrypt only: an IPv4 packet the client built itself (L2TP control) through its SA. */
    byte[] encrypts(final byte[] packet)
    {
        return esp.encrypt(outboundSa, packet);
    }

    /** esp4-decrypt only: the L2TP datagram inside what the appliance sent. */
    byte[] decrypts(final byte[] wire)
    {
        final PacketVector vector = load(wire, 128);
        esp.inbound.process(vector);
        return unload(vector, "client could not decrypt");
    }

    /**
     * The IPv4 packet inside an L2TP data datagram (the RFC 2661 §3.1 header, then PPP's, RFC
     * 1662 §3.1 and RFC 1661 §2), read here rather than by l2tp-decap, which takes only
     * {@code insideAddress}'s packets: for what the appliance itself sends a client.
     */
    static byte[] innerPacket(final byte[] datagram)
    {
        final ByteBuffer b = ByteBuffer.wrap(datagram);
        assertEquals(Ipv4.PROTOCOL_UDP, b.get(Ipv4.PROTOCOL));
        int p = (b.get(0) & 0x0F) * 4 + 8;
        final int flags = b.getShort(p) & 0xFFFF;
        assertEquals(0, flags & 0x8000, "a data message");
        p += 2 + ((flags & 0x4000) != 0 ? 2 : 0) + 4 + ((flags & 0x0800) != 0 ? 4 : 0);
        if ((flags & 0x0200) != 0)
        {
            p += 2 + (b.getShort(p) & 0xFFFF);
        }
        if ((b.getShort(p) & 0xFFFF) == 0xFF03)
        {
            p += 2;
        }
        assertEquals(0x0021, b.getShort(p), "PPP carries IPv4");
        return Arrays.copyOfRange(datagram, p + 2, datagram.length);
    }

    /** esp4-decrypt then l2tp-decap: the inner packet. */
    byte[] receives(final byte[] wire)
    {
        final PacketVector vector = load(wire, 128);
        esp.inbound.process(vector);
        decap.process(vector);
        return unload(vector, "client dropped the answer");
    }

    @Override
    public void close()
    {
        esp.close();
    }

    private static PacketVector load(final byte[] bytes, final int headroom)
    {
        final PacketVector vector = new PacketVector();
        final MemorySegment buffer = Arena.ofAuto().allocate(2048);
        MemorySegment.copy(bytes, 0, buffer, ValueLayout.JAVA_BYTE, headroom, bytes.length);
        vector.add(buffer.address(), 2048, headroom, bytes.length);
        return vector;
    }

    private static byte[] unload(final PacketVector vector, final String failure)
    {
        assertEquals(PacketVector.NEXT_FORWARD, vector.next(0), failure);
        return MemorySegment.ofAddress(vector.bufferAddress(0)).reinterpret(2048)
            .asSlice(vector.offset(0), vector.length(0)).toArray(ValueLayout.JAVA_BYTE);
    }

    /** An ARP reply (RFC 826) from {@code senderMac}/{@code senderIp} to the target. */
    static byte[] arpReply(final long senderMac, final int senderIp, final long targetMac, final int targetIp)
    {
        final ByteBuffer b = ByteBuffer.allocate(60);
        putMac(b, targetMac);
        putMac(b, senderMac);
        b.putShort((short)0x0806).putShort((short)1).putShort((short)0x0800).put((byte)6).put((byte)4)
            .putShort((short)2);
        putMac(b, senderMac);
        b.putInt(senderIp);
        putMac(b, targetMac);
        b.putInt(targetIp);
        return b.array();
    }

    static byte[] ethernet(final long destination, final long source, final byte[] ip)
    {
        final ByteBuffer b = ByteBuffer.allocate(Math.max(60, 14 + ip.length));
        putMac(b, destination);
        putMac(b, source);
        b.putShort((short)0x0800).put(ip);
        return b.array();
    }

    static void putMac(final ByteBuffer b, final long mac)
    {
        b.putShort((short)(mac >>> 32)).putInt((int)mac);
    }

    static long mac(final byte[] frame, final int at)
    {
        return ((ByteBuffer.wrap(frame).getShort(at) & 0xFFFFL) << 32) |
            (ByteBuffer.wrap(frame).getInt(at + 2) & 0xFFFF_FFFFL);
    }

    static byte[] strip(final byte[] frame)
    {
        if (frame == null)
        {
            throw new AssertionError("no frame");
        }
        return Arrays.copyOfRange(frame, 14, frame.length);
    }

    static byte[] ttlMinusOne(final byte[] packet)
    {
        final byte[] copy = packet.clone();
        copy[Ipv4.TTL]--;
        Ipv4.updateChecksum(new UnsafeBuffer(copy), 0, 20);
        return copy;
    }

    static int ip(final String dotted)
    {
        return Packets.address(dotted);
    }
}
