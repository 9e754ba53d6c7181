package io.portcullis.controlplane.ppp;

import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

import io.portcullis.controlplane.l2tp.CallHandler;
import io.portcullis.controlplane.l2tp.Session;
import io.portcullis.controlplane.runtime.Scheduler;

/** The LNS's PPP side: a {@link ServerLink} for each L2TP session that comes up. */
public final class PppServer implements CallHandler
{
    private final ServerLink.Services services;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final Map<Session, ServerLink> links = new HashMap<>();

    public PppServer(final ServerLink.Services services, final Scheduler scheduler, final RandomGenerator random)
    {
        this.services = services;
        this.scheduler = scheduler;
        this.random = random;
    }

    @Override
    public FrameReceiver onEstablished(final Session session)
    {
        final String peer = dottedPort(session.tunnel().remoteAddress(), session.tunnel().remotePort());
        final ServerLink link = new ServerLink(session, services, scheduler, random, peer);
        links.put(session, link);
        link.start();
        return link::onFrame;
    }

    @Override
    public void onClosed(final Session session, final String reason)
    {
        final ServerLink link = links.remove(session);
        if (link != null)
        {
            link.closed();
        }
    }

    public ServerLink link(final Session session)
    {
        return links.get(session);
    }

    public int linkCount()
    {
        return links.size();
    }

    private static String dottedPort(final int address, final int port)
    {
        return ServerLink.dotted(address) + ":" + port;
    }
}
