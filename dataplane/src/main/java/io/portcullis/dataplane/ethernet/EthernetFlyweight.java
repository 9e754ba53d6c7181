package io.portcullis.dataplane.ethernet;

import java.nio.ByteOrder;
import java.util.HexFormat;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Ethernet II header (IEEE 802.3 with an EtherType, RFC 894) over a buffer. MAC addresses are
 * the low 48 bits of a {@code long}, first octet most significant, so that reading and
 * writing them allocates nothing.
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination MAC address                    |
 * |                               +-------------------------------+
 * |                               |                               |
 * +-------------------------------+                               |
 * |                      Source MAC address                       |
 * |           EtherType           |  payload ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class EthernetFlyweight
{
    public static final int HEADER_LENGTH = 14;
    public static final int DESTINATION = 0;
    public static final int SOURCE = 6;
    public static final int ETHER_TYPE = 12;
    /** Shortest frame on the wire, without the 4-byte FCS the NIC adds. */
    public static final int MIN_FRAME_LENGTH = 60;

    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_VLAN = 0x8100;
    public static final int TYPE_IPV6 = 0x86DD;

    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    private static final long GROUP_BIT = 0x0100_0000_0000L;

    private MutableDirectBuffer buffer;
    private int offset;

    public EthernetFlyweight wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public long destination()
    {
        return mac(buffer, offset + DESTINATION);
    }

    public EthernetFlyweight destination(final long mac)
    {
        putMac(buffer, offset + DESTINATION, mac);
        return this;
    }

    public long source()
    {
        return mac(buffer, offset + SOURCE);
    }

    public EthernetFlyweight source(final long mac)
    {
        putMac(buffer, offset + SOURCE, mac);
        return this;
    }

    public int etherType()
    {
        return buffer.getShort(offset + ETHER_TYPE, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public EthernetFlyweight etherType(final int etherType)
    {
        buffer.putShort(offset + ETHER_TYPE, (short)etherType, ByteOrder.BIG_ENDIAN);
        return this;
    }

    /** Writes a whole header at once. */
    public static void write(
        final MutableDirectBuffer buffer, final int offset, final long destination, final long source,
        final int etherType)
    {
        putMac(buffer, offset + DESTINATION, destination);
        putMac(buffer, offset + SOURCE, source);
        buffer.putShort(offset + ETHER_TYPE, (short)etherType, ByteOrder.BIG_ENDIAN);
    }

    public static long mac(final DirectBuffer buffer, final int at)
    {
        return ((buffer.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFFL) << 32) |
            (buffer.getInt(at + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL);
    }

    public static void putMac(final MutableDirectBuffer buffer, final int at, final long mac)
    {
        buffer.putShort(at, (short)(mac >>> 32), ByteOrder.BIG_ENDIAN);
        buffer.putInt(at + 2, (int)mac, ByteOrder.BIG_ENDIAN);
    }

    /** The I/G bit: multicast, including broadcast (IEEE 802). */
    public static boolean isMulticast(final long mac)
    {
        return (mac & GROUP_BIT) != 0;
    }

    /** "aa:bb:cc:dd:ee:ff" (or with dashes) to a long; for configuration, not the fast path. */
    public static long parseMac(final String text)
    {
        final String[] parts = text.split("[:-]", -1);
        if (parts.length != 6)
        {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long mac = 0;
        for (final String part : parts)
        {
            if (part.length() != 2 || !HexFormat.isHexDigit(part.charAt(0)) || !HexFormat.isHexDigit(part.charAt(1)))
            {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            mac = (mac << 8) | HexFormat.fromHexDigits(part);
        }
        return mac;
    }

    public static String macToString(final long mac)
    {
        final StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8)
        {
            if (shift != 40)
            {
                text.append(':');
            }
            final int octet = (int)(mac >>> shift) & 0xFF;
            text.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xF, 16));
        }
        return text.toString();
    }
}
