package io.portcullis.dataplane.packet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An {@link UnsafeBuffer} over native packet memory only (an mbuf's data room, a crypto op
 * array), never over a Java array or a heap {@link ByteBuffer}: the flyweight every node wraps
 * around a packet.
 *
 * <p>Why not a plain UnsafeBuffer: its accessors read through {@code Unsafe} with the buffer's
 * {@code byteArray} field as the base object, which may or may not be null. C2 cannot tell a
 * heap access from an off-heap one there, so it treats every such read and write as touching
 * any memory at all: after each one it reloads every field and array element the node had in
 * registers (the vector's arrays, the SA's fields, the buffer's own address), and each wrap
 * stores two object references with their GC barriers. Here the base is the constant null, so
 * the JIT sees plain native memory that cannot alias a Java object; a wrap is two primitive
 * stores. Measured on the dataplane nodes: see README "Benchmarks".
 *
 * <p>Bounds checks follow {@link UnsafeBuffer#SHOULD_BOUNDS_CHECK} like the parent's. Bulk
 * copies ({@code getBytes}, {@code putBytes}, …) are the parent's, which handle a null array.
 */
public final class PacketBuffer extends UnsafeBuffer
{
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    public PacketBuffer()
    {
        super(0, 0);
    }

    @Override
    public void wrap(final long address, final int length)
    {
        addressOffset = address;
        capacity = length;
    }

    @Override
    public void wrap(final byte[] buffer)
    {
        throw heapMemory();
    }

    @Override
    public void wrap(final byte[] buffer, final int offset, final int length)
    {
        throw heapMemory();
    }

    @Override
    public void wrap(final ByteBuffer buffer)
    {
        throw heapMemory();
    }

    @Override
    public void wrap(final ByteBuffer buffer, final int offset, final int length)
    {
        throw heapMemory();
    }

    @Override
    public void wrap(final DirectBuffer buffer)
    {
        wrap(buffer, 0, buffer.capacity());
    }

    @Override
    public void wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        if (buffer.byteArray() != null || buffer.byteBuffer() != null && !buffer.byteBuffer().isDirect())
        {
            throw heapMemory();
        }
        wrap(buffer.addressOffset() + offset, length);
    }

    @Override
    public byte getByte(final int index)
    {
        check(index, Byte.BYTES);
        return UnsafeApi.getByte(null, addressOffset + index);
    }

    @Override
    public void putByte(final int index, final byte value)
    {
        check(index, Byte.BYTES);
        UnsafeApi.putByte(null, addressOffset + index, value);
    }

    @Override
    public short getShort(final int index)
    {
        check(index, Short.BYTES);
        return UnsafeApi.getShort(null, addressOffset + index);
    }

    @Override
    public short getShort(final int index, final ByteOrder byteOrder)
    {
        final short bits = getShort(index);
        return byteOrder == NATIVE ? bits : Short.reverseBytes(bits);
    }

    @Override
    public void putShort(final int index, final short value)
    {
        check(index, Short.BYTES);
        UnsafeApi.putShort(null, addressOffset + index, value);
    }

    @Override
    public void putShort(final int index, final short value, final ByteOrder byteOrder)
    {
        putShort(index, byteOrder == NATIVE ? value : Short.reverseBytes(value));
    }

    @Override
    public int getInt(final int index)
    {
        check(index, Integer.BYTES);
        return UnsafeApi.getInt(null, addressOffset + index);
    }

    @Override
    public int getInt(final int index, final ByteOrder byteOrder)
    {
        final int bits = getInt(index);
        return byteOrder == NATIVE ? bits : Integer.reverseBytes(bits);
    }

    @Override
    public void putInt(final int index, final int value)
    {
        check(index, Integer.BYTES);
        UnsafeApi.putInt(null, addressOffset + index, value);
    }

    @Override
    public void putInt(final int index, final int value, final ByteOrder byteOrder)
    {
        putInt(index, byteOrder == NATIVE ? value : Integer.reverseBytes(value));
    }

    @Override
    public long getLong(final int index)
    {
        check(index, Long.BYTES);
        return UnsafeApi.getLong(null, addressOffset + index);
    }

    @Override
    public long getLong(final int index, final ByteOrder byteOrder)
    {
        final long bits = getLong(index);
        return byteOrder == NATIVE ? bits : Long.reverseBytes(bits);
    }

    @Override
    public void putLong(final int index, final long value)
    {
        check(index, Long.BYTES);
        UnsafeApi.putLong(null, addressOffset + index, value);
    }

    @Override
    public void putLong(final int index, final long value, final ByteOrder byteOrder)
    {
        putLong(index, byteOrder == NATIVE ? value : Long.reverseBytes(value));
    }

    private void check(final int index, final int length)
    {
        if (SHOULD_BOUNDS_CHECK)
        {
            boundsCheck0(index, length);
        }
    }

    private static UnsupportedOperationException heapMemory()
    {
        return new UnsupportedOperationException("a PacketBuffer wraps native packet memory only");
    }
}
