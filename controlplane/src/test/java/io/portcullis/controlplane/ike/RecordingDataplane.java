package io.portcullis.controlplane.ike;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.portcullis.dataplane.api.DataplaneCommands;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.L2tpSessionConfig;

/** A fake dataplane that keeps the SAs installed, in order, for assertions. */
final class RecordingDataplane implements DataplaneCommands
{
    record Added(int handle, EspSaConfig sa)
    {
    }

    record Removed(int handle, int spi, boolean inbound)
    {
    }

    final List<Added> added = new ArrayList<>();
    final List<Removed> removed = new ArrayList<>();

    @Override
    public void addSa(final int handle, final EspSaConfig sa)
    {
        added.add(new Added(handle, sa));
    }

    @Override
    public void removeSa(final int handle, final int spi, final boolean inbound)
    {
        removed.add(new Removed(handle, spi, inbound));
    }

    @Override
    public void addClient(final L2tpSessionConfig session, final int mtu)
    {
        throw new UnsupportedOperationException("IKE installs no clients");
    }

    @Override
    public void removeClient(final int localTunnelId, final int localSessionId)
    {
        throw new UnsupportedOperationException("IKE removes no clients");
    }

    @Override
    public void sendUdp(final int localAddress, final int localPort, final int remoteAddress, final int remotePort,
        final ByteBuffer payload, final int espSaHandle)
    {
        throw new UnsupportedOperationException("IKE sends through its IkeTransport in these tests");
    }

    /** The installed SA with {@code spi} in direction {@code inbound}, or null. */
    EspSaConfig sa(final int spi, final boolean inbound)
    {
        for (final Added a : added)
        {
            if (a.sa().spi() == spi && a.sa().inbound() == inbound)
            {
                return a.sa();
            }
        }
        return null;
    }
}
