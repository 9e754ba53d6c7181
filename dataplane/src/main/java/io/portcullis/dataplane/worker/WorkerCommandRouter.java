package io.portcullis.dataplane.worker;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.portcullis.dataplane.api.DataplaneCommands;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.api.SessionTraffic;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * {@link DataplaneCommands} over the workers' command rings: each command goes to the workers
 * that must apply it, in the order the control plane gave them.
 * <ul>
 * <li>Inbound SAs go to every worker: which RX queue an SA's packets reach depends on the NIC's
 *     RSS key and redirection table, which the control plane does not know; all packets of one
 *     SA hash alike (same addresses, SPI or UDP ports), so exactly one copy sees traffic and its
 *     replay window has one writer. The idle copies cost a few hundred bytes each.</li>
 * <li>Outbound SAs, and datagrams sent through them, go to the SA's owner ({@link SaOwnership}).
 *     Datagrams in clear go to worker 0.</li>
 * <li>Clients (session and host route) go to every worker: LAN packets to a client arrive on
 *     any worker, which hands them to the SA's owner.</li>
 * </ul>
 * A command a full ring cannot take waits in that worker's queue, and every later command for
 * the worker waits behind it; {@link #deliverPending()} (called from the control plane's duty
 * cycle) retries. Calls never block. Thread safe: the control plane's loops may all call it.
 *
 * <p>A session traffic query goes to every worker (a session's input may be counted on one and
 * its output on the SA's owner); the answers come back on the reply ring to
 * {@link #onSessionTraffic}, and once every worker has answered the sum is handed to the
 * asker's executor.
 */
public final class WorkerCommandRouter implements DataplaneCommands, SessionTrafficAdapter.Listener
{
    /** A traffic query some workers have not answered yet; touched only under the router's lock. */
    private static final class Query
    {
        final Executor replyOn;
        final Consumer<SessionTraffic> reply;
        int unanswered;
        SessionTraffic sum;

        Query(final int workers, final Executor replyOn, final Consumer<SessionTraffic> reply)
        {
            this.unanswered = workers;
            this.replyOn = replyOn;
            this.reply = reply;
        }
    }

    /** One command, encodable onto a proxy; false when the ring is full. */
    @FunctionalInterface
    private interface Command
    {
        boolean write(WorkerCommandProxy proxy, long correlationId);
    }

    private final List<WorkerCommandProxy> proxies = new ArrayList<>();
    private final List<ArrayDeque<Command>> pending = new ArrayList<>();
    private final Map<Long, Query> queries = new ConcurrentHashMap<>();
    private long nextCorrelationId = 1;
    private long nextQueryId = 1;

    public WorkerCommandRouter(final List<? extends RingBuffer> commandRings)
    {
        if (commandRings.isEmpty())
        {
            throw new IllegalArgumentException("no workers");
        }
        for (final RingBuffer ring : commandRings)
        {
            proxies.add(new WorkerCommandProxy(ring));
            pending.add(new ArrayDeque<>());
        }
    }

    public int workers()
    {
        return proxies.size();
    }

    @Override
    public synchronized void addSa(final int handle, final EspSaConfig sa)
    {
        if (sa.inbound())
        {
            toAll((proxy, id) -> proxy.addSa(id, handle, sa));
        }
        else
        {
            requireHandle(handle);
            to(SaOwnership.owner(handle, workers()), (proxy, id) -> proxy.addSa(id, handle, sa));
        }
    }

    @Override
    public synchronized void removeSa(final int handle, final int spi, final boolean inbound)
    {
        if (inbound)
        {
            toAll((proxy, id) -> proxy.removeSa(id, handle, spi, true));
        }
        else
        {
            requireHandle(handle);
            to(SaOwnership.owner(handle, workers()), (proxy, id) -> proxy.removeSa(id, handle, spi, false));
        }
    }

    @Override
    public synchronized void addClient(final L2tpSessionConfig session, final int mtu)
    {
        toAll((proxy, id) -> proxy.addClient(id, session, mtu));
    }

    @Override
    public synchronized void removeClient(final int localTunnelId, final int localSessionId)
    {
        toAll((proxy, id) -> proxy.removeClient(id, localTunnelId, localSessionId));
    }

    /** A LAN route (not part of the control plane's API: static configuration installs it). */
    public synchronized void addRoute(
        final int prefix, final int prefixLength, final int nextHop, final int port, final int mtu)
    {
        toAll((proxy, id) -> proxy.addRoute(id, prefix, prefixLength, nextHop, port, mtu));
    }

    @Override
    public synchronized void addLocalAddress(final int address)
    {
        toAll((proxy, id) -> proxy.addLocal(id, address));
    }

    @Override
    public synchronized void sendUdp(
        final int localAddress, final int localPort, final int remoteAddress, final int remotePort,
        final ByteBuffer payload, final int espSaHandle)
    {
        if (payload.remaining() > WorkerCommandDescriptor.MAX_UDP_PAYLOAD)
        {
            throw new IllegalArgumentException("UDP payload of " + payload.remaining() + " bytes is over " +
                WorkerCommandDescriptor.MAX_UDP_PAYLOAD);
        }
        final int worker = espSaHandle == NO_SA ? 0 : SaOwnership.owner(espSaHandle, workers());
        final ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
        to(worker, (proxy, id) -> proxy.sendUdp(id, localAddress, localPort, remoteAddress, remotePort,
            copy.duplicate(), espSaHandle));
    }

    @Override
    public synchronized void querySessionTraffic(final int localTunnelId, final int localSessionId,
        final Executor replyOn, final Consumer<SessionTraffic> reply)
    {
        final long queryId = nextQueryId++;
        queries.put(queryId, new Query(workers(), replyOn, reply));
        toAll((proxy, id) -> proxy.querySession(id, localTunnelId, localSessionId, queryId));
    }

    /** One worker's answer (from the reply ring, on the dataplane's control agent). */
    @Override
    public synchronized void onSessionTraffic(final long queryId, final SessionTraffic traffic)
    {
        final Query query = queries.get(queryId);
        if (query == null)
        {
            return;
        }
        if (traffic != null)
        {
            query.sum = query.sum == null ? traffic : query.sum.plus(traffic);
        }
        if (--query.unanswered == 0)
        {
            queries.remove(queryId);
            final SessionTraffic sum = query.sum;
            query.replyOn.execute(() -> query.reply.accept(sum));
        }
    }

    /** Traffic queries still waiting for some worker's answer. */
    public int pendingQueries()
    {
        return queries.size();
    }

    /** Writes the commands that waited for room, in order; returns how many went. */
    public synchronized int deliverPending()
    {
        int delivered = 0;
        for (int w = 0; w < proxies.size(); w++)
        {
            final ArrayDeque<Command> queue = pending.get(w);
            while (!queue.isEmpty() && queue.peekFirst().write(proxies.get(w), nextCorrelationId))
            {
                queue.pollFirst();
                nextCorrelationId++;
                delivered++;
            }
        }
        return delivered;
    }

    /** Commands still waiting for room in some ring. */
    public synchronized int pendingCount()
    {
        int count = 0;
        for (final ArrayDeque<Command> queue : pending)
        {
            count += queue.size();
        }
        return count;
    }

    private void toAll(final Command command)
    {
        for (int w = 0; w < proxies.size(); w++)
        {
            to(w, command);
        }
    }

    private void to(final int worker, final Command command)
    {
        final ArrayDeque<Command> queue = pending.get(worker);
        if (queue.isEmpty() && command.write(proxies.get(worker), nextCorrelationId))
        {
            nextCorrelationId++;
            return;
        }
        queue.addLast(command);  // behind whatever already waits: order is kept per worker
    }

    private static void requireHandle(final int handle)
    {
        if (handle == NO_SA)
        {
            throw new IllegalArgumentException("an outbound SA needs a non-zero handle");
        }
    }
}
