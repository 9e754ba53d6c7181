package io.portcullis.dataplane.packet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** PacketBuffer must read and write native memory exactly as Agrona's UnsafeBuffer does. */
class PacketBufferTest
{
    private static final int SIZE = 256;
    private static final ByteOrder[] ORDERS = {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN};

    private final ByteBuffer memory = BufferUtil.allocateDirectAligned(SIZE, 64);
    private final UnsafeBuffer reference = new UnsafeBuffer(memory);
    private final PacketBuffer packet = new PacketBuffer();

    @Test
    void readsWhatUnsafeBufferReadsAtEveryOffsetInBothByteOrders()
    {
        final byte[] bytes = new byte[SIZE];
        new Random(4303).nextBytes(bytes);
        reference.putBytes(0, bytes);
        packet.wrap(reference.addressOffset(), SIZE);
        for (int i = 0; i <= SIZE - Long.BYTES; i++)
        {
            assertEquals(reference.getByte(i), packet.getByte(i));
            assertEquals(reference.getShort(i), packet.getShort(i));
            assertEquals(reference.getInt(i), packet.getInt(i));
            assertEquals(reference.getLong(i), packet.getLong(i));
            for (final ByteOrder order : ORDERS)
            {
                assertEquals(reference.getShort(i, order), packet.getShort(i, order), "short at " + i + " " + order);
                assertEquals(reference.getInt(i, order), packet.getInt(i, order), "int at " + i + " " + order);
                assertEquals(reference.getLong(i, order), packet.getLong(i, order), "long at " + i + " " + order);
            }
        }
    }

    @Test
    void writesWhatUnsafeBufferWrites()
    {
        final ByteBuffer other = BufferUtil.allocateDirectAligned(SIZE, 64);
        final UnsafeBuffer expected = new UnsafeBuffer(other);
        packet.wrap(reference.addressOffset(), SIZE);
        final Random random = new Random(791);
        for (int round = 0; round < 2000; round++)
        {
            final int i = random.nextInt(SIZE - Long.BYTES + 1);
            final ByteOrder order = ORDERS[random.nextInt(2)];
            final long value = random.nextLong();
            switch (random.nextInt(7))
            {
                case 0 -> { expected.putByte(i, (byte)value); packet.putByte(i, (byte)value); }
                case 1 -> { expected.putShort(i, (short)value); packet.putShort(i, (short)value); }
                case 2 -> { expected.putShort(i, (short)value, order); packet.putShort(i, (short)value, order); }
                case 3 -> { expected.putInt(i, (int)value); packet.putInt(i, (int)value); }
                case 4 -> { expected.putInt(i, (int)value, order); packet.putInt(i, (int)value, order); }
                case 5 -> { expected.putLong(i, value); packet.putLong(i, value); }
                default -> { expected.putLong(i, value, order); packet.putLong(i, value, order); }
            }
        }
        final byte[] written = new byte[SIZE];
        final byte[] wanted = new byte[SIZE];
        reference.getBytes(0, written);
        expected.getBytes(0, wanted);
        assertArrayEquals(wanted, written);
    }

    @Test
    void wrapsOffHeapBuffersAtAnOffsetAndRefusesHeapMemory()
    {
        reference.putInt(12, 0x0A00_0001, ByteOrder.BIG_ENDIAN);
        packet.wrap(reference, 8, 16);
        assertEquals(reference.addressOffset() + 8, packet.addressOffset());
        assertEquals(16, packet.capacity());
        assertEquals(0x0A00_0001, packet.getInt(4, ByteOrder.BIG_ENDIAN));

        assertThrows(UnsupportedOperationException.class, () -> packet.wrap(new byte[16]));
        assertThrows(UnsupportedOperationException.class, () -> packet.wrap(new byte[16], 0, 8));
        assertThrows(UnsupportedOperationException.class, () -> packet.wrap(ByteBuffer.allocate(16)));
        assertThrows(UnsupportedOperationException.class, () -> packet.wrap(ByteBuffer.allocate(16), 0, 8));
        assertThrows(UnsupportedOperationException.class, () -> packet.wrap(new UnsafeBuffer(new byte[16])));
    }
}
