package io.portcullis.dataplane.vectors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the known-answer files under src/test/resources/vectors/: '#' comments, records
 * separated by blank lines, {@code field = value} lines (hex unless the field is "name" or "esn").
 */
public final class VectorFile
{
    private VectorFile()
    {
    }

    public record Vector(Map<String, String> fields)
    {
        public String name()
        {
            return fields.get("name");
        }

        public boolean has(final String field)
        {
            return fields.containsKey(field);
        }

        public byte[] bytes(final String field)
        {
            final String value = fields.get(field);
            if (value == null)
            {
                throw new IllegalArgumentException(name() + " has no field " + field);
            }
            return HexFormat.of().parseHex(value);
        }

        @Override
        public String toString()
        {
            return name();
        }
    }

    public static List<Vector> load(final String resource)
    {
        try (InputStream in = VectorFile.class.getResourceAsStream("/vectors/" + resource))
        {
            if (in == null)
            {
                throw new IllegalArgumentException("no vector file " + resource);
            }
            final List<Vector> vectors = new ArrayList<>();
            Map<String, String> current = new LinkedHashMap<>();
            for (final String raw : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
            {
                final String line = raw.strip();
                if (line.startsWith("#"))
                {
                    continue;
                }
                if (line.isEmpty())
                {
                    if (!current.isEmpty())
                    {
                        vectors.add(new Vector(current));
                        current = new LinkedHashMap<>();
                    }
                    continue;
                }
                final int eq = line.indexOf('=');
                if (eq < 0)
                {
                    throw new IllegalArgumentException(resource + ": not a field: " + line);
                }
                current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
            if (!current.isEmpty())
            {
                vectors.add(new Vector(current));
            }
            if (vectors.isEmpty())
            {
                throw new IllegalArgumentException(resource + " holds no vectors");
            }
            return vectors;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
