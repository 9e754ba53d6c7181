package io.portcullis.controlplane.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.portcullis.controlplane.config.ConfigError;
import io.portcullis.controlplane.config.ConfigSchema;
import io.portcullis.controlplane.config.ConfigTree;

/** Reads a configuration file for a command: a usable result, or one line on stderr and exit status 2. */
public final class ConfigFile
{
    /** What a command takes from the parsed tree; its errors name the line. */
    @FunctionalInterface
    public interface Reader<T>
    {
        T read(ConfigTree tree) throws ConfigError;
    }

    private ConfigFile()
    {
    }

    public static <T> T readOrExit(final Path file, final ConfigSchema schema, final Reader<T> reader)
    {
        try
        {
            return reader.read(ConfigTree.parse(Files.readString(file), schema));
        }
        catch (final ConfigError ex)
        {
            System.err.println(file + ": " + ex.getMessage());
        }
        catch (final IOException ex)
        {
            System.err.println(file + ": cannot read: " + ex.getMessage());
        }
        System.exit(2);
        return null;
    }
}
