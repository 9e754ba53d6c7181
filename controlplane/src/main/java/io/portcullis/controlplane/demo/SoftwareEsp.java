package io.portcullis.controlplane.demo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;

import io.portcullis.controlplane.ike.DatagramChannelTransport;
import io.portcullis.dataplane.api.DataplaneCommands;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.api.SaExpiryListener;
import io.portcullis.dataplane.counters.CountersFile;
import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.esp.EspCounter;
import io.portcullis.dataplane.esp.EspInbound;
import io.portcullis.dataplane.esp.EspOutbound;
import io.portcullis.dataplane.esp.SaTable;
import io.portcullis.dataplane.ffm.CryptoBurst;
import io.portcullis.dataplane.ffm.IpsecMb;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketVector;

/**
 * A host's own ESP for the demo client: the dataplane's esp4-encrypt and esp4-decrypt nodes run
 * one packet at a time over the host's UDP socket on port 4500, so a client behind a NAT (where
 * IKE chooses UDP encapsulation, RFC 3948) needs neither a kernel with ESP nor DPDK. IKE installs
 * its SAs here as it would in the appliance's dataplane; L2TP sends through {@link #sendUdp}.
 *
 * <p>Not thread safe: every call, including {@link #onEsp}, must come from the client's one
 * event loop (the crypto burst and the packet buffer are shared by both directions).
 */
final class SoftwareEsp implements DataplaneCommands, AutoCloseable
{
    /** An IPv4 datagram that came out of an inbound SA, with the SPI it came through. */
    @FunctionalInterface
    interface Decrypted
    {
        void onDatagram(int spi, UnsafeBuffer packet, int offset, int length);
    }

    private static final int HEADROOM = 128;
    private static final int BUFFER_SIZE = 2048;
    private static final int UDP_HEADER = 8;

    private final int localAddress;
    private final DatagramChannelTransport socket;
    private final Decrypted decrypted;
    private final IpsecMb ipsecMb = IpsecMb.create();
    private final SaTable saTable = new SaTable(ipsecMb);
    private final CryptoBurst burst = new CryptoBurst(ipsecMb, PacketVector.MAX_SIZE);
    private final NodeCounters<EspCounter> counters =
        new NodeCounters<>(CountersFile.inMemory(64), "client-esp4", EspCounter.class);
    private final EspInbound inbound = new EspInbound(saTable, burst, counters, SaExpiryListener.NONE);
    private final EspOutbound outbound = new EspOutbound(saTable, burst, counters, SaExpiryListener.NONE);
    private final Arena arena = Arena.ofShared();
    private final MemorySegment segment = arena.allocate(BUFFER_SIZE, 64);
    private final UnsafeBuffer buffer = new UnsafeBuffer(segment.address(), BUFFER_SIZE);
    private final PacketVector vector = new PacketVector();
    private int identification;

    SoftwareEsp(final int localAddress, final DatagramChannelTransport socket, final Decrypted decrypted)
    {
        this.localAddress = localAddress;
        this.socket = socket;
        this.decrypted = decrypted;
    }

    @Override
    public void addSa(final int handle, final EspSaConfig sa)
    {
        if (sa.inbound())
        {
            saTable.addInbound(sa);
        }
        else
        {
            saTable.addOutbound(handle, sa);
        }
    }

    @Override
    public void removeSa(final int handle, final int spi, final boolean inbound)
    {
        if (inbound)
        {
            saTable.removeInbound(spi);
        }
        else
        {
            saTable.removeOutbound(handle, spi);
        }
    }

    @Override
    public void addClient(final L2tpSessionConfig session, final int mtu)
    {
        throw new UnsupportedOperationException("a client serves no clients");
    }

    @Override
    public void removeClient(final int localTunnelId, final int localSessionId)
    {
        throw new UnsupportedOperationException("a client serves no clients");
    }

    /**
     * A UDP datagram through outbound SA {@code espSaHandle} (transport mode, RFC 3193 §4): the
     * IPv4 and UDP headers are built here, esp4-encrypt adds UDP 4500 and ESP, and what follows
     * the outer UDP header leaves on the host's port-4500 socket.
     */
    @Override
    public void sendUdp(final int localAddr, final int localPort, final int remoteAddress, final int remotePort,
        final ByteBuffer payload, final int espSaHandle)
    {
        final int length = payload.remaining();
        final int ip = HEADROOM;
        final int udp = ip + Ipv4.MIN_HEADER_LENGTH;
        if (udp + UDP_HEADER + length > BUFFER_SIZE - 64)
        {
            throw new IllegalArgumentException("datagram of " + length + " bytes does not fit a buffer");
        }
        writeIpv4Udp(localAddr, localPort, remoteAddress, remotePort, length);
        buffer.putBytes(udp + UDP_HEADER, payload, payload.position(), length);
        vector.clear();
        vector.add(segment.address(), BUFFER_SIZE, ip, Ipv4.MIN_HEADER_LENGTH + UDP_HEADER + length);
        vector.handle(0, espSaHandle);
        outbound.process(vector);
        if (vector.next(0) != PacketVector.NEXT_FORWARD)
        {
            return;  // counted by esp4-encrypt (no SA, expired, …)
        }
        final int out = vector.offset(0);
        final int espStart = out + Ipv4.headerLength(buffer, out) + UDP_HEADER;
        final int remoteEspPort = buffer.getShort(espStart - UDP_HEADER + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        socket.sendEsp(remoteAddress, remoteEspPort,
            segment.asSlice(espStart, out + vector.length(0) - espStart).asByteBuffer());
    }

    /**
     * ESP-in-UDP from the socket's port 4500: rebuilt into the IPv4/UDP packet the network carried,
     * decrypted by esp4-decrypt, and handed on if its SA accepted it.
     */
    void onEsp(final int remoteAddress, final int remotePort, final byte[] esp)
    {
        final int ip = HEADROOM;
        final int udp = ip + Ipv4.MIN_HEADER_LENGTH;
        if (esp.length < 8 || udp + UDP_HEADER + esp.length > BUFFER_SIZE)
        {
            counters.increment(EspCounter.TRUNCATED);
            return;
        }
        final int spi = ByteBuffer.wrap(esp).getInt(0);
        writeIpv4Udp(remoteAddress, remotePort, localAddress, EspSaConfig.NatT.IKE_NATT_PORT, esp.length);
        buffer.putBytes(udp + UDP_HEADER, esp);
        vector.clear();
        vector.add(segment.address(), BUFFER_SIZE, ip, Ipv4.MIN_HEADER_LENGTH + UDP_HEADER + esp.length);
        inbound.process(vector);
        if (vector.next(0) == PacketVector.NEXT_FORWARD)
        {
            decrypted.onDatagram(spi, buffer, vector.offset(0), vector.length(0));
        }
    }

    /** IPv4 (no options, not fragmented) and UDP headers at the buffer's headroom, for a payload of {@code length}. */
    private void writeIpv4Udp(final int source, final int sourcePort, final int destination, final int destinationPort,
        final int length)
    {
        final int ip = HEADROOM;
        final int udp = ip + Ipv4.MIN_HEADER_LENGTH;
        buffer.putByte(ip + Ipv4.VERSION_IHL, (byte)0x45);
        buffer.putByte(ip + Ipv4.TOS, (byte)0);
        buffer.putShort(ip + Ipv4.TOTAL_LENGTH, (short)(Ipv4.MIN_HEADER_LENGTH + UDP_HEADER + length), ByteOrder.BIG_ENDIAN);
        buffer.putShort(ip + Ipv4.IDENTIFICATION, (short)identification++, ByteOrder.BIG_ENDIAN);
        buffer.putShort(ip + Ipv4.FLAGS_FRAGMENT, (short)0, ByteOrder.BIG_ENDIAN);
        buffer.putByte(ip + Ipv4.TTL, (byte)Ipv4.DEFAULT_TTL);
        buffer.putByte(ip + Ipv4.PROTOCOL, (byte)Ipv4.PROTOCOL_UDP);
        buffer.putInt(ip + Ipv4.SOURCE, source, ByteOrder.BIG_ENDIAN);
        buffer.putInt(ip + Ipv4.DESTINATION, destination, ByteOrder.BIG_ENDIAN);
        Ipv4.updateChecksum(buffer, ip, Ipv4.MIN_HEADER_LENGTH);
        buffer.putShort(udp, (short)sourcePort, ByteOrder.BIG_ENDIAN);
        buffer.putShort(udp + 2, (short)destinationPort, ByteOrder.BIG_ENDIAN);
        buffer.putShort(udp + 4, (short)(UDP_HEADER + length), ByteOrder.BIG_ENDIAN);
        buffer.putShort(udp + 6, (short)0, ByteOrder.BIG_ENDIAN);  // RFC 768: zero = no checksum
    }

    /** Packets esp4-decrypt or esp4-encrypt dropped, for the demo's summary. */
    long dropped()
    {
        long total = 0;
        for (final EspCounter counter : EspCounter.values())
        {
            if (counter != EspCounter.DECRYPTED && counter != EspCounter.ENCRYPTED &&
                counter != EspCounter.NATT_KEEPALIVE && counter != EspCounter.PUNT_IKE)
            {
                total += counters.get(counter);
            }
        }
        return total;
    }

    @Override
    public void close()
    {
        saTable.close();
        burst.close();
        ipsecMb.close();
        arena.close();
    }
}
