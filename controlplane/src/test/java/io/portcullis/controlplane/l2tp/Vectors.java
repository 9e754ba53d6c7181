package io.portcullis.controlplane.l2tp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/** Reads known-answer files under src/test/resources/vectors: whitespace-separated fields, '#' comments. */
public final class Vectors
{
    private Vectors()
    {
    }

    public static List<String[]> lines(final String resource)
    {
        final Path file = Path.of(System.getProperty("portcullis.root", "."), "controlplane", "src", "test",
            "resources", "vectors", resource);
        try
        {
            return Files.readAllLines(file).stream().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.trim().split("\\s+")).toList();
        }
        catch (final IOException ex)
        {
            fail("vector file missing: " + file, ex);
            return List.of();
        }
    }

    /** Hex to bytes; "-" is the empty string. */
    public static byte[] hex(final String hex)
    {
        return "-".equals(hex) ? new byte[0] : HexFormat.of().parseHex(hex);
    }
}
