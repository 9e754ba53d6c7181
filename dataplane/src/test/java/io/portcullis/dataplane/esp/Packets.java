package io.portcullis.dataplane.esp;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import io.portcullis.dataplane.packet.InternetChecksum;
import org.agrona.concurrent.UnsafeBuffer;

/** Builds plain IPv4/UDP packets for tests. */
public final class Packets
{
    private Packets()
    {
    }

    public static int address(final String dotted)
    {
        final String[] parts = dotted.split("\\.");
        int value = 0;
        for (final String part : parts)
        {
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }

    /** An IPv4 packet with a UDP datagram carrying {@code payload}, both checksums right. */
    public static byte[] udp(final String source, final String destination, final int sourcePort,
        final int destinationPort, final byte[] payload)
    {
        final int length = 20 + 8 + payload.length;
        final ByteBuffer b = ByteBuffer.allocate(length);
        b.put((byte)0x45).put((byte)0).putShort((short)length).putShort((short)0x1234).putShort((short)0x4000)
            .put((byte)64).put((byte)17).putShort((short)0).putInt(address(source)).putInt(address(destination));
        b.putShort((short)sourcePort).putShort((short)destinationPort).putShort((short)(8 + payload.length))
            .putShort((short)0).put(payload);
        final byte[] bytes = b.array();
        final UnsafeBuffer buf = new UnsafeBuffer(bytes);
        io.portcullis.dataplane.packet.Ipv4.updateChecksum(buf, 0, 20);
        final int udpChecksum = NatTraversal.transportChecksum(buf, 20, 8 + payload.length, 17,
            address(source), address(destination));
        buf.putShort(26, (short)(udpChecksum == 0 ? 0xFFFF : udpChecksum), java.nio.ByteOrder.BIG_ENDIAN);
        return bytes;
    }

    public static byte[] hex(final String hex)
    {
        return HexFormat.of().parseHex(hex);
    }

    public static String hex(final byte[] bytes)
    {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * A copy of an IPv4/UDP packet (20-byte header) with its UDP checksum zeroed: how a NAT-T
     * transport-mode SA without NAT-OA delivers it (RFC 3948 §3.1.2, the third method).
     */
    public static byte[] withoutUdpChecksum(final byte[] packet)
    {
        final byte[] copy = packet.clone();
        copy[20 + 6] = 0;
        copy[20 + 7] = 0;
        return copy;
    }

    public static boolean ipChecksumValid(final byte[] packet)
    {
        final UnsafeBuffer buf = new UnsafeBuffer(packet);
        return InternetChecksum.fold(InternetChecksum.sum(buf, 0, (packet[0] & 0x0F) * 4, 0)) == 0;
    }
}
