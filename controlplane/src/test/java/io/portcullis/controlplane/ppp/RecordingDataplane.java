package io.portcullis.controlplane.ppp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.portcullis.dataplane.api.DataplaneCommands;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.api.SessionTraffic;

/**
 * A fake dataplane that records the clients installed and removed, in order with the traffic
 * queries, and answers each query with {@link #traffic} (or not at all while it is null).
 */
final class RecordingDataplane implements DataplaneCommands
{
    record Added(L2tpSessionConfig session, int mtu)
    {
    }

    final List<Added> added = new ArrayList<>();
    final List<int[]> removed = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    SessionTraffic traffic = new SessionTraffic(1500, 3000, 10, 20);

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
        calls.add("remove " + localTunnelId + "/" + localSessionId);
    }

    @Override
    public void querySessionTraffic(final int localTunnelId, final int localSessionId, final Executor replyOn,
        final Consumer<SessionTraffic> reply)
    {
        calls.add("query " + localTunnelId + "/" + localSessionId);
        if (traffic != null)
        {
            final SessionTraffic answer = traffic;
            replyOn.execute(() -> reply.accept(answer));
        }
    }

    @Override
    public void sendUdp(final int localAddress, final int localPort, final int remoteAddress, final int remotePort,
        final ByteBuffer payload, final int espSaHandle)
    {
        throw new AssertionError("the test's transport sends, not the dataplane");
    }
}
