package io.portcullis.controlplane.l2tp;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The third-party dissector as an oracle: our L2TP messages become UDP/1701 datagrams in a pcap
 * (text2pcap wraps them), and tshark -V dissects them. A missing tool fails the test with the
 * Debian package to install (tshark, which brings text2pcap); it never skips.
 */
public final class Tshark
{
    private static final long TIMEOUT_SECONDS = 60;

    private Tshark()
    {
    }

    /** The verbose dissection of each datagram, in order. */
    public static List<String> dissect(final Path workDir, final List<byte[]> udpPayloads)
    {
        final StringBuilder dump = new StringBuilder();
        for (final byte[] payload : udpPayloads)
        {
            dump.append("000000 ").append(HexFormat.ofDelimiter(" ").formatHex(payload)).append('\n');
        }
        try
        {
            Files.writeString(workDir.resolve("l2tp.txt"), dump);
        }
        catch (final IOException ex)
        {
            fail("cannot write " + workDir, ex);
        }
        run(workDir, List.of("text2pcap", "-q", "-u", "1701,1701", "-4", "192.0.2.1,192.0.2.2", "l2tp.txt",
            "l2tp.pcap"));
        final String verbose = run(workDir, List.of("tshark", "-V", "-r", "l2tp.pcap"));
        final List<String> frames = new ArrayList<>();
        for (final String frame : verbose.split("(?m)^(?=Frame \\d+:)"))
        {
            if (frame.startsWith("Frame "))
            {
                frames.add(frame);
            }
        }
        assertEquals(udpPayloads.size(), frames.size(), verbose);
        return frames;
    }

    private static String run(final Path workDir, final List<String> command)
    {
        final ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(workDir.resolve("out.txt").toFile()).redirectError(workDir.resolve("err.txt").toFile());
        builder.environment().put("WIRESHARK_CONFIG_DIR", workDir.toString());
        try
        {
            final Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                fail(command + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0)
            {
                fail(command + " exited " + process.exitValue() + ": " + Files.readString(workDir.resolve("err.txt")));
            }
            return Files.readString(workDir.resolve("out.txt"));
        }
        catch (final IOException ex)
        {
            fail(command.getFirst() + " not runnable: install the Debian package tshark (apt-get install tshark)", ex);
            return "";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            fail("interrupted", ex);
            return "";
        }
    }
}
