package io.portcullis.dataplane.ip;

import java.nio.ByteOrder;

import io.portcullis.dataplane.packet.InternetChecksum;
import io.portcullis.dataplane.packet.Ipv4;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Builds ICMP error messages (time exceeded, destination unreachable, fragmentation needed)
 * about a packet, in place: the new IPv4 and ICMP headers go into the 28 bytes of headroom in
 * front of the offending packet, which becomes the quoted datagram, cut so that the whole error
 * stays within 576 bytes (RFC 1812 §4.3.2.3). Nothing is copied but the headers.
 * <pre>
 *  ip - 28: IPv4 header (20)  us -> the offending packet's source, protocol 1, TTL 64
 *  ip -  8: ICMP header (8)   type, code, checksum, unused / next-hop MTU (RFC 1191)
 *  ip     : the offending packet, its first (576 - 28) bytes at most
 * </pre>
 */
public final class IcmpError
{
    /** Bytes needed in front of the offending packet. */
    public static final int HEADROOM = Ipv4.MIN_HEADER_LENGTH + Icmp.HEADER_LENGTH;
    /** RFC 1812 §4.3.2.3: an ICMP error should not exceed 576 bytes. */
    public static final int MAX_LENGTH = 576;

    private IcmpError()
    {
    }

    /**
     * RFC 1812 §4.3.2.7 (and RFC 1122 §3.2.2): no ICMP error about an ICMP error (or any message
     * not known to be a query), about a fragment other than the first, about a datagram sent to
     * a multicast or broadcast address, or to a source that does not name a single host.
     */
    public static boolean permitted(final DirectBuffer buf, final int ip, final int length)
    {
        if ((buf.getShort(ip + Ipv4.FLAGS_FRAGMENT, ByteOrder.BIG_ENDIAN) & Ipv4.FRAGMENT_OFFSET_MASK) != 0)
        {
            return false;
        }
        if (AddressClass.isMulticastOrBroadcast(buf.getInt(ip + Ipv4.DESTINATION, ByteOrder.BIG_ENDIAN)) ||
            !AddressClass.isUnicastSource(buf.getInt(ip + Ipv4.SOURCE, ByteOrder.BIG_ENDIAN)))
        {
            return false;
        }
        if ((buf.getByte(ip + Ipv4.PROTOCOL) & 0xFF) == Icmp.PROTOCOL)
        {
            final int icmp = ip + (buf.getByte(ip + Ipv4.VERSION_IHL) & 0x0F) * 4;
            return icmp < ip + length && Icmp.isQuery(buf.getByte(icmp + Icmp.TYPE) & 0xFF);
        }
        return true;
    }

    /**
     * Writes an ICMP error of {@code type} and {@code code} about the packet of {@code length}
     * bytes at {@code ip}, from {@code source}, to the packet's source, starting at
     * {@code ip - HEADROOM}; returns its length, or -1 (writing nothing) if
     * {@code ip < HEADROOM}. {@code nextHopMtu} goes in the low 16 bits of the rest of the
     * header (RFC 1191 §4); pass 0 for other errors.
     */
    public static int write(
        final MutableDirectBuffer buf, final int ip, final int length, final int type, final int code,
        final int nextHopMtu, final int source, final short identification)
    {
        if (ip < HEADROOM)
        {
            return -1;
        }
        final int quoted = Math.min(length, MAX_LENGTH - HEADROOM);
        final int errorLength = HEADROOM + quoted;
        final int destination = buf.getInt(ip + Ipv4.SOURCE, ByteOrder.BIG_ENDIAN);
        final int errorIp = ip - HEADROOM;
        final int icmp = errorIp + Ipv4.MIN_HEADER_LENGTH;
        Ipv4.writeHeader(buf, errorIp, errorLength, Icmp.PROTOCOL, source, destination, identification, 0);
        buf.putShort(icmp + Icmp.TYPE, (short)((type << 8) | code), ByteOrder.BIG_ENDIAN);
        buf.putShort(icmp + Icmp.CHECKSUM, (short)0);
        buf.putInt(icmp + 4, nextHopMtu & 0xFFFF, ByteOrder.BIG_ENDIAN);
        final int checksum = InternetChecksum.fold(InternetChecksum.sum(buf, icmp, Icmp.HEADER_LENGTH + quoted, 0));
        buf.putShort(icmp + Icmp.CHECKSUM, (short)checksum, ByteOrder.BIG_ENDIAN);
        return errorLength;
    }
}
