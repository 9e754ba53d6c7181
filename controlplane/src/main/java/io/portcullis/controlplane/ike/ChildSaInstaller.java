package io.portcullis.controlplane.ike;

import java.util.Arrays;

import io.portcullis.controlplane.ike.proposal.EspTransform;
import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.SaLifetime;

/** Turns Quick Mode's KEYMAT into the dataplane's two SAs (RFC 2409 §5.5: cipher key first, then integrity key). */
public final class ChildSaInstaller
{
    private ChildSaInstaller()
    {
    }

    /**
     * Installs inbound before outbound, so the peer's first protected packet finds its SA.
     *
     * A pair that renews one with the same selectors takes over its outbound handle: the dataplane
     * then moves traffic to the new outbound SA at once (make-before-break), and only the old
     * inbound SA is left to remove.
     *
     * @param startGeneration {@link IkeSa#childGeneration()} when the Quick Mode started.
     * @param natOaRemote the peer's original address (NAT-OA, RFC 3947 §5.2), 0 if unknown.
     */
    public static ChildSa install(final IkeSa sa, final EspTransform transform, final int inboundSpi,
        final int outboundSpi, final byte[] keymatIn, final byte[] keymatOut, final QuickModeRequest selectors,
        final boolean initiator, final int startGeneration, final int natOaRemote)
    {
        final IkeContext context = sa.context();
        final Endpoint endpoint = sa.endpoint();
        final EspSaConfig.NatT natT = transform.encapsulation().udp() ?
            new EspSaConfig.NatT(endpoint.localPort(), endpoint.remotePort(), natOaRemote, 0) : null;
        final EspMode mode = transform.encapsulation().tunnel() ? EspMode.TUNNEL : EspMode.TRANSPORT;
        final ChildSa renewed = sa.renewable(selectors, startGeneration);
        final int handle = renewed != null ? renewed.outboundHandle() : context.spis().allocateHandle();
        context.dataplane().addSa(handle, config(transform, inboundSpi, true, keymatIn, endpoint, mode, natT));
        context.dataplane().addSa(handle, config(transform, outboundSpi, false, keymatOut, endpoint, mode, natT));
        return new ChildSa(endpoint, inboundSpi, outboundSpi, handle, transform, selectors.protocol(),
            selectors.localPort(), selectors.remotePort(), selectors, initiator);
    }

    private static EspSaConfig config(final EspTransform transform, final int spi, final boolean inbound,
        final byte[] keymat, final Endpoint endpoint, final EspMode mode, final EspSaConfig.NatT natT)
    {
        final int cipherKeyLength = transform.cipherKeyLength();
        return new EspSaConfig(spi, inbound, mode, transform.cipher(), Arrays.copyOf(keymat, cipherKeyLength),
            transform.integrity(), Arrays.copyOfRange(keymat, cipherKeyLength, transform.keymatLength()), false,
            inbound ? EspSaConfig.DEFAULT_REPLAY_WINDOW : 0, endpoint.localAddress(), endpoint.remoteAddress(), natT,
            SaLifetime.UNLIMITED);
    }

    public static void uninstall(final IkeContext context, final ChildSa sa)
    {
        context.dataplane().removeSa(sa.outboundHandle(), sa.outboundSpi(), false);
        uninstallInbound(context, sa);
    }

    /** After a rekey the outbound handle belongs to the new pair; only the old inbound SA goes. */
    public static void uninstallInbound(final IkeContext context, final ChildSa sa)
    {
        context.dataplane().removeSa(sa.outboundHandle(), sa.inboundSpi(), true);
        context.spis().release(sa.inboundSpi());
    }
}
