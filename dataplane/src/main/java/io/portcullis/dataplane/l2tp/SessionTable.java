package io.portcullis.dataplane.l2tp;

import java.util.Arrays;

import io.portcullis.dataplane.api.L2tpSessionConfig;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * One worker's L2TP sessions: by our (Tunnel ID, Session ID), the pair in received data
 * messages, and by a dense handle that routes and packets carry. Both lookups are
 * allocation-free; adding and removing happen between bursts on the worker's thread.
 */
public final class SessionTable
{
    private final Int2ObjectHashMap<L2tpSession> byIds = new Int2ObjectHashMap<>();
    private L2tpSession[] byHandle = new L2tpSession[64];

    /** Installs a session and returns its handle (never 0); its local ids must be new. */
    public int add(final L2tpSessionConfig config)
    {
        final int key = key(config.localTunnelId(), config.localSessionId());
        if (byIds.containsKey(key))
        {
            throw new IllegalArgumentException("session already installed: tunnel " + config.localTunnelId() +
                " session " + config.localSessionId());
        }
        int handle = 1;  // 0 means "no session"
        while (handle < byHandle.length && byHandle[handle] != null)
        {
            handle++;
        }
        if (handle == byHandle.length)
        {
            byHandle = Arrays.copyOf(byHandle, byHandle.length * 2);
        }
        final L2tpSession session = new L2tpSession(handle, config);
        byHandle[handle] = session;
        byIds.put(key, session);
        return handle;
    }

    /**
     * Replaces a session's configuration (say, IPCP gave the client its address, or the peer
     * asked for sequencing), keeping its handle, sequence numbers and counters. The local ids
     * cannot change.
     */
    public void update(final int handle, final L2tpSessionConfig config)
    {
        final L2tpSession old = session(handle);
        if (old == null)
        {
            throw new IllegalArgumentException("no session with handle " + handle);
        }
        if (old.localTunnelId != config.localTunnelId() || old.localSessionId != config.localSessionId())
        {
            throw new IllegalArgumentException("a session's local ids cannot change: handle " + handle);
        }
        final L2tpSession session = new L2tpSession(handle, config);
        old.copyStateTo(session);
        byHandle[handle] = session;
        byIds.put(key(config.localTunnelId(), config.localSessionId()), session);
    }

    public boolean remove(final int handle)
    {
        final L2tpSession session = session(handle);
        if (session != null)
        {
            byHandle[handle] = null;
            byIds.remove(key(session.localTunnelId, session.localSessionId));
        }
        return session != null;
    }

    /** Removes every session of one of our tunnels (StopCCN, RFC 2661 §6.3); returns how many. */
    public int removeTunnel(final int localTunnelId)
    {
        int removed = 0;
        for (int handle = 1; handle < byHandle.length; handle++)
        {
            final L2tpSession session = byHandle[handle];
            if (session != null && session.localTunnelId == localTunnelId)
            {
                remove(handle);
                removed++;
            }
        }
        return removed;
    }

    /** The session with this handle, or null. */
    public L2tpSession session(final int handle)
    {
        return handle > 0 && handle < byHandle.length ? byHandle[handle] : null;
    }

    /** The session a received data message names by our ids, or null. */
    public L2tpSession lookup(final int localTunnelId, final int localSessionId)
    {
        return byIds.get(key(localTunnelId, localSessionId));
    }

    public int size()
    {
        return byIds.size();
    }

    /** Two 16-bit ids in one int key: Tunnel ID above, Session ID below. */
    static int key(final int tunnelId, final int sessionId)
    {
        return (tunnelId << 16) | (sessionId & 0xFFFF);
    }
}
