package io.portcullis.dataplane.esp.oracle;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.esp.EspCounter;
import io.portcullis.dataplane.esp.EspTestBed;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.packet.InternetChecksum;
import io.portcullis.dataplane.packet.Ipv4;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The plain packets the oracle tests put through ESP: L2TP-port UDP of every length modulo 16
 * (so every pad length of every cipher), in tunnel mode mixed with ICMP echoes.
 */
final class Flows
{
    /** The appliance (outer addresses, as in RFC 5737 documentation ranges). */
    static final String US = "192.0.2.1";
    static final String PEER = "198.51.100.7";
    /** Inner addresses of tunnel mode, and the peer's own address behind a NAT. */
    static final String US_INNER = "10.0.0.1";
    static final String PEER_INNER = "10.8.0.2";
    static final int L2TP_PORT = 1701;
    static final int ICMP = 1;

    /** UDP payload sizes; with the 8-byte UDP header they cover every length modulo 16. */
    private static final int[] SIZES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 333, 1400};
    static final int ALL_SIZES = SIZES.length;

    private Flows()
    {
    }

    /**
     * {@code count} packets as the protected traffic of an SA: transport mode from {@code source} to
     * {@code destination}; tunnel mode between the inner addresses, every fourth an ICMP echo.
     * Stepping through the sizes by 3 covers them all when {@code count} is {@link #ALL_SIZES}.
     */
    static List<byte[]> packets(
        final EspMode mode, final String source, final String destination, final String innerSource,
        final String innerDestination, final int count, final int salt)
    {
        final List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final byte[] payload = payload(SIZES[(i * 3) % SIZES.length], salt + i);
            if (mode == EspMode.TRANSPORT)
            {
                packets.add(Packets.udp(source, destination, L2TP_PORT, L2TP_PORT, payload));
            }
            else if (i % 4 == 3)
            {
                packets.add(icmpEcho(innerSource, innerDestination, salt, i, payload));
            }
            else
            {
                packets.add(Packets.udp(innerSource, innerDestination, L2TP_PORT, L2TP_PORT, payload));
            }
        }
        return packets;
    }

    static byte[] payload(final int size, final int salt)
    {
        final byte[] payload = new byte[size];
        for (int k = 0; k < size; k++)
        {
            payload[k] = (byte)(k * 29 + salt * 7 + size);
        }
        return payload;
    }

    /** An IPv4 ICMP echo request (RFC 792), both checksums right. */
    static byte[] icmpEcho(
        final String source, final String destination, final int identifier, final int sequence, final byte[] data)
    {
        final int length = 20 + 8 + data.length;
        final ByteBuffer b = ByteBuffer.allocate(length);
        b.put((byte)0x45).put((byte)0).putShort((short)length).putShort((short)(0x4000 + sequence))
            .putShort((short)0).put((byte)64).put((byte)ICMP).putShort((short)0)
            .putInt(Packets.address(source)).putInt(Packets.address(destination));
        b.put((byte)8).put((byte)0).putShort((short)0).putShort((short)identifier).putShort((short)sequence).put(data);
        final byte[] bytes = b.array();
        final UnsafeBuffer buf = new UnsafeBuffer(bytes);
        Ipv4.updateChecksum(buf, 0, 20);
        final int checksum = InternetChecksum.fold(InternetChecksum.sum(buf, 20, 8 + data.length, 0));
        buf.putShort(22, (short)checksum, ByteOrder.BIG_ENDIAN);
        return bytes;
    }

    /** What follows the UDP or ICMP echo header of a plain IPv4 packet. */
    static byte[] applicationData(final byte[] packet)
    {
        final int ihl = (packet[0] & 0x0F) * 4;
        return Arrays.copyOfRange(packet, ihl + 8, packet.length);
    }

    /** What ESP carries for a plain packet: the whole packet in tunnel mode, its payload in transport mode. */
    static byte[] espPayload(final EspMode mode, final byte[] packet)
    {
        return mode == EspMode.TUNNEL ? packet : Arrays.copyOfRange(packet, (packet[0] & 0x0F) * 4, packet.length);
    }

    /** The counters a test bed has moved, for failure messages. */
    static String counters(final EspTestBed bed)
    {
        final StringJoiner joiner = new StringJoiner(", ", "counters: ", "");
        for (final EspCounter counter : EspCounter.values())
        {
            if (bed.count(counter) != 0)
            {
                joiner.add(counter.label() + "=" + bed.count(counter));
            }
        }
        return joiner.toString();
    }
}
