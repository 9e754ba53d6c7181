package io.portcullis.controlplane.config;

/** Parsing of the value forms the configuration language uses. */
final class Values
{
    private Values()
    {
    }

    /** Dotted quad to a host-order int, or null. */
    static Integer parseIpv4(final String text)
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

    static long parseNumber(final String text)
    {
        return text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
    }
}
