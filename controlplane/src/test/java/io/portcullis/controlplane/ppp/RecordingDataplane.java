package io.portcullis.controlplane.ppp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.portcullis.dataplane.api.DataplaneCommands;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.L2tpSessionConfig;

/** A fake dataplane that records the clients installed and removed. */
final class RecordingDataplane implements DataplaneCommands
{
    record Added(L2tpSessionConfig session, int mtu)
    {
    }

    final List<Added> added = new ArrayList<>();
    final List<int[]> removed = new ArrayList<>();

    @Override
    public void addSa(final int handle, final EspSaConfig sa)
    {
        throw new AssertionError("PPP installs no SA");
    }

    @Override
    public void removeSa(final int handle, final int spi, final boolean inbound)
    {
        throw new AssertionError("PPP removes no SA");
    }

    @Override
    public void addClient(final L2tpSessionConfig session, final int mtu)
    {
        added.add(new Added(session, mtu));
    }

    @Override
    public void removeClient(final int localTunnelId, final int localSessionId)
    {
        removed.add(new int[] {localTunnelId, localSessionId});
    }

    @Override
    public void sendUdp(final int localAddress, final int localPort, final int remoteAddress, final int remotePort,
        final ByteBuffer payload, final int espSaHandle)
    {
        throw new AssertionError("the test's transport sends, not the dataplane");
    }
}
