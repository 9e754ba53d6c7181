package io.portcullis.controlplane.ike;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.controlplane.ike.isakmp.ExchangeType;
import io.portcullis.controlplane.ike.isakmp.IsakmpException;
import io.portcullis.controlplane.ike.isakmp.IsakmpHeader;

/**
 * IKEv1 for one event loop: takes datagrams as the dataplane punts them (UDP 500, and 4500
 * without its non-ESP marker), finds or makes the IKE SA they belong to, and starts the SAs we
 * initiate. IKE SAs are found by their cookies (RFC 2408 §2.5.3), which survive a NAT float to
 * port 4500; half-open responder SAs by initiator cookie and outer address and port.
 * Everything runs on {@link IkeContext#scheduler()}'s thread.
 */
public final class IkeService
{
    private static final System.Logger LOG = System.getLogger(IkeService.class.getName());

    private record Cookies(long initiator, long responder)
    {
    }

    private record HalfOpen(long initiator, Endpoint endpoint)
    {
    }

    private final IkeContext context;
    private final Map<Cookies, IkeSa> sas = new HashMap<>();
    private final Map<HalfOpen, IkeSa> halfOpen = new HashMap<>();
    private long droppedDatagrams;

    public IkeService(final IkeContext context)
    {
        this.context = context;
    }

    /**
     * A datagram for UDP 500 or 4500 (marker removed), as {@code ControlPacketListener.onDatagram}
     * delivers it; the payload is copied, so it need only be valid during the call. May be
     * called from any thread: the work runs on the service's loop.
     */
    public void onDatagram(final int localAddress, final int localPort, final int remoteAddress, final int remotePort,
        final ByteBuffer payload)
    {
        final byte[] datagram = new byte[payload.remaining()];
        payload.get(payload.position(), datagram);
        final Endpoint from = new Endpoint(localAddress, localPort, remoteAddress, remotePort);
        context.scheduler().execute(() -> receive(from, datagram));
    }

    /** Starts Main Mode to {@code endpoint} and, once it is up, the Quick Mode {@code request}. */
    public IkeSa initiate(final Endpoint endpoint, final QuickModeRequest request)
    {
        return initiate(endpoint, request, null);
    }

    private IkeSa initiate(final Endpoint endpoint, final QuickModeRequest request, final IkeSa renewing)
    {
        final IkeSa sa = new IkeSa(context, true, IkeSa.newCookie(), 0, endpoint);
        if (renewing != null)
        {
            sa.replaces(renewing);
        }
        halfOpen.put(new HalfOpen(sa.cookieI(), endpoint), sa);
        hook(sa);
        sa.initiate(context.config().aggressiveMode() ? TaskFactory.aggressiveMode(sa) : TaskFactory.mainMode(sa));
        if (request != null)
        {
            sa.initiate(TaskFactory.quickModeInitiator(sa, request));
        }
        return sa;
    }

    /** Another Quick Mode on an existing IKE SA (a second tunnel, or a phase-2 rekey). */
    public void initiateQuickMode(final IkeSa sa, final QuickModeRequest request)
    {
        sa.initiate(TaskFactory.quickModeInitiator(sa, request));
    }

    private void receive(final Endpoint from, final byte[] datagram)
    {
        final ByteBuffer buffer = ByteBuffer.wrap(datagram);
        final IsakmpHeader header;
        try
        {
            IsakmpHeader.verify(buffer);
            header = IsakmpHeader.read(buffer);
        }
        catch (final IsakmpException e)
        {
            dropped(from, e.getMessage());
            return;
        }
        final IkeSa sa = find(header, from);
        if (sa != null)
        {
            sa.receive(header, datagram, from);
        }
    }

    private IkeSa find(final IsakmpHeader header, final Endpoint from)
    {
        if (header.responderCookie() != 0)
        {
            final IkeSa known = sas.get(new Cookies(header.initiatorCookie(), header.responderCookie()));
            if (known != null)
            {
                return known;
            }
            // Our Main Mode's second message names the responder cookie for the first time.
            final IkeSa ours = halfOpen.get(new HalfOpen(header.initiatorCookie(), from));
            if (ours != null && ours.initiator() && ours.cookieR() == 0)
            {
                halfOpen.remove(new HalfOpen(header.initiatorCookie(), from));
                ours.setCookieR(header.responderCookie());
                sas.put(new Cookies(ours.cookieI(), ours.cookieR()), ours);
                return ours;
            }
            dropped(from, "RFC 2408 §2.5.3: no ISAKMP SA with these cookies");
            return null;
        }
        final IkeSa pending = halfOpen.get(new HalfOpen(header.initiatorCookie(), from));
        if (pending != null)
        {
            return pending;
        }
        if (header.exchangeType() == ExchangeType.AGGRESSIVE && !context.config().aggressiveMode())
        {
            dropped(from, "Aggressive Mode is disabled: it shows a PSK-keyed hash to anyone watching (RFC 2409 §5.4)");
            return null;
        }
        if ((header.exchangeType() != ExchangeType.MAIN_MODE && header.exchangeType() != ExchangeType.AGGRESSIVE) ||
            header.messageId() != 0)
        {
            dropped(from, "RFC 2408 §3.1: a zero responder cookie only starts Main or Aggressive Mode");
            return null;
        }
        final IkeSa sa = new IkeSa(context, false, header.initiatorCookie(), IkeSa.newCookie(), from);
        halfOpen.put(new HalfOpen(sa.cookieI(), from), sa);
        sas.put(new Cookies(sa.cookieI(), sa.cookieR()), sa);
        hook(sa);
        sa.initiate(TaskFactory.phase1(sa, header.exchangeType()));
        // Half-open entries only catch retransmissions of message 1; they go once the peer moves on.
        context.scheduler().schedule(context.config().retransmitMs() * 16,
            () -> halfOpen.remove(new HalfOpen(sa.cookieI(), from), sa));
        return sa;
    }

    private void hook(final IkeSa sa)
    {
        sa.onClosed(this::forget);
        sa.onInitialContact(this::initialContact);
        sa.onPeerRenewal(this::peerRenewal);
        // A renewing Main Mode goes where the old SA talks now (port 4500 after a float, RFC 3947 §4).
        sa.onRekey(old -> initiate(old.endpoint(), null, old), this::successor);
    }

    /** The newest other established IKE SA with the same peer (address and port), or null. */
    private IkeSa successor(final IkeSa old)
    {
        IkeSa best = null;
        for (final IkeSa sa : sasOf(old.endpoint().remoteAddress(), old.endpoint().remotePort()))
        {
            if (sa != old && sa.established() && !sa.closed())
            {
                best = sa;
            }
        }
        return best;
    }

    /**
     * A peer's new Main Mode without INITIAL-CONTACT renews its older ISAKMP SA (RFC 2409 has no
     * rekey exchange). The Quick Mode SAs move to the new SA at once, before the peer's first
     * Quick Mode on it, so that Quick Mode renews them under their outbound handle instead of
     * adding a second pair beside them (strongSwan renews phase 2 right after phase 1).
     */
    private void peerRenewal(final IkeSa fresh)
    {
        for (final IkeSa old : sasOf(fresh.endpoint().remoteAddress(), fresh.endpoint().remotePort()))
        {
            if (old != fresh && old.established() && !old.closed())
            {
                old.handOver(fresh, "the peer renewed phase 1");
            }
        }
    }

    /** RFC 2407 §4.6.3.3: other IKE SAs with the same peer (address and port) are stale; remove them. */
    private void initialContact(final IkeSa fresh)
    {
        for (final IkeSa stale : sasOf(fresh.endpoint().remoteAddress(), fresh.endpoint().remotePort()))
        {
            if (stale != fresh)
            {
                stale.close("INITIAL-CONTACT from the peer's new IKE SA (RFC 2407 §4.6.3.3)");
            }
        }
    }

    /** Rekeys a Quick Mode SA pair: make-before-break, the old pair goes once the new one is up. */
    public void rekeyChildSa(final IkeSa sa, final ChildSa child)
    {
        context.scheduler().execute(() -> sa.rekey(child));
    }

    private void forget(final IkeSa sa)
    {
        sas.remove(new Cookies(sa.cookieI(), sa.cookieR()));
        halfOpen.values().remove(sa);
    }

    private void dropped(final Endpoint from, final String reason)
    {
        droppedDatagrams++;
        LOG.log(System.Logger.Level.INFO, "{0}: dropped datagram: {1}", from, reason);
    }

    /** Datagrams that matched no SA or broke a header rule. */
    public long droppedDatagrams()
    {
        return droppedDatagrams;
    }

    /** Every established or half-open IKE SA (a copy). */
    public List<IkeSa> sas()
    {
        final java.util.Set<IkeSa> all = new java.util.LinkedHashSet<>(sas.values());
        all.addAll(halfOpen.values());
        return List.copyOf(all);
    }

    /** The IKE SAs whose peer is at {@code remoteAddress:remotePort}. */
    public List<IkeSa> sasOf(final int remoteAddress, final int remotePort)
    {
        final List<IkeSa> out = new ArrayList<>();
        for (final IkeSa sa : sas.values())
        {
            if (sa.endpoint().remoteAddress() == remoteAddress && sa.endpoint().remotePort() == remotePort)
            {
                out.add(sa);
            }
        }
        return out;
    }

    public int size()
    {
        return sas.size() + (int) halfOpen.values().stream().filter(sa -> sa.cookieR() == 0).count();
    }
}
