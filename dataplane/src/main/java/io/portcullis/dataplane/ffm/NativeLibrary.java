package io.portcullis.dataplane.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds and opens {@code libportcullis.so}, the native shim built from {@code native/}.
 * Every failure names its fix: the library's path, the Debian package, or the JVM flag.
 */
final class NativeLibrary
{
    static final String LIBRARY_PROPERTY = "portcullis.native.lib";
    private static final String LIBRARY_FILE = "libportcullis.so";

    private NativeLibrary()
    {
    }

    static SymbolLookup open()
    {
        final Module module = NativeLibrary.class.getModule();
        if (!module.isNativeAccessEnabled())
        {
            throw new IllegalStateException(
                "native access is not enabled: start java with @jvm.options (it holds --enable-native-access=ALL-UNNAMED)");
        }
        final Path path = locate();
        try
        {
            return SymbolLookup.libraryLookup(path, Arena.global());
        }
        catch (final IllegalArgumentException ex)
        {
            final String message = String.valueOf(ex.getMessage());
            final String fix = message.contains("librte_")
                ? "is DPDK installed? apt-get install dpdk (runtime) or libdpdk-dev"
                : message.contains("IPSec_MB")
                ? "is intel-ipsec-mb installed? apt-get install libipsec-mb1 (runtime) or libipsec-mb-dev"
                : "are intel-ipsec-mb and DPDK installed? apt-get install libipsec-mb-dev libdpdk-dev";
            throw new IllegalStateException("cannot load " + path + " (" + message + "); " + fix, ex);
        }
    }

    private static Path locate()
    {
        final String configured = System.getProperty(LIBRARY_PROPERTY);
        if (configured != null)
        {
            final Path path = Path.of(configured);
            if (!Files.isReadable(path))
            {
                throw new IllegalStateException(LIBRARY_PROPERTY + "=" + configured +
                    " does not exist: build it with ./mvnw -pl native compile");
            }
            return path.toAbsolutePath();
        }
        // Launched from somewhere inside a checkout: look for native/target above the working directory.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent())
        {
            final Path candidate = dir.resolve("native").resolve("target").resolve(LIBRARY_FILE);
            if (Files.isReadable(candidate))
            {
                return candidate;
            }
        }
        throw new IllegalStateException(LIBRARY_FILE + " not found: set -D" + LIBRARY_PROPERTY +
            "=<path> or build it with ./mvnw -pl native compile");
    }
}
