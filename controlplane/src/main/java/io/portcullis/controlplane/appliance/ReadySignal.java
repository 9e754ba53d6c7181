package io.portcullis.controlplane.appliance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.portcullis.controlplane.launch.DataplaneLauncher;
import io.portcullis.dataplane.api.ControlPacketListener;
import io.portcullis.dataplane.api.DataplaneCommands;
import io.portcullis.dataplane.api.SaExpiryListener;

/** Creates a file once the appliance serves, for whoever started it and waits (scripts, the client harness). */
final class ReadySignal implements DataplaneLauncher.ControlPlaneHook
{
    private final DataplaneLauncher.ControlPlaneHook inner;
    private final Path readyFile;

    ReadySignal(final DataplaneLauncher.ControlPlaneHook inner, final Path readyFile)
    {
        this.inner = inner;
        this.readyFile = readyFile;
    }

    @Override
    public ControlPacketListener start(final DataplaneCommands commands)
    {
        return inner.start(commands);
    }

    @Override
    public SaExpiryListener expiries()
    {
        return inner.expiries();
    }

    @Override
    public void serving()
    {
        inner.serving();
        if (readyFile != null)
        {
            try
            {
                Files.writeString(readyFile, "ready\n");
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot create the ready file " + readyFile, ex);
            }
        }
    }

    @Override
    public void shutdown()
    {
        inner.shutdown();
    }

    @Override
    public void close()
    {
        inner.close();
    }
}
