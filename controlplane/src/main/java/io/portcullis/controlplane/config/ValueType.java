package io.portcullis.controlplane.config;

import java.util.HexFormat;
import java.util.Set;

/** What a configuration leaf accepts; {@link #check} returns null when the text is valid, else why not. */
public interface ValueType
{
    String check(String text);

    String describe();

    static ValueType integer(final long min, final long max)
    {
        return new ValueType()
        {
            public String check(final String text)
            {
                try
                {
                    final long value = text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
                    return value >= min && value <= max ? null : "out of range " + min + ".." + max;
                }
                catch (final NumberFormatException ex)
                {
                    return "not a number";
                }
            }

            public String describe()
            {
                return "a number " + min + ".." + max;
            }
        };
    }

    static ValueType oneOf(final String... choices)
    {
        final Set<String> allowed = Set.of(choices);
        return new ValueType()
        {
            public String check(final String text)
            {
                return allowed.contains(text) ? null : "not one of " + String.join(", ", choices);
            }

            public String describe()
            {
                return "one of " + String.join(", ", choices);
            }
        };
    }

    /** A comma-separated list of distinct words from {@code choices}, in the order given. */
    static ValueType listOf(final String... choices)
    {
        final Set<String> allowed = Set.of(choices);
        return new ValueType()
        {
            public String check(final String text)
            {
                final String[] items = text.split(",", -1);
                if (java.util.Arrays.stream(items).distinct().count() != items.length)
                {
                    return "a word is repeated";
                }
                for (final String item : items)
                {
                    if (!allowed.contains(item))
                    {
                        return "'" + item + "' is not one of " + String.join(", ", choices);
                    }
                }
                return null;
            }

            public String describe()
            {
                return "a comma-separated list of " + String.join(", ", choices);
            }
        };
    }

    ValueType IPV4 = new ValueType()
    {
        public String check(final String text)
        {
            return Values.parseIpv4(text) == null ? "not an IPv4 address" : null;
        }

        public String describe()
        {
            return "an IPv4 address";
        }
    };

    ValueType IPV4_PREFIX = new ValueType()
    {
        public String check(final String text)
        {
            final int slash = text.indexOf('/');
            if (slash < 0 || Values.parseIpv4(text.substring(0, slash)) == null)
            {
                return "not an IPv4 prefix (a.b.c.d/len)";
            }
            return integer(0, 32).check(text.substring(slash + 1)) == null ? null : "prefix length not 0..32";
        }

        public String describe()
        {
            return "an IPv4 prefix a.b.c.d/len";
        }
    };

    /** Key material as 0x followed by hex digits. */
    ValueType HEX_KEY = new ValueType()
    {
        public String check(final String text)
        {
            if (!text.startsWith("0x") || text.length() < 4 || (text.length() % 2) != 0)
            {
                return "not a key (0x and an even number of hex digits)";
            }
            try
            {
                HexFormat.of().parseHex(text.substring(2));
                return null;
            }
            catch (final IllegalArgumentException ex)
            {
                return "not a key (0x and an even number of hex digits)";
            }
        }

        public String describe()
        {
            return "a key, 0x and hex digits";
        }
    };

    /** An Ethernet MAC address, six colon-separated hex octets. */
    ValueType MAC = new ValueType()
    {
        public String check(final String text)
        {
            return Values.parseMac(text) < 0 ? "not a MAC address (aa:bb:cc:dd:ee:ff)" : null;
        }

        public String describe()
        {
            return "a MAC address aa:bb:cc:dd:ee:ff";
        }
    };

    /** CPU numbers, comma separated. */
    ValueType CPU_LIST = new ValueType()
    {
        public String check(final String text)
        {
            for (final String cpu : text.split(",", -1))
            {
                if (integer(0, 4095).check(cpu) != null)
                {
                    return "not a list of CPU numbers (2,3)";
                }
            }
            return null;
        }

        public String describe()
        {
            return "CPU numbers, comma separated";
        }
    };

    ValueType TEXT = new ValueType()
    {
        public String check(final String text)
        {
            return text.isEmpty() ? "empty" : null;
        }

        public String describe()
        {
            return "text";
        }
    };
}
