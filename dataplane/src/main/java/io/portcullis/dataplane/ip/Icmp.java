package io.portcullis.dataplane.ip;

import java.nio.ByteOrder;

import io.portcullis.dataplane.packet.InternetChecksum;
import io.portcullis.dataplane.packet.Ipv4;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * ICMP for IPv4 (RFC 792): message layout, the checksum, and the echo reply kernel.
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * |           Rest of header (echo: identifier, sequence;         |
 * |           frag needed: unused, next-hop MTU)                  |
 * |           Data ...                                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Icmp
{
    public static final int PROTOCOL = 1;
    public static final int HEADER_LENGTH = 8;
    public static final int TYPE = 0;
    public static final int CODE = 1;
    public static final int CHECKSUM = 2;
    public static final int NEXT_HOP_MTU = 6;

    public static final int ECHO_REPLY = 0;
    public static final int DESTINATION_UNREACHABLE = 3;
    public static final int ECHO_REQUEST = 8;
    public static final int TIME_EXCEEDED = 11;

    public static final int NET_UNREACHABLE = 0;
    public static final int HOST_UNREACHABLE = 1;
    /** RFC 1191 §4: "fragmentation needed and DF set", with the next-hop MTU. */
    public static final int FRAGMENTATION_NEEDED = 4;
    public static final int TTL_EXCEEDED_IN_TRANSIT = 0;
    public static final int REASSEMBLY_TIME_EXCEEDED = 1;

    private Icmp()
    {
    }

    /** Whether {@code type} is a query or its reply (echo, timestamp, information, address mask). */
    public static boolean isQuery(final int type)
    {
        return type == ECHO_REPLY || type == ECHO_REQUEST || (type >= 13 && type <= 18);
    }

    /** The ICMP checksum covers the whole message (RFC 792). */
    public static boolean checksumValid(final DirectBuffer buf, final int icmp, final int length)
    {
        return InternetChecksum.fold(InternetChecksum.sum(buf, icmp, length, 0)) == 0;
    }

    /**
     * Turns the echo request in the IPv4 packet of {@code length} bytes at {@code ip} into its
     * reply, in place (RFC 792; RFC 1122 §3.2.2.6): addresses swapped, so the reply comes from
     * the address the request was sent to, type 0, same identifier, sequence and data, checksum
     * updated incrementally. The reply gets a fresh 20-byte header (TTL 64, no options) that ends
     * where the request's header ended; returns its offset. Its length is {@code length - ihl + 20}.
     */
    public static int echoReply(final MutableDirectBuffer buf, final int ip, final short identification)
    {
        final int ihl = Ipv4.headerLength(buf, ip);
        final int totalLength = Ipv4.totalLength(buf, ip);
        final int requester = Ipv4.source(buf, ip);
        final int us = Ipv4.destination(buf, ip);
        final int tos = buf.getByte(ip + Ipv4.TOS) & 0xFF;
        final int icmp = ip + ihl;
        final int typeCode = buf.getShort(icmp + TYPE, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int replyTypeCode = (ECHO_REPLY << 8) | (typeCode & 0xFF);
        final int checksum = buf.getShort(icmp + CHECKSUM, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        buf.putShort(icmp + TYPE, (short)replyTypeCode, ByteOrder.BIG_ENDIAN);
        buf.putShort(icmp + CHECKSUM, (short)InternetChecksum.update16(checksum, typeCode, replyTypeCode),
            ByteOrder.BIG_ENDIAN);
        final int replyIp = icmp - Ipv4.MIN_HEADER_LENGTH;
        Ipv4.writeHeader(buf, replyIp, totalLength - ihl + Ipv4.MIN_HEADER_LENGTH, PROTOCOL, us, requester,
            identification, tos);
        return replyIp;
    }
}
