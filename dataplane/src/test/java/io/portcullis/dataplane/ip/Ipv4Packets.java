package io.portcullis.dataplane.ip;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.portcullis.dataplane.packet.InternetChecksum;
import org.agrona.concurrent.UnsafeBuffer;

/** Builds IPv4 packets for tests, checksums right unless a test breaks them on purpose. */
public final class Ipv4Packets
{
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;

    private Ipv4Packets()
    {
    }

    public static int address(final String dotted)
    {
        return AddressClass.parse(dotted);
    }

    /** A packet with the given header fields, options (padded to 4 bytes) and payload. */
    public static byte[] ipv4(final String source, final String destination, final int protocol, final int ttl,
        final int flagsFragment, final int identification, final byte[] options, final byte[] payload)
    {
        final int optionsLength = (options.length + 3) & ~3;
        final int ihl = 20 + optionsLength;
        final ByteBuffer b = ByteBuffer.allocate(ihl + payload.length);
        b.put((byte)(0x40 | ihl / 4)).put((byte)0).putShort((short)(ihl + payload.length))
            .putShort((short)identification).putShort((short)flagsFragment).put((byte)ttl).put((byte)protocol)
            .putShort((short)0).putInt(address(source)).putInt(address(destination));
        b.put(options).position(ihl);
        b.put(payload);
        final byte[] bytes = b.array();
        fixIpChecksum(bytes);
        return bytes;
    }

    public static byte[] ipv4(final String source, final String destination, final int protocol, final byte[] payload)
    {
        return ipv4(source, destination, protocol, 64, 0, 0x1234, new byte[0], payload);
    }

    public static void fixIpChecksum(final byte[] packet)
    {
        final UnsafeBuffer buf = new UnsafeBuffer(packet);
        buf.putShort(10, (short)0);
        buf.putShort(10, (short)InternetChecksum.fold(InternetChecksum.sum(buf, 0, (packet[0] & 0x0F) * 4, 0)),
            ByteOrder.BIG_ENDIAN);
    }

    public static boolean ipChecksumValid(final byte[] packet)
    {
        return InternetChecksum.fold(InternetChecksum.sum(new UnsafeBuffer(packet), 0, (packet[0] & 0x0F) * 4, 0)) == 0;
    }

    /** An ICMP echo request (type 8) with the ICMP checksum right. */
    public static byte[] echoRequest(final String source, final String destination, final int id, final int seq,
        final byte[] data)
    {
        final ByteBuffer icmp = ByteBuffer.allocate(8 + data.length);
        icmp.put((byte)8).put((byte)0).putShort((short)0).putShort((short)id).putShort((short)seq).put(data);
        final byte[] message = icmp.array();
        final UnsafeBuffer buf = new UnsafeBuffer(message);
        buf.putShort(2, (short)InternetChecksum.fold(InternetChecksum.sum(buf, 0, message.length, 0)),
            ByteOrder.BIG_ENDIAN);
        return ipv4(source, destination, ICMP, message);
    }

    /** A TCP segment with the given flags and options (padded with zeros: end-of-list). */
    public static byte[] tcp(final String source, final String destination, final int flags, final byte[] options,
        final byte[] data)
    {
        final int optionsLength = (options.length + 3) & ~3;
        final int headerLength = 20 + optionsLength;
        final ByteBuffer t = ByteBuffer.allocate(headerLength + data.length);
        t.putShort((short)40000).putShort((short)443).putInt(0x01020304).putInt(flags == 0x02 ? 0 : 0x0A0B0C0D)
            .put((byte)((headerLength / 4) << 4)).put((byte)flags).putShort((short)64240).putShort((short)0)
            .putShort((short)0).put(options).position(headerLength);
        t.put(data);
        final byte[] segment = t.array();
        final byte[] packet = ipv4(source, destination, TCP, segment);
        fixTransportChecksum(packet);
        return packet;
    }

    /** Recomputes the TCP or UDP checksum of a whole, unfragmented packet. */
    public static void fixTransportChecksum(final byte[] packet)
    {
        final UnsafeBuffer buf = new UnsafeBuffer(packet);
        final int ihl = (packet[0] & 0x0F) * 4;
        final int protocol = packet[9] & 0xFF;
        final int length = packet.length - ihl;
        final int at = ihl + (protocol == TCP ? 16 : 6);
        buf.putShort(at, (short)0);
        buf.putShort(at, (short)transportChecksum(packet), ByteOrder.BIG_ENDIAN);
    }

    /** TCP/UDP checksum over the pseudo-header and segment (0 if the stored checksum is right). */
    public static int transportChecksum(final byte[] packet)
    {
        final UnsafeBuffer buf = new UnsafeBuffer(packet);
        final int ihl = (packet[0] & 0x0F) * 4;
        final int length = packet.length - ihl;
        long sum = InternetChecksum.sum(buf, 12, 8, 0);
        sum += (packet[9] & 0xFF) + length;
        sum = InternetChecksum.sum(buf, ihl, length, sum);
        return InternetChecksum.fold(sum);
    }

    /** ICMP checksum over the whole ICMP message (0 if the stored checksum is right). */
    public static int icmpChecksum(final byte[] packet)
    {
        final int ihl = (packet[0] & 0x0F) * 4;
        return InternetChecksum.fold(InternetChecksum.sum(new UnsafeBuffer(packet), ihl, packet.length - ihl, 0));
    }

    public static int u16(final byte[] packet, final int at)
    {
        return ((packet[at] & 0xFF) << 8) | (packet[at + 1] & 0xFF);
    }

    public static int u32(final byte[] packet, final int at)
    {
        return (u16(packet, at) << 16) | u16(packet, at + 2);
    }
}
