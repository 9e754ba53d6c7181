package io.portcullis.controlplane.ppp;

import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import io.portcullis.controlplane.aaa.AddressPool;
import io.portcullis.controlplane.aaa.AuthFailureLimiter;
import io.portcullis.controlplane.aaa.LocalUser;
import io.portcullis.controlplane.aaa.UserDirectory;
import io.portcullis.controlplane.events.EventSink;
import io.portcullis.controlplane.l2tp.ResultCode;
import io.portcullis.controlplane.l2tp.Session;
import io.portcullis.controlplane.l2tp.Tunnel;
import io.portcullis.controlplane.runtime.Scheduler;
import io.portcullis.dataplane.api.DataplaneCommands;
import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.api.SessionTraffic;

/**
 * The LNS's PPP link for one session: LCP, then the client authenticates (the method LCP agreed),
 * then it gets an address from the pool (or its static one) through IPCP, and IPV6CP sets up
 * link-local identifiers. When IPCP opens, the session is installed in the dataplane and
 * accounting starts; whatever ends the link removes it, releases the address and stops accounting.
 */
public final class ServerLink extends PppLink implements AuthProtocol.Result
{
    /** How long accounting stop waits for the dataplane's traffic counts before it goes without them. */
    static final long TRAFFIC_REPLY_TIMEOUT_MS = 2_000;

    /** What every server link shares. */
    public record Services(PppSettings settings, UserDirectory users, AddressPool pool, AuthFailureLimiter limiter,
        DataplaneCommands dataplane, EventSink events, PppCounters counters)
    {
        public Services(final PppSettings settings, final UserDirectory users, final AddressPool pool,
            final AuthFailureLimiter limiter, final DataplaneCommands dataplane, final EventSink events)
        {
            this(settings, users, pool, limiter, dataplane, events, new PppCounters());
        }
    }

    private final Session session;
    private final Services services;
    private final String peer;
    private final OptionAutomaton ipcp;
    private final OptionAutomaton ipv6cp;
    private AuthProtocol auth;
    private String user = "";
    private int clientAddress;
    private boolean installed;
    private boolean closed;
    private long installedAtMs;
    private Scheduler.Timer idleCheck;
    private Scheduler.Timer interimUpdate;
    private long packetsSeen;
    private long lastActivityMs;
    private String stopReason = "link down";

    public ServerLink(final Session session, final Services services, final Scheduler scheduler,
        final RandomGenerator random, final String peer)
    {
        super(scheduler, random, session::sendFrame, new LcpChoices(services.settings().authentication(), List.of(),
            services.settings().mru(), services.settings().echoIntervalMs(), services.settings().maxMissedEchoes()),
            services.settings().timers());
        this.session = session;
        this.services = services;
        this.peer = peer;
        final PppSettings settings = services.settings();
        this.ipcp = new OptionAutomaton("ipcp", PppProtocol.IPCP, scheduler, settings.timers(),
            new IpcpServer(settings.localAddress(), () -> clientAddress, settings.dns(), settings.nbns(), this::install,
                this::uninstall), this::send);
        this.ipv6cp = settings.ipv6() ? new OptionAutomaton("ipv6cp", PppProtocol.IPV6CP, scheduler, settings.timers(),
            new Ipv6cp(random, () -> { }, () -> { }), this::send) : null;
    }

    @Override
    public void lcpUp()
    {
        if (lcp.authenticationRefused())
        {
            close("the client refused every authentication method offered");
            return;
        }
        final AuthMethod method = lcp.authenticatorMethod();
        final AuthContext context = new AuthContext(scheduler, random, services.users(), services.limiter(), peerKey(),
            services.settings().hostName(), this::send, this);
        auth = switch (method)
        {
            case PAP -> new PapAuthenticator(context);
            case CHAP_MD5, MSCHAP_V2 -> new ChapAuthenticator(method, context);
            case EAP -> new EapAuthenticator(context);
        };
        auth.start();
    }

    @Override
    public void authenticated(final String name)
    {
        user = name;
        services.counters().authSucceeded++;
        services.events().publish(new PppEvent.AuthSucceeded(name, peer, lcp.authenticatorMethod()));
        clientAddress = leaseAddress(services.users().find(name));
        if (clientAddress == 0)
        {
            services.counters().poolExhausted++;
            close("no address left in the pool");
            return;
        }
        ipcp.open();
        ipcp.up();
        if (ipv6cp != null)
        {
            ipv6cp.open();
            ipv6cp.up();
        }
    }

    @Override
    public void failed(final String name, final String reason)
    {
        services.counters().authFailed++;
        services.events().publish(new PppEvent.AuthFailed(name, peer, lcp.authenticatorMethod(), reason));
        close("authentication failed");  // RFC 1994 §4.1: the authenticator SHOULD take the link down
    }

    private int leaseAddress(final LocalUser local)
    {
        final int wanted = local == null ? 0 : local.staticAddress();
        if (wanted == 0)
        {
            return services.pool().lease(session);
        }
        if (services.pool().contains(wanted))
        {
            return services.pool().leaseExactly(session, wanted) ? wanted : 0;
        }
        return wanted;  // a static address outside the pool is the operator's to keep unique
    }

    @Override
    protected boolean dispatch(final int protocol, final ControlPacket packet)
    {
        if (auth != null && protocol == auth.protocol())
        {
            auth.receive(packet);
        }
        else if (protocol == PppProtocol.IPCP && clientAddress != 0)
        {
            ipcp.receive(packet);
        }
        else if (protocol == PppProtocol.IPV6CP && ipv6cp != null && clientAddress != 0)
        {
            ipv6cp.receive(packet);
        }
        else
        {
            return false;
        }
        return true;
    }

    private void install()
    {
        final Tunnel tunnel = session.tunnel();
        final L2tpSessionConfig config = new L2tpSessionConfig(tunnel.localId(), session.localId(), tunnel.peerId(),
            session.peerId(), tunnel.localAddress(), tunnel.localPort(), tunnel.remoteAddress(), tunnel.remotePort(),
            false, true, tunnel.dataChecksum(), lcp.peerAcfc(), lcp.peerPfc(), clientAddress, 0, tunnel.espSaHandle());
        services.dataplane().addClient(config, Math.min(lcp.peerMru(), services.settings().mru()));
        installed = true;
        installedAtMs = scheduler.nowMs();
        services.events().publish(new PppEvent.AccountingStart(user, peer, tunnel.localId(), session.localId(),
            dotted(clientAddress)));
        lastActivityMs = installedAtMs;
        if (services.settings().idleTimeoutMs() > 0)
        {
            idleCheck = scheduler.schedule(idleCheckMs(), this::checkIdle);
        }
        if (services.settings().interimIntervalMs() > 0)
        {
            interimUpdate = scheduler.schedule(services.settings().interimIntervalMs(), this::interimUpdate);
        }
    }

    /** Four looks per idle period: a session is cut at most a quarter of the timeout late. */
    private long idleCheckMs()
    {
        return Math.max(1_000, services.settings().idleTimeoutMs() / 4);
    }

    /**
     * Idle timeout: data either way (the dataplane's packet counts moved) is activity; LCP echoes
     * are not (they are the control plane's own). The next look is booked before asking, so a
     * reply that never comes cannot stop the checks.
     */
    private void checkIdle()
    {
        if (!installed)
        {
            return;
        }
        idleCheck = scheduler.schedule(idleCheckMs(), this::checkIdle);
        services.dataplane().querySessionTraffic(session.tunnel().localId(), session.localId(), scheduler::execute,
            traffic ->
            {
                if (!installed || traffic == null)
                {
                    return;  // gone meanwhile, or not counted: never cut a session on no information
                }
                final long packets = traffic.inputPackets() + traffic.outputPackets();
                if (packets != packetsSeen)
                {
                    packetsSeen = packets;
                    lastActivityMs = scheduler.nowMs();
                    return;
                }
                final long idleMs = scheduler.nowMs() - lastActivityMs;
                if (idleMs >= services.settings().idleTimeoutMs())
                {
                    services.counters().idleTimeouts++;
                    stopReason = "idle for " + idleMs / 1000 + " s";
                    close("idle timeout: no data for " + idleMs / 1000 + " s");
                }
            });
    }

    /** RFC 2866 Interim-Update: the traffic so far, published on this link's loop. */
    private void interimUpdate()
    {
        if (!installed)
        {
            return;
        }
        interimUpdate = scheduler.schedule(services.settings().interimIntervalMs(), this::interimUpdate);
        final int tunnelId = session.tunnel().localId();
        final int sessionId = session.localId();
        services.dataplane().querySessionTraffic(tunnelId, sessionId, scheduler::execute, traffic ->
        {
            if (installed && traffic != null)
            {
                services.events().publish(new PppEvent.AccountingInterim(user, peer, tunnelId, sessionId,
                    dotted(clientAddress), scheduler.nowMs() - installedAtMs, traffic.inputOctets(),
                    traffic.outputOctets(), traffic.inputPackets(), traffic.outputPackets()));
            }
        });
    }

    /**
     * Removes the session from the dataplane and stops accounting. The traffic query goes on the
     * workers' rings just before the removal, so it reads the final counts; the answer comes back
     * on this link's loop, and accounting stop is published then (or without counts after
     * {@link #TRAFFIC_REPLY_TIMEOUT_MS}).
     */
    private void uninstall()
    {
        if (!installed)
        {
            return;
        }
        installed = false;
        cancel(idleCheck);
        cancel(interimUpdate);
        final int tunnelId = session.tunnel().localId();
        final int sessionId = session.localId();
        final long durationMs = scheduler.nowMs() - installedAtMs;
        final String address = dotted(clientAddress);
        final boolean[] published = {false};
        final Consumer<SessionTraffic> stop = traffic ->
        {
            if (!published[0])
            {
                published[0] = true;
                final SessionTraffic counted = traffic == null ? new SessionTraffic(-1, -1, -1, -1) : traffic;
                services.events().publish(new PppEvent.AccountingStop(user, peer, tunnelId, sessionId, address,
                    durationMs, counted.inputOctets(), counted.outputOctets(), counted.inputPackets(),
                    counted.outputPackets(), stopReason));
            }
        };
        services.dataplane().querySessionTraffic(tunnelId, sessionId, scheduler::execute, stop);
        services.dataplane().removeClient(tunnelId, sessionId);
        scheduler.schedule(TRAFFIC_REPLY_TIMEOUT_MS, () -> stop.accept(null));
    }

    private static void cancel(final Scheduler.Timer timer)
    {
        if (timer != null)
        {
            timer.cancel();
        }
    }

    @Override
    public void lcpDown()
    {
        stopUpperLayers();
    }

    @Override
    public void lcpFinished()
    {
        stopUpperLayers();
        session.disconnect(ResultCode.ADMINISTRATIVE, ResultCode.NO_ERROR, "PPP link terminated");
    }

    @Override
    public void linkDead(final String reason)
    {
        services.counters().linksDead++;
        stopUpperLayers();
        session.disconnect(ResultCode.LOST_CARRIER, ResultCode.NO_ERROR, reason);
    }

    @Override
    public void protocolRejected(final int protocol)
    {
        if (protocol == PppProtocol.IPV6CP && ipv6cp != null)
        {
            ipv6cp.close("peer rejected IPV6CP");  // an IPv4-only client (RFC 1661 §5.7)
        }
    }

    /** The L2TP session is gone (CDN, StopCCN, dead tunnel): nothing more to send. */
    public void closed()
    {
        if (!closed)
        {
            closed = true;
            stopUpperLayers();
            lcpAutomaton.down();
        }
    }

    private void stopUpperLayers()
    {
        if (auth != null)
        {
            auth.stop();
        }
        ipcp.down();
        if (ipv6cp != null)
        {
            ipv6cp.down();
        }
        uninstall();
        services.pool().release(session);
    }

    private Object peerKey()
    {
        return peer.substring(0, Math.max(0, peer.lastIndexOf(':')));
    }

    static String dotted(final int address)
    {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    public int clientAddress()
    {
        return clientAddress;
    }

    public String user()
    {
        return user;
    }

    public OptionAutomaton.State ipcpState()
    {
        return ipcp.state();
    }

    public OptionAutomaton.State ipv6cpState()
    {
        return ipv6cp == null ? OptionAutomaton.State.INITIAL : ipv6cp.state();
    }
}
