package io.portcullis.dataplane.ip;

import java.nio.ByteOrder;

import io.portcullis.dataplane.packet.InternetChecksum;
import io.portcullis.dataplane.packet.Ipv4;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** The forwarding TTL rule (RFC 1812 §5.3.1) and its incremental checksum update (RFC 1624). */
public final class Ttl
{
    private Ttl()
    {
    }

    /** Whether a router must not forward this packet: its TTL would reach 0 (time exceeded). */
    public static boolean expired(final DirectBuffer buf, final int ip)
    {
        return (buf.getByte(ip + Ipv4.TTL) & 0xFF) <= 1;
    }

    /**
     * Decrements the TTL of the header at {@code ip} and updates its checksum incrementally;
     * returns false, changing nothing, if the TTL is 0 or 1.
     */
    public static boolean decrement(final MutableDirectBuffer buf, final int ip)
    {
        final int oldWord = buf.getShort(ip + Ipv4.TTL, ByteOrder.BIG_ENDIAN) & 0xFFFF;  // TTL, protocol
        if (oldWord < 0x0200)
        {
            return false;
        }
        final int newWord = oldWord - 0x0100;
        final int checksum = buf.getShort(ip + Ipv4.CHECKSUM, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        buf.putShort(ip + Ipv4.TTL, (short)newWord, ByteOrder.BIG_ENDIAN);
        buf.putShort(ip + Ipv4.CHECKSUM, (short)InternetChecksum.update16(checksum, oldWord, newWord),
            ByteOrder.BIG_ENDIAN);
        return true;
    }
}
