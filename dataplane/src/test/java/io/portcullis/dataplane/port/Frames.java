package io.portcullis.dataplane.port;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.portcullis.dataplane.packet.PacketVector;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/** Ethernet frames for port tests, and copies between them and a vector's buffers. */
final class Frames
{
    private static final MemorySegment ALL = MemorySegment.ofAddress(0).reinterpret(Long.MAX_VALUE);

    private Frames()
    {
    }

    /**
     * {@code count} frames from 60 to 1514 bytes (the sizes cycle through small, odd and full ones):
     * broadcast destination, a locally administered source, EtherType 0x88b5 (local experimental),
     * and seeded random bytes, so a frame cut, padded or swapped with another shows.
     */
    static List<byte[]> make(final int count, final long seed)
    {
        final int[] sizes = {60, 61, 64, 127, 128, 512, 1000, 1513, 1514};
        final SplittableRandom random = new SplittableRandom(seed);
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final byte[] frame = new byte[sizes[i % sizes.length]];
            random.nextBytes(frame);
            for (int j = 0; j < 6; j++)
            {
                frame[j] = (byte)0xff;
            }
            frame[6] = 0x02;
            frame[12] = (byte)0x88;
            frame[13] = (byte)0xb5;
            frames.add(frame);
        }
        return frames;
    }

    /** Writes a frame into packet i's buffer at its offset and sets its length. */
    static void put(final PacketVector vector, final int i, final byte[] frame)
    {
        MemorySegment.copy(frame, 0, ALL, JAVA_BYTE, vector.bufferAddress(i) + vector.offset(i), frame.length);
        vector.data(i, vector.offset(i), frame.length);
    }

    static byte[] get(final PacketVector vector, final int i)
    {
        final byte[] frame = new byte[vector.length(i)];
        MemorySegment.copy(ALL, JAVA_BYTE, vector.bufferAddress(i) + vector.offset(i), frame, 0, frame.length);
        return frame;
    }
}
