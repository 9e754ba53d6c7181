package io.portcullis.dataplane.port;

import java.util.List;

import io.portcullis.dataplane.packet.PacketVector;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MemoryPortTest
{
    @Test
    void offeredFramesAreReceivedIntoBuffersWithHeadroom()
    {
        try (MemoryPort port = new MemoryPort(16))
        {
            final List<byte[]> frames = Frames.make(3, 1);
            frames.forEach(port::offer);
            final PacketVector vector = new PacketVector();
            assertEquals(3, port.receive(vector));
            for (int i = 0; i < 3; i++)
            {
                assertArrayEquals(frames.get(i), Frames.get(vector, i));
                assertEquals(MemoryPool.HEADROOM, vector.offset(i));
                assertEquals(MemoryPool.BUFFER_SIZE, vector.bufferCapacity(i));
                assertEquals(PacketVector.NEXT_FORWARD, vector.next(i));
            }
            assertEquals(3, port.pool().inUse());
            assertEquals(0, port.receive(vector), "nothing more offered");
        }
    }

    @Test
    void forwardedFramesAreTransmittedAndEveryBufferIsFreed()
    {
        try (MemoryPort port = new MemoryPort(16))
        {
            final List<byte[]> frames = Frames.make(4, 2);
            frames.forEach(port::offer);
            final PacketVector vector = new PacketVector();
            port.receive(vector);
            vector.next(1, PacketVector.NEXT_DROP);
            vector.next(2, PacketVector.NEXT_PUNT);
            assertEquals(2, port.transmit(vector));
            assertEquals(0, vector.size());
            assertArrayEquals(frames.get(0), port.poll());
            assertArrayEquals(frames.get(3), port.poll());
            assertNull(port.poll());
            assertEquals(0, port.pool().inUse());
            final PortStats stats = port.stats();
            assertEquals(4, stats.rxPackets());
            assertEquals(2, stats.txPackets());
            assertEquals(frames.get(0).length + frames.get(3).length, stats.txBytes());
        }
    }

    @Test
    void aNodeMayGrowAPacketIntoItsHeadroom()
    {
        try (MemoryPort port = new MemoryPort(4))
        {
            port.offer(new byte[] {1, 2, 3});
            final PacketVector vector = new PacketVector();
            port.receive(vector);
            final byte[] grown = {9, 9, 1, 2, 3};
            vector.data(0, vector.offset(0) - 2, 5);
            Frames.put(vector, 0, grown);
            port.transmit(vector);
            assertArrayEquals(grown, port.poll());
        }
    }

    @Test
    void whenBuffersRunOutFramesWaitAndAreCounted()
    {
        try (MemoryPort port = new MemoryPort(2))
        {
            Frames.make(3, 3).forEach(port::offer);
            final PacketVector vector = new PacketVector();
            assertEquals(2, port.receive(vector));
            assertEquals(1, port.stats().rxNoBuffer());
            port.transmit(vector);
            assertEquals(1, port.receive(vector), "the third frame waited for a buffer");
        }
    }

    @Test
    void portsSharingAPoolPassPacketsToEachOther()
    {
        try (MemoryPool pool = new MemoryPool(8))
        {
            final MemoryPort wan = new MemoryPort(pool);
            final MemoryPort lan = new MemoryPort(pool);
            final byte[] frame = Frames.make(1, 4).getFirst();
            wan.offer(frame);
            final PacketVector vector = new PacketVector();
            wan.receive(vector);
            assertEquals(1, lan.transmit(vector));
            assertArrayEquals(frame, lan.poll());
            assertNull(wan.poll());
            assertEquals(0, pool.inUse());
        }
    }

    @Test
    void replayIsAnEndlessSourceAndAnUncapturedPortAnEndlessSink()
    {
        try (MemoryPort port = new MemoryPort(512))
        {
            final List<byte[]> frames = Frames.make(3, 5);
            port.replay(frames);
            port.captureTransmitted(false);
            final PacketVector vector = new PacketVector();
            for (int round = 0; round < 3; round++)
            {
                assertEquals(PacketVector.MAX_SIZE, port.receive(vector));
                for (int i = 0; i < vector.size(); i++)
                {
                    assertArrayEquals(frames.get((round * PacketVector.MAX_SIZE + i) % 3), Frames.get(vector, i));
                }
                assertEquals(PacketVector.MAX_SIZE, port.transmit(vector));
            }
            assertNull(port.poll());
            assertEquals(3L * PacketVector.MAX_SIZE, port.stats().txPackets());
        }
    }

    @Test
    void allocateIsAllOrNothing()
    {
        try (MemoryPort port = new MemoryPort(4))
        {
            final PacketVector vector = new PacketVector();
            assertEquals(0, port.allocate(vector, 5));
            assertEquals(0, vector.size());
            assertEquals(4, port.allocate(vector, 4));
            assertEquals(0, vector.length(3));
            assertEquals(MemoryPool.HEADROOM, vector.offset(3));
        }
    }

    @Test
    void aFrameLargerThanABufferIsRefused()
    {
        try (MemoryPort port = new MemoryPort(1))
        {
            assertThrows(IllegalArgumentException.class,
                () -> port.offer(new byte[MemoryPool.BUFFER_SIZE - MemoryPool.HEADROOM + 1]));
        }
    }

    @Test
    void aBufferFreedTwiceIsABug()
    {
        try (MemoryPool pool = new MemoryPool(2))
        {
            final long handle = pool.allocate();
            pool.free(handle);
            assertThrows(IllegalStateException.class, () -> pool.free(handle));
            assertThrows(IllegalArgumentException.class, () -> pool.free(3));
        }
    }
}
