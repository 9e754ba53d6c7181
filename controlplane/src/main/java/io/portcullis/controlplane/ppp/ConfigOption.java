package io.portcullis.controlplane.ppp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One Configuration Option (RFC 1661 §6): Type, Length (including both), Data. */
public record ConfigOption(int type, byte[] data)
{
    public static ConfigOption u16(final int type, final int value)
    {
        return new ConfigOption(type, new byte[] {(byte)(value >>> 8), (byte)value});
    }

    public static ConfigOption u32(final int type, final long value)
    {
        return new ConfigOption(type, new byte[] {(byte)(value >>> 24), (byte)(value >>> 16), (byte)(value >>> 8),
            (byte)value});
    }

    public int u16()
    {
        return (data[0] & 0xFF) << 8 | data[1] & 0xFF;
    }

    public long u32()
    {
        return (long)(data[0] & 0xFF) << 24 | (data[1] & 0xFF) << 16 | (data[2] & 0xFF) << 8 | data[3] & 0xFF;
    }

    /** Verifies and reads the options of a Configure-Request/Ack/Nak/Reject. */
    public static List<ConfigOption> readAll(final byte[] data) throws PppException
    {
        final List<ConfigOption> options = new ArrayList<>();
        int at = 0;
        while (at < data.length)
        {
            if (data.length - at < 2)
            {
                throw new PppException("RFC 1661 §6: one octet left, too few for an option header");
            }
            final int length = data[at + 1] & 0xFF;
            if (length < 2 || length > data.length - at)
            {
                throw new PppException("RFC 1661 §6: option " + (data[at] & 0xFF) + " Length " + length +
                    " outside 2.." + (data.length - at));
            }
            options.add(new ConfigOption(data[at] & 0xFF, Arrays.copyOfRange(data, at + 2, at + length)));
            at += length;
        }
        return options;
    }

    public static byte[] writeAll(final List<ConfigOption> options)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final ConfigOption option : options)
        {
            out.write(option.type);
            out.write(option.data.length + 2);
            out.writeBytes(option.data);
        }
        return out.toByteArray();
    }

    public boolean sameAs(final ConfigOption other)
    {
        return type == other.type && Arrays.equals(data, other.data);
    }
}
