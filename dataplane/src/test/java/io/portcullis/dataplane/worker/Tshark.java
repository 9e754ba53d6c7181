package io.portcullis.dataplane.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.portcullis.dataplane.api.EspSaConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * tshark as the oracle of what the dataplane wrote to a capture: chosen fields of each frame,
 * one tab-separated line per frame, with ESP decrypted when given the SAs' keys (AES-GCM-128).
 */
public final class Tshark
{
    private static final String TSHARK = "/usr/bin/tshark";

    private Tshark()
    {
    }

    public static List<String> fields(final Path pcap, final List<EspSaConfig> sas, final String... fields) throws Exception
    {
        if (!Files.isExecutable(Path.of(TSHARK)))
        {
            throw new AssertionError("tshark is missing: apt-get install tshark (bin/install-deps)");
        }
        final List<String> command = new ArrayList<>(List.of(TSHARK, "-n", "-r", pcap.toString(),
            "-o", "esp.enable_encryption_decode:TRUE", "-o", "esp.enable_authentication_check:TRUE",
            "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"));
        for (final EspSaConfig sa : sas)
        {
            command.addAll(List.of("-o", "uat:esp_sa:" + String.format(
                "\"IPv4\",\"*\",\"*\",\"0x%08x\",\"AES-GCM with 16 octet ICV [RFC4106]\",\"0x%s\",\"NULL\",\"\"",
                sa.spi(), HexFormat.of().formatHex(sa.cipherKey()))));
        }
        command.addAll(List.of("-T", "fields"));
        for (final String field : fields)
        {
            command.add("-e");
            command.add(field);
        }
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String out = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), "tshark failed: " + command);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
