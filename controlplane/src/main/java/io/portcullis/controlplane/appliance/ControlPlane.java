package io.portcullis.controlplane.appliance;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.portcullis.controlplane.aaa.AddressPool;
import io.portcullis.controlplane.aaa.AuthFailureLimiter;
import io.portcullis.controlplane.aaa.LocalUsers;
import io.portcullis.controlplane.events.EventSink;
import io.portcullis.controlplane.ike.ChildSa;
import io.portcullis.controlplane.ike.ChildSaListener;
import io.portcullis.controlplane.ike.DataplaneTransport;
import io.portcullis.controlplane.ike.Endpoint;
import io.portcullis.controlplane.ike.IkeConfig;
import io.portcullis.controlplane.ike.IkeContext;
import io.portcullis.controlplane.ike.IkeService;
import io.portcullis.controlplane.ike.SpiAllocator;
import io.portcullis.controlplane.l2tp.L2tpEndpoint;
import io.portcullis.controlplane.l2tp.L2tpSettings;
import io.portcullis.controlplane.l2tp.PeerSaLookup;
import io.portcullis.controlplane.l2tp.ResultCode;
import io.portcullis.controlplane.launch.DataplaneLauncher;
import io.portcullis.controlplane.ppp.AutomatonTimers;
import io.portcullis.controlplane.ppp.PppServer;
import io.portcullis.controlplane.ppp.PppSettings;
import io.portcullis.controlplane.ppp.ServerLink;
import io.portcullis.controlplane.runtime.EventLoop;
import io.portcullis.dataplane.api.ControlPacketListener;
import io.portcullis.dataplane.api.DataplaneCommands;
import io.portcullis.dataplane.api.SaExpiryListener;

/**
 * The remote-access control plane of one appliance, wired to its dataplane: punted IKE goes to
 * IKEv1, whose Quick Mode SAs are installed in the dataplane; punted L2TP (control, and data
 * messages carrying PPP control) goes to the LNS and its PPP links, which install each client's
 * session and route once IPCP is up and remove them when the link ends.
 *
 * <p>Threads: IKE runs on one event loop and L2TP with PPP on another, so each state machine is
 * single threaded. The dataplane's control agent calls {@link #onDatagram} on its own thread;
 * this class copies what it needs and hands over. The only state both loops see is the map
 * from an ESP SA to the outbound SA that answers it, a concurrent map.
 *
 * <p>Which SA protects an L2TP tunnel (RFC 3193 §4): the datagram that opens the tunnel arrives
 * through an inbound SA, whose Quick Mode also installed the outbound SA the tunnel must send
 * through. The peer is learnt from that datagram's outer address and port, so several clients
 * behind one NAT (same address, different ports) each get their own SA.
 *
 * <p>Plain L2TP ({@code ipsec-settings mode optional}): L2TP in clear (SPI 0) is served too, and
 * its tunnels answer in clear ({@link DataplaneCommands#NO_SA}), except from a peer that has an
 * L2TP/IPsec tunnel at that address and port: it cannot step out of its SA. Without a
 * pre-shared secret IKE is not served.
 */
public final class ControlPlane implements DataplaneLauncher.ControlPlaneHook, ControlPacketListener, ChildSaListener,
    PeerSaLookup
{
    private static final System.Logger LOG = System.getLogger(ControlPlane.class.getName());
    private static final long SHUTDOWN_WAIT_MS = 2_000;
    private static final long SHUTDOWN_SEND_MS = 300;

    private final RemoteAccessConfig config;
    private final EventSink events;
    private final EventLoop ikeLoop = new EventLoop("ike");
    private final EventLoop l2tpLoop = new EventLoop("l2tp");
    private final Map<Integer, Integer> outboundHandleByInboundSpi = new ConcurrentHashMap<>();
    private final Map<Long, Integer> outboundHandleByPeer = new ConcurrentHashMap<>();
    private final AtomicLong clearL2tpDropped = new AtomicLong();
    private final AtomicLong otherPortDropped = new AtomicLong();
    private final AtomicLong clearFromIpsecPeerDropped = new AtomicLong();
    private final AtomicLong ikeNotServed = new AtomicLong();
    private IkeService ike;
    private L2tpEndpoint lns;
    private PppServer ppp;

    public ControlPlane(final RemoteAccessConfig config, final EventSink events)
    {
        this.config = config;
        this.events = events;
    }

    @Override
    public ControlPacketListener start(final DataplaneCommands dataplane)
    {
        dataplane.addLocalAddress(config.gatewayAddress());  // clients' PPP peer: they may ping it
        if (config.preSharedKey() != null)
        {
            final IkeConfig ikeConfig = IkeConfig.withPsk(config.preSharedKey(), config.proposals())
                .withDpd(config.dpdDelayMs(), config.dpdTimeoutMs());
            ike = new IkeService(new IkeContext(ikeConfig, ikeLoop, new DataplaneTransport(dataplane), dataplane,
                events, new SpiAllocator(), this));
        }
        final SecureRandom random = new SecureRandom();
        final PppSettings pppSettings = new PppSettings("portcullis", config.authentication(), config.mtu(),
            config.lcpEchoIntervalMs(), config.lcpEchoFailure(), config.gatewayAddress(), config.dnsServers(),
            new int[0], true, AutomatonTimers.defaults())
            .withSessionTimers(config.idleTimeoutMs(), config.interimIntervalMs());
        ppp = new PppServer(new ServerLink.Services(pppSettings, new LocalUsers(config.users()),
            new AddressPool(config.poolStart(), config.poolStop()), new AuthFailureLimiter(5, 60_000), dataplane,
            events), l2tpLoop, random);
        lns = new L2tpEndpoint(l2tpLoop, L2tpSettings.of("portcullis", config.lnsSecret())
            .withIpsecRequired(!config.plainL2tp()).withDataChecksum(config.l2tpDataChecksum()), dataplane::sendUdp,
            this, ppp, events, random);
        return this;
    }

    @Override
    public void onDatagram(final int localAddress, final int localPort, final int remoteAddress,
        final int remotePort, final ByteBuffer payload, final int inboundSpi, final long arrivalNs)
    {
        switch (localPort)
        {
            case Endpoint.IKE_PORT, Endpoint.NAT_T_PORT ->
            {
                if (ike == null)
                {
                    ikeNotServed.incrementAndGet();  // plain L2TP only: no pre-shared secret
                    return;
                }
                ike.onDatagram(localAddress, localPort, remoteAddress, remotePort, payload);
            }
            case ChildSa.L2TP_PORT -> onL2tp(localAddress, localPort, remoteAddress, remotePort, payload, inboundSpi,
                arrivalNs);
            default -> otherPortDropped.incrementAndGet();
        }
    }

    private void onL2tp(final int localAddress, final int localPort, final int remoteAddress, final int remotePort,
        final ByteBuffer payload, final int inboundSpi, final long arrivalNs)
    {
        final long peer = peerKey(remoteAddress, remotePort);
        if (inboundSpi == 0 && config.plainL2tp())
        {
            if (outboundHandleByPeer.containsKey(peer))
            {
                clearFromIpsecPeerDropped.incrementAndGet();  // its tunnel is inside IPsec: it stays there
                return;
            }
        }
        else
        {
            final Integer outbound = inboundSpi == 0 ? null : outboundHandleByInboundSpi.get(inboundSpi);
            if (outbound == null)
            {
                // RFC 3193 §4: L2TP is served only inside an SA that IKE negotiated for it.
                clearL2tpDropped.incrementAndGet();
                return;
            }
            outboundHandleByPeer.put(peer, outbound);
        }
        final byte[] copy = new byte[payload.remaining()];
        payload.get(payload.position(), copy);
        l2tpLoop.execute(() -> lns.onDatagram(localAddress, localPort, remoteAddress, remotePort, ByteBuffer.wrap(copy),
            inboundSpi, arrivalNs));
    }

    @Override
    public void onChildSaUp(final ChildSa sa)
    {
        if (sa.isL2tpTransport())
        {
            outboundHandleByInboundSpi.put(sa.inboundSpi(), sa.outboundHandle());
        }
    }

    @Override
    public void onChildSaDown(final ChildSa sa, final String reason)
    {
        outboundHandleByInboundSpi.remove(sa.inboundSpi());
        // A rekeyed SA's successor keeps its handle (ChildSaInstaller); only a handle nobody uses is forgotten.
        if (!outboundHandleByInboundSpi.containsValue(sa.outboundHandle()))
        {
            outboundHandleByPeer.values().removeIf(handle -> handle == sa.outboundHandle());
        }
    }

    @Override
    public int outboundSaHandle(final int remoteAddress, final int remotePort)
    {
        return outboundHandleByPeer.getOrDefault(peerKey(remoteAddress, remotePort), DataplaneCommands.NO_SA);
    }

    @Override
    public void serving()
    {
        LOG.log(System.Logger.Level.INFO, ike == null ? "serving plain L2TP clients (no IPsec)" :
            config.plainL2tp() ? "serving L2TP/IPsec and plain L2TP clients" : "serving L2TP/IPsec clients");
    }

    @Override
    public SaExpiryListener expiries()
    {
        return new SaExpiryListener()
        {
            @Override
            public void onSoftExpiry(final int spi, final boolean inbound, final Limit limit)
            {
                LOG.log(System.Logger.Level.INFO, "SA 0x{0} ({1}) reached its soft {2} limit",
                    Integer.toHexString(spi), inbound ? "inbound" : "outbound", limit);
            }

            @Override
            public void onHardExpiry(final int spi, final boolean inbound, final Limit limit)
            {
                LOG.log(System.Logger.Level.WARNING, "SA 0x{0} ({1}) reached its hard {2} limit",
                    Integer.toHexString(spi), inbound ? "inbound" : "outbound", limit);
            }
        };
    }

    /**
     * SIGTERM, while the workers still send: every PPP link is terminated (LCP Terminate-Request,
     * RFC 1661 §3.7), then every tunnel cleared with StopCCN "shutting down" (RFC 2661 §4.4.2),
     * then every IKE SA deleted with its Quick Mode SAs (RFC 2408 §3.15), so clients learn at once
     * instead of waiting for their dead-peer timers.
     */
    @Override
    public void shutdown()
    {
        onLoop(l2tpLoop, () -> ppp.links().forEach(link -> link.close("the appliance is shutting down")));
        onLoop(l2tpLoop, () -> lns.tunnels().forEach(tunnel ->
            tunnel.stop(ResultCode.SHUTTING_DOWN, ResultCode.NO_ERROR, "the appliance is shutting down")));
        if (ike != null)
        {
            onLoop(ikeLoop, () -> ike.sas().forEach(sa -> sa.delete("the appliance is shutting down")));
        }
    }

    /** Runs {@code task} on {@code loop}, then leaves its messages time to cross the command ring to the wire. */
    private static void onLoop(final EventLoop loop, final Runnable task)
    {
        final CountDownLatch done = new CountDownLatch(1);
        loop.execute(() ->
        {
            try
            {
                task.run();
            }
            finally
            {
                done.countDown();
            }
        });
        try
        {
            done.await(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS);
            Thread.sleep(SHUTDOWN_SEND_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        ikeLoop.close();
        l2tpLoop.close();
    }

    /**
     * Datagrams that reached the control plane and were dropped: L2TP in clear (not allowed, or
     * from a peer whose tunnel is inside IPsec), IKE without a pre-shared secret, other ports.
     */
    public long droppedDatagrams()
    {
        return clearL2tpDropped.get() + clearFromIpsecPeerDropped.get() + ikeNotServed.get() + otherPortDropped.get();
    }

    private static long peerKey(final int address, final int port)
    {
        return ((long)address << 16) | (port & 0xFFFF);
    }
}
