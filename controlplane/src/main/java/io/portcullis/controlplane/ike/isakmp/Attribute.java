package io.portcullis.controlplane.ike.isakmp;

import java.nio.ByteBuffer;

/**
 * A data attribute (RFC 2408 §3.3): in basic form (AF=1) a 16-bit value in the header, in
 * TLV form a length and that many bytes. {@code value} holds the bytes either way.
 */
public record Attribute(int type, boolean basic, byte[] value)
{
    public static Attribute basic(final int type, final int value)
    {
        return new Attribute(type, true, new byte[] {(byte) (value >>> 8), (byte) value});
    }

    /** A variable attribute holding a 32-bit number, as life durations are sent (RFC 2407 §4.5). */
    public static Attribute variable(final int type, final int value)
    {
        return new Attribute(type, false, ByteBuffer.allocate(4).putInt(value).array());
    }

    /** The value as an unsigned number; attributes longer than 8 bytes keep their low 8. */
    public long longValue()
    {
        long result = 0;
        for (final byte b : value)
        {
            result = (result << 8) | (b & 0xff);
        }
        return result;
    }

    int encodedLength()
    {
        return basic ? 4 : 4 + value.length;
    }

    void write(final ByteBuffer out)
    {
        if (basic)
        {
            out.putShort((short) (0x8000 | type)).put(value, 0, 2);
        }
        else
        {
            out.putShort((short) type).putShort((short) value.length).put(value);
        }
    }
}
