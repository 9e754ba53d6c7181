package io.portcullis.dataplane.esp.oracle;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The third-party programs the oracle tests run: Debian's Python with Scapy, and tshark. A
 * missing one fails the test with the Debian package to install; it never skips it.
 */
final class ExternalTools
{
    /** Debian's interpreter: the python3 first on PATH may be another one, without python3-scapy. */
    static final String PYTHON = "/usr/bin/python3";
    private static final long TIMEOUT_SECONDS = 60;

    private ExternalTools()
    {
    }

    /** Fails unless {@link #PYTHON} can import Scapy's IPsec layer. */
    static void requireScapy(final Path workDir)
    {
        if (!Files.isExecutable(Path.of(PYTHON)))
        {
            fail(PYTHON + " not found: install the Debian packages python3 and python3-scapy " +
                "(apt-get install python3-scapy)");
        }
        final Run run = run(List.of(PYTHON, "-c", "import scapy.layers.ipsec"), workDir, "scapy-check");
        if (run.exitCode() != 0)
        {
            fail(PYTHON + " cannot import scapy: install the Debian package python3-scapy " +
                "(apt-get install python3-scapy)\n" + run.stderr());
        }
    }

    /** The tshark executable on PATH; fails if there is none. */
    static String requireTshark()
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
        {
            final Path candidate = Path.of(dir, "tshark");
            if (Files.isExecutable(candidate))
            {
                return candidate.toString();
            }
        }
        fail("tshark not found on PATH: install the Debian package tshark (apt-get install tshark)");
        return null;
    }

    /** A script of dataplane/src/test/python, found from the repository root surefire passes in. */
    static String script(final String name)
    {
        final String root = System.getProperty("portcullis.root");
        if (root == null)
        {
            fail("system property portcullis.root is not set (surefire sets it to the repository root)");
        }
        final Path script = Path.of(root, "dataplane", "src", "test", "python", name);
        if (!Files.isRegularFile(script))
        {
            fail("oracle script missing: " + script);
        }
        return script.toString();
    }

    /** Runs a Python script from dataplane/src/test/python with {@link #PYTHON}; fails unless it exits 0. */
    static void python(final Path workDir, final String script, final String... arguments)
    {
        final List<String> command = new ArrayList<>(List.of(PYTHON, script(script)));
        command.addAll(List.of(arguments));
        expectSuccess(run(command, workDir, script), command);
    }

    /** Runs a command and returns its standard output; fails unless it exits 0. */
    static String output(final List<String> command, final Path workDir, final String name)
    {
        final Run run = run(command, workDir, name);
        expectSuccess(run, command);
        return run.stdout();
    }

    record Run(int exitCode, String stdout, String stderr)
    {
    }

    /** Output goes to files in {@code workDir}, so a chatty program cannot block on a full pipe. */
    static Run run(final List<String> command, final Path workDir, final String name)
    {
        final Path stdout = workDir.resolve(name + ".stdout");
        final Path stderr = workDir.resolve(name + ".stderr");
        final ProcessBuilder builder = new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");  // no __pycache__ in the source tree
        // tshark reads no personal preferences (say, someone's ESP SAs), only what the test passes.
        builder.environment().put("WIRESHARK_CONFIG_DIR", workDir.resolve("wireshark-config").toString());
        try
        {
            final Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        }
        catch (final IOException ex)
        {
            fail("cannot run " + String.join(" ", command), ex);
            return null;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            fail("interrupted running " + command.getFirst(), ex);
            return null;
        }
    }

    private static void expectSuccess(final Run run, final List<String> command)
    {
        if (run.exitCode() != 0)
        {
            fail(String.join(" ", command) + " exited with " + run.exitCode() + ":\n" + run.stderr());
        }
    }

    /** tshark -V output split by frame: each frame starts with a "Frame <n>: ..." line at column 0. */
    static Map<Integer, String> framesOf(final String verbose)
    {
        final Map<Integer, String> frames = new HashMap<>();
        int frame = 0;
        StringBuilder text = new StringBuilder();
        for (final String line : verbose.split("\n"))
        {
            if (line.startsWith("Frame ") && line.indexOf(':') > 6)
            {
                if (frame > 0)
                {
                    frames.put(frame, text.toString());
                }
                frame = Integer.parseInt(line.substring(6, line.indexOf(':')));
                text = new StringBuilder();
            }
            text.append(line).append('\n');
        }
        if (frame > 0)
        {
            frames.put(frame, text.toString());
        }
        return frames;
    }
}
