package io.portcullis.dataplane.ip.oracle;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs dataplane/src/test/python/ip_oracle.py with Debian's Python and Scapy: a batch of
 * requests in, one response line each out (the script's docstring lists the commands). A
 * missing Scapy fails the test with the package to install; it never skips it.
 */
final class Scapy
{
    /** Debian's interpreter: the python3 first on PATH may be another one, without python3-scapy. */
    static final String PYTHON = "/usr/bin/python3";
    private static final long TIMEOUT_SECONDS = 60;

    private Scapy()
    {
    }

    static List<String> run(final Path workDir, final List<String> requests)
    {
        if (!Files.isExecutable(Path.of(PYTHON)))
        {
            fail(PYTHON + " not found: install the Debian packages python3 and python3-scapy");
        }
        final String root = System.getProperty("portcullis.root");
        if (root == null)
        {
            fail("system property portcullis.root is not set (surefire sets it to the repository root)");
        }
        final Path script = Path.of(root, "dataplane", "src", "test", "python", "ip_oracle.py");
        final Path in = workDir.resolve("requests.txt");
        final Path out = workDir.resolve("responses.txt");
        final Path stderr = workDir.resolve("stderr.txt");
        try
        {
            Files.write(in, requests);
            final ProcessBuilder builder = new ProcessBuilder(PYTHON, script.toString(), in.toString(), out.toString())
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(stderr.toFile());
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            final Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                fail(script + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0)
            {
                final String error = Files.readString(stderr);
                fail(error.contains("No module named 'scapy'") ?
                    PYTHON + " cannot import scapy: install the Debian package python3-scapy\n" + error :
                    script + " exited with " + process.exitValue() + ":\n" + error);
            }
            final List<String> responses = Files.readAllLines(out);
            assertEquals(requests.size(), responses.size(), "one response per request");
            return responses;
        }
        catch (final IOException ex)
        {
            fail("cannot run " + script, ex);
            return null;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            fail("interrupted running " + script, ex);
            return null;
        }
    }
}
