package io.portcullis.dataplane.ip;

/**
 * Which IPv4 addresses may appear where (RFC 1812 §4.2.2.11, §5.3.7; RFC 6890): host-order
 * 32-bit addresses, as {@code Ipv4.source} returns them.
 */
public final class AddressClass
{
    private AddressClass()
    {
    }

    /** 0.0.0.0/8: "this network", never a real source or destination on a routed path. */
    public static boolean isThisNetwork(final int address)
    {
        return (address >>> 24) == 0;
    }

    /** 127.0.0.0/8: loopback, must never appear on a wire (RFC 1812 §5.3.7). */
    public static boolean isLoopback(final int address)
    {
        return (address >>> 24) == 127;
    }

    /** 224.0.0.0/4 multicast, 240.0.0.0/4 reserved, which includes 255.255.255.255. */
    public static boolean isMulticastOrBroadcast(final int address)
    {
        return (address >>> 28) >= 0xE;
    }

    /** A source a router may forward from and answer to: a unicast address of a real host. */
    public static boolean isUnicastSource(final int address)
    {
        return !isThisNetwork(address) && !isLoopback(address) && !isMulticastOrBroadcast(address);
    }

    /** Dotted-quad form, for configuration and messages (allocates: not for the fast path). */
    public static String toString(final int address)
    {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." +
            (address & 0xFF);
    }

    /** Parses a dotted quad; throws {@link IllegalArgumentException} on anything else. */
    public static int parse(final String dotted)
    {
        final String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4)
        {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        int value = 0;
        for (final String part : parts)
        {
            final int octet;
            try
            {
                octet = Integer.parseInt(part);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted, ex);
            }
            if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3)
            {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            value = (value << 8) | octet;
        }
        return value;
    }
}
