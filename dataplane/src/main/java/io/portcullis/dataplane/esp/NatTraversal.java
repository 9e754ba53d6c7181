package io.portcullis.dataplane.esp;

import java.nio.ByteOrder;

import io.portcullis.dataplane.packet.InternetChecksum;
import io.portcullis.dataplane.packet.Ipv4;
import org.agrona.MutableDirectBuffer;

/** RFC 3948 pieces that are not the ESP nodes' loop: keepalives and the transport checksum fix-up. */
public final class NatTraversal
{
    private static final int TCP_CHECKSUM = 16;
    private static final int UDP_CHECKSUM = 6;

    private NatTraversal()
    {
    }

    /**
     * RFC 3948 §3.1.2: in transport mode the sender's TCP/UDP checksum covers the addresses it
     * knew (NAT-OA), not those a NAT wrote in the outer header. With both original addresses
     * known, update the checksum incrementally (RFC 1624, the section's first method). Otherwise
     * a TCP checksum is recomputed (the second), and a UDP checksum is set to zero (the third):
     * the ESP ICV has already authenticated the datagram, and a zero spares l2tp-decap a second
     * pass over every byte of it. UDP checksum 0 means "none" and stays so.
     */
    public static void fixTransportChecksum(
        final MutableDirectBuffer buf, final int ip, final int ihl, final int payloadLength, final int protocol,
        final int originalSource, final int originalDestination)
    {
        final int checksumAt;
        if (protocol == Ipv4.PROTOCOL_TCP && payloadLength >= 20)
        {
            checksumAt = ip + ihl + TCP_CHECKSUM;
        }
        else if (protocol == Ipv4.PROTOCOL_UDP && payloadLength >= 8)
        {
            checksumAt = ip + ihl + UDP_CHECKSUM;
            if (buf.getShort(checksumAt) == 0)
            {
                return;
            }
        }
        else
        {
            return;
        }
        final int source = Ipv4.source(buf, ip);
        final int destination = Ipv4.destination(buf, ip);
        int checksum;
        if (originalSource != 0 && originalDestination != 0)
        {
            checksum = buf.getShort(checksumAt, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            checksum = InternetChecksum.update32(checksum, originalSource, source);
            checksum = InternetChecksum.update32(checksum, originalDestination, destination);
        }
        else if (protocol == Ipv4.PROTOCOL_UDP)
        {
            buf.putShort(checksumAt, (short)0);
            return;
        }
        else
        {
            buf.putShort(checksumAt, (short)0);
            checksum = transportChecksum(buf, ip + ihl, payloadLength, protocol, source, destination);
        }
        if (protocol == Ipv4.PROTOCOL_UDP && checksum == 0)
        {
            checksum = 0xFFFF;  // RFC 768: a computed 0 is sent as all ones
        }
        buf.putShort(checksumAt, (short)checksum, ByteOrder.BIG_ENDIAN);
    }

    /** TCP/UDP checksum with the IPv4 pseudo-header (RFC 793 §3.1, RFC 768). */
    public static int transportChecksum(
        final MutableDirectBuffer buf, final int offset, final int length, final int protocol,
        final int source, final int destination)
    {
        return InternetChecksum.fold(
            InternetChecksum.sum(buf, offset, length, pseudoHeaderSum(length, protocol, source, destination)));
    }

    /** The IPv4 pseudo-header's part of a TCP/UDP checksum (RFC 793 §3.1, RFC 768), not folded. */
    public static long pseudoHeaderSum(final int length, final int protocol, final int source, final int destination)
    {
        return (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF) +
            protocol + length;
    }

    /**
     * Writes a NAT-keepalive (RFC 3948 §2.3: UDP with one 0xFF byte) as a whole IPv4 packet at
     * {@code ip}; returns its length (29).
     */
    public static int writeKeepalive(
        final MutableDirectBuffer buf, final int ip, final int source, final int destination,
        final int sourcePort, final int destinationPort)
    {
        final int udp = ip + Ipv4.MIN_HEADER_LENGTH;
        final int length = Ipv4.MIN_HEADER_LENGTH + EspDescriptor.UDP_LENGTH + 1;
        Ipv4.writeHeader(buf, ip, length, Ipv4.PROTOCOL_UDP, source, destination, (short)0, 0);
        writeUdpHeader(buf, udp, sourcePort, destinationPort, EspDescriptor.UDP_LENGTH + 1);
        buf.putByte(udp + EspDescriptor.UDP_LENGTH, EspDescriptor.NATT_KEEPALIVE);
        return length;
    }

    /** RFC 3948 §2.1: the UDP checksum of ESP-in-UDP is sent as zero. */
    static void writeUdpHeader(
        final MutableDirectBuffer buf, final int udp, final int sourcePort, final int destinationPort, final int length)
    {
        buf.putShort(udp + EspDescriptor.UDP_SOURCE_PORT, (short)sourcePort, ByteOrder.BIG_ENDIAN);
        buf.putShort(udp + EspDescriptor.UDP_DESTINATION_PORT, (short)destinationPort, ByteOrder.BIG_ENDIAN);
        buf.putShort(udp + EspDescriptor.UDP_LENGTH_FIELD, (short)length, ByteOrder.BIG_ENDIAN);
        buf.putShort(udp + EspDescriptor.UDP_CHECKSUM, (short)0);
    }
}
