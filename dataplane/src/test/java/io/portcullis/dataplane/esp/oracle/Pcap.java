package io.portcullis.dataplane.esp.oracle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a classic libpcap file of raw IPv4 packets, for tshark to read.
 *
 * <pre>
 *   file header (24 bytes, little-endian here): magic a1b2c3d4, version 2.4, thiszone, sigfigs,
 *                                               snaplen, link type
 *   per packet (16 bytes + data):               seconds, microseconds, captured length, length
 * </pre>
 */
final class Pcap
{
    /** LINKTYPE_IPV4: each record starts with the IPv4 header, no link layer. */
    static final int LINKTYPE_IPV4 = 228;
    private static final int MAGIC = 0xA1B2C3D4;
    private static final int SNAPLEN = 65535;
    private static final int FIRST_SECOND = 1_700_000_000;

    private Pcap()
    {
    }

    /** Packet {@code i} gets the timestamp {@code FIRST_SECOND + i} seconds. */
    static void write(final Path file, final List<byte[]> packets) throws IOException
    {
        int size = 24;
        for (final byte[] packet : packets)
        {
            size += 16 + packet.length;
        }
        final ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(SNAPLEN).putInt(LINKTYPE_IPV4);
        for (int i = 0; i < packets.size(); i++)
        {
            final byte[] packet = packets.get(i);
            b.putInt(FIRST_SECOND + i).putInt(0).putInt(packet.length).putInt(packet.length).put(packet);
        }
        Files.write(file, b.array());
    }
}
