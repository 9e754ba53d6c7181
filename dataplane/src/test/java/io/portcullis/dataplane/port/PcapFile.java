package io.portcullis.dataplane.port;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Classic libpcap files of Ethernet frames, for net_pcap to read and write.
 *
 * <pre>
 *   file header (24 bytes): magic a1b2c3d4 (its byte order is the file's), version 2.4, thiszone,
 *                           sigfigs, snaplen, link type (1: Ethernet)
 *   per frame (16 + n):     seconds, microseconds (or nanoseconds), captured length, length, frame
 * </pre>
 */
public final class PcapFile
{
    static final int LINKTYPE_ETHERNET = 1;
    private static final int MAGIC_MICROS = 0xA1B2C3D4;
    private static final int MAGIC_NANOS = 0xA1B23C4D;

    private PcapFile()
    {
    }

    public static void write(final Path file, final List<byte[]> frames) throws IOException
    {
        int size = 24;
        for (final byte[] frame : frames)
        {
            size += 16 + frame.length;
        }
        final ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC_MICROS).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535)
            .putInt(LINKTYPE_ETHERNET);
        for (int i = 0; i < frames.size(); i++)
        {
            final byte[] frame = frames.get(i);
            b.putInt(1_700_000_000 + i).putInt(0).putInt(frame.length).putInt(frame.length).put(frame);
        }
        Files.write(file, b.array());
    }

    /** The frames of a pcap file, either byte order, micro- or nanosecond timestamps; Ethernet only. */
    public static List<byte[]> read(final Path file) throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS)
        {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
        }
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS)
        {
            throw new IOException(file + " is not a pcap file (magic " + Integer.toHexString(magic) + ")");
        }
        if (b.getInt(20) != LINKTYPE_ETHERNET)
        {
            throw new IOException(file + " has link type " + b.getInt(20) + ", not Ethernet");
        }
        final List<byte[]> frames = new ArrayList<>();
        b.position(24);
        while (b.remaining() >= 16)
        {
            b.getInt();
            b.getInt();
            final int captured = b.getInt();
            b.getInt();
            final byte[] frame = new byte[captured];
            b.get(frame);
            frames.add(frame);
        }
        if (b.hasRemaining())
        {
            throw new IOException(file + " ends inside a record header");
        }
        return frames;
    }
}
