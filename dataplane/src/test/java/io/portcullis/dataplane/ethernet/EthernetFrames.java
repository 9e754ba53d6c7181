package io.portcullis.dataplane.ethernet;

import java.nio.ByteBuffer;

import io.portcullis.dataplane.ip.AddressClass;

/** Builds Ethernet frames for tests. */
final class EthernetFrames
{
    private EthernetFrames()
    {
    }

    static byte[] frame(final long destination, final long source, final int etherType, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(Math.max(60, 14 + payload.length));
        b.putShort((short)(destination >>> 32)).putInt((int)destination);
        b.putShort((short)(source >>> 32)).putInt((int)source);
        b.putShort((short)etherType).put(payload);
        return b.array();
    }

    static byte[] arp(final int operation, final long senderMac, final String sender, final long targetMac,
        final String target)
    {
        final ByteBuffer a = ByteBuffer.allocate(28);
        a.putShort((short)1).putShort((short)0x0800).put((byte)6).put((byte)4).putShort((short)operation);
        a.putShort((short)(senderMac >>> 32)).putInt((int)senderMac).putInt(AddressClass.parse(sender));
        a.putShort((short)(targetMac >>> 32)).putInt((int)targetMac).putInt(AddressClass.parse(target));
        final long destination = operation == Arp.REQUEST ? EthernetFlyweight.BROADCAST : targetMac;
        return frame(destination, senderMac, EthernetFlyweight.TYPE_ARP, a.array());
    }

    static long mac(final byte[] frame, final int at)
    {
        long mac = 0;
        for (int k = 0; k < 6; k++)
        {
            mac = (mac << 8) | (frame[at + k] & 0xFF);
        }
        return mac;
    }

    static int u32(final byte[] frame, final int at)
    {
        return ((frame[at] & 0xFF) << 24) | ((frame[at + 1] & 0xFF) << 16) | ((frame[at + 2] & 0xFF) << 8) |
            (frame[at + 3] & 0xFF);
    }
}
