package io.portcullis.dataplane.ethernet;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * ARP for IPv4 over Ethernet (RFC 826): the packet layout, its validation, the reply rewrite
 * and the request builder. Offsets are from the start of the Ethernet frame.
 * <pre>
 *  14 hardware type (1)      16 protocol type (0x0800)   18 hlen (6)  19 plen (4)
 *  20 operation (1 request, 2 reply)
 *  22 sender hardware address (6)                        28 sender protocol address (4)
 *  32 target hardware address (6)                        38 target protocol address (4)
 * </pre>
 */
public final class Arp
{
    public static final int HEADER_LENGTH = 28;
    public static final int FRAME_LENGTH = EthernetFlyweight.HEADER_LENGTH + HEADER_LENGTH;

    public static final int HARDWARE_TYPE = 14;
    public static final int PROTOCOL_TYPE = 16;
    public static final int HARDWARE_LENGTH = 18;
    public static final int PROTOCOL_LENGTH = 19;
    public static final int OPERATION = 20;
    public static final int SENDER_MAC = 22;
    public static final int SENDER_ADDRESS = 28;
    public static final int TARGET_MAC = 32;
    public static final int TARGET_ADDRESS = 38;

    public static final int HARDWARE_ETHERNET = 1;
    public static final int REQUEST = 1;
    public static final int REPLY = 2;

    private Arp()
    {
    }

    /**
     * Validates an ARP frame of {@code length} bytes at {@code frame}; returns null if it is an
     * Ethernet/IPv4 request or reply from a unicast MAC, else the counter of the rule it breaks.
     */
    public static EthernetCounter verify(final DirectBuffer buf, final int frame, final int length)
    {
        if (length < FRAME_LENGTH)
        {
            return EthernetCounter.ARP_TRUNCATED;
        }
        if ((buf.getShort(frame + HARDWARE_TYPE, ByteOrder.BIG_ENDIAN) & 0xFFFF) != HARDWARE_ETHERNET ||
            (buf.getShort(frame + PROTOCOL_TYPE, ByteOrder.BIG_ENDIAN) & 0xFFFF) != EthernetFlyweight.TYPE_IPV4 ||
            buf.getByte(frame + HARDWARE_LENGTH) != 6 || buf.getByte(frame + PROTOCOL_LENGTH) != 4)
        {
            return EthernetCounter.ARP_UNSUPPORTED;
        }
        final int operation = operation(buf, frame);
        if (operation != REQUEST && operation != REPLY)
        {
            return EthernetCounter.ARP_BAD_OPERATION;
        }
        if (EthernetFlyweight.isMulticast(senderMac(buf, frame)))
        {
            return EthernetCounter.ARP_BAD_SENDER;
        }
        return null;
    }

    public static int operation(final DirectBuffer buf, final int frame)
    {
        return buf.getShort(frame + OPERATION, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    public static long senderMac(final DirectBuffer buf, final int frame)
    {
        return EthernetFlyweight.mac(buf, frame + SENDER_MAC);
    }

    public static int senderAddress(final DirectBuffer buf, final int frame)
    {
        return buf.getInt(frame + SENDER_ADDRESS, ByteOrder.BIG_ENDIAN);
    }

    public static int targetAddress(final DirectBuffer buf, final int frame)
    {
        return buf.getInt(frame + TARGET_ADDRESS, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Turns the request at {@code frame} into our reply, in place (RFC 826, "swap hardware and
     * protocol fields"): to the requester's MAC, from {@code ourMac}, for the address asked about.
     * The frame keeps its length (padding included).
     */
    public static void turnIntoReply(final MutableDirectBuffer buf, final int frame, final long ourMac)
    {
        final long requesterMac = senderMac(buf, frame);
        final int requester = senderAddress(buf, frame);
        final int asked = targetAddress(buf, frame);
        EthernetFlyweight.write(buf, frame, requesterMac, ourMac, EthernetFlyweight.TYPE_ARP);
        buf.putShort(frame + OPERATION, (short)REPLY, ByteOrder.BIG_ENDIAN);
        EthernetFlyweight.putMac(buf, frame + SENDER_MAC, ourMac);
        buf.putInt(frame + SENDER_ADDRESS, asked, ByteOrder.BIG_ENDIAN);
        EthernetFlyweight.putMac(buf, frame + TARGET_MAC, requesterMac);
        buf.putInt(frame + TARGET_ADDRESS, requester, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Writes a broadcast request "who has {@code target}? tell {@code ourAddress}" at
     * {@code frame}, padded with zeros to the 60-byte minimum frame; returns 60.
     */
    public static int writeRequest(
        final MutableDirectBuffer buf, final int frame, final long ourMac, final int ourAddress, final int target)
    {
        EthernetFlyweight.write(buf, frame, EthernetFlyweight.BROADCAST, ourMac, EthernetFlyweight.TYPE_ARP);
        buf.putShort(frame + HARDWARE_TYPE, (short)HARDWARE_ETHERNET, ByteOrder.BIG_ENDIAN);
        buf.putShort(frame + PROTOCOL_TYPE, (short)EthernetFlyweight.TYPE_IPV4, ByteOrder.BIG_ENDIAN);
        buf.putByte(frame + HARDWARE_LENGTH, (byte)6);
        buf.putByte(frame + PROTOCOL_LENGTH, (byte)4);
        buf.putShort(frame + OPERATION, (short)REQUEST, ByteOrder.BIG_ENDIAN);
        EthernetFlyweight.putMac(buf, frame + SENDER_MAC, ourMac);
        buf.putInt(frame + SENDER_ADDRESS, ourAddress, ByteOrder.BIG_ENDIAN);
        EthernetFlyweight.putMac(buf, frame + TARGET_MAC, 0);
        buf.putInt(frame + TARGET_ADDRESS, target, ByteOrder.BIG_ENDIAN);
        buf.setMemory(frame + FRAME_LENGTH, EthernetFlyweight.MIN_FRAME_LENGTH - FRAME_LENGTH, (byte)0);
        return EthernetFlyweight.MIN_FRAME_LENGTH;
    }
}
