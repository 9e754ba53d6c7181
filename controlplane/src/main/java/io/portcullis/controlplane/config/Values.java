package io.portcullis.controlplane.config;

/** Parsing of the value forms the configuration language uses (checked text: see {@link ValueType}). */
public final class Values
{
    private Values()
    {
    }

    /** Dotted quad to a host-order int, or null. */
    public static Integer parseIpv4(final String text)
    {
        final String[] parts = text.split("\\.", -1);
        if (parts.length != 4)
        {
            return null;
        }
        int value = 0;
        for (final String part : parts)
        {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit))
            {
                return null;
            }
            final int octet = Integer.parseInt(part);
            if (octet > 255)
            {
                return null;
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    public static long parseNumber(final String text)
    {
        return text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
    }

    /** aa:bb:cc:dd:ee:ff to the 48-bit value, or -1. */
    public static long parseMac(final String text)
    {
        final String[] parts = text.split(":", -1);
        if (parts.length != 6)
        {
            return -1;
        }
        long value = 0;
        for (final String part : parts)
        {
            if (part.length() != 2 || Character.digit(part.charAt(0), 16) < 0 || Character.digit(part.charAt(1), 16) < 0)
            {
                return -1;
            }
            value = (value << 8) | Integer.parseInt(part, 16);
        }
        return value;
    }
}
