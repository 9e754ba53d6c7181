package io.portcullis.controlplane.l2tp;

import java.nio.charset.StandardCharsets;

/**
 * One attribute-value pair (RFC 2661 §4.1), its value in clear. {@code hidden} says the H bit was
 * set on the wire (received) or should be (to send): the codec applies §4.3 both ways.
 */
public record Avp(int vendorId, int type, boolean mandatory, boolean hidden, byte[] value)
{
    public static Avp of(final AvpType type, final boolean mandatory, final byte[] value)
    {
        return new Avp(0, type.code(), mandatory, false, value);
    }

    public static Avp u16(final AvpType type, final boolean mandatory, final int value)
    {
        return of(type, mandatory, new byte[] {(byte)(value >>> 8), (byte)value});
    }

    public static Avp u32(final AvpType type, final boolean mandatory, final long value)
    {
        return of(type, mandatory, new byte[] {(byte)(value >>> 24), (byte)(value >>> 16), (byte)(value >>> 8),
            (byte)value});
    }

    public static Avp text(final AvpType type, final boolean mandatory, final String value)
    {
        return of(type, mandatory, value.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 2661 §4.4.2: Result Code, optional Error Code, optional Error Message. */
    public static Avp resultCode(final int result, final int error, final String message)
    {
        final byte[] text = message.getBytes(StandardCharsets.UTF_8);
        final byte[] value = new byte[4 + text.length];
        value[0] = (byte)(result >>> 8);
        value[1] = (byte)result;
        value[2] = (byte)(error >>> 8);
        value[3] = (byte)error;
        System.arraycopy(text, 0, value, 4, text.length);
        return of(AvpType.RESULT_CODE, true, value);
    }

    public Avp asHidden()
    {
        return new Avp(vendorId, type, mandatory, true, value);
    }

    public AvpType knownType()
    {
        return AvpType.of(vendorId, type);
    }

    public int u16()
    {
        return (value[0] & 0xFF) << 8 | value[1] & 0xFF;
    }

    public long u32()
    {
        return (long)(value[0] & 0xFF) << 24 | (value[1] & 0xFF) << 16 | (value[2] & 0xFF) << 8 | value[3] & 0xFF;
    }

    public String text()
    {
        return new String(value, StandardCharsets.UTF_8);
    }
}
