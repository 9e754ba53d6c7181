package io.portcullis.controlplane.l2tp;

/**
 * How an L2TP endpoint (LNS or LAC) behaves.
 *
 * @param hostName               our Host Name AVP (RFC 2661 §4.4.3).
 * @param secret                 the tunnel shared secret: with it we challenge every peer and
 *                               answer its challenges (§5.1.1) and may hide AVPs (§4.3); null: none.
 * @param hideAvps               hide the AVPs §4.4 allows to be hidden (needs a secret), in the
 *                               messages sent once the control connection is established.
 * @param maxTunnels             tunnels at once; an SCCRQ beyond is refused (StopCCN 2/4).
 * @param maxSessionsPerTunnel   sessions in one tunnel; a call beyond is refused (CDN 4).
 * @param setupsPerPeerPerSecond tunnel and session set-ups a peer address may start per second
 *                               (a token bucket with that burst); beyond, refused as above.
 * @param channel                the control channel's timers and window.
 * @param stopHoldMs             how long a cleared tunnel stays to acknowledge a retransmitted
 *                               StopCCN (§5.7 suggests a full retransmission cycle, 31 s).
 * @param requireIpsec           drop L2TP that did not arrive through an ESP SA (inbound SPI 0):
 *                               L2TP/IPsec only, as RFC 3193 §5 expects of a secure deployment.
 * @param dataChecksum           send data messages with a UDP checksum: RFC 2661 §8.1 makes it the
 *                               default and lets an implementation offer to turn it off for data
 *                               (never for control messages). Off spares a pass over every packet
 *                               sent, which inside IPsec the ESP ICV already protects.
 */
public record L2tpSettings(String hostName, byte[] secret, boolean hideAvps, int maxTunnels,
    int maxSessionsPerTunnel, int setupsPerPeerPerSecond, ControlChannelConfig channel, long stopHoldMs, boolean requireIpsec,
    boolean dataChecksum)
{
    public L2tpSettings
    {
        if (hostName == null || hostName.isEmpty())
        {
            throw new IllegalArgumentException("hostName must not be empty (RFC 2661 §4.4.3)");
        }
        if (hideAvps && secret == null)
        {
            throw new IllegalArgumentException("hiding AVPs needs a shared secret (RFC 2661 §4.3)");
        }
        if (maxTunnels < 1 || maxSessionsPerTunnel < 1 || setupsPerPeerPerSecond < 1)
        {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public static L2tpSettings of(final String hostName, final byte[] secret)
    {
        return new L2tpSettings(hostName, secret, false, 10_000, 1_000, 100, ControlChannelConfig.defaults(), 31_000,
            false, true);
    }

    public L2tpSettings withHiding(final boolean hideAvps)
    {
        return new L2tpSettings(hostName, secret, hideAvps, maxTunnels, maxSessionsPerTunnel,
            setupsPerPeerPerSecond, channel, stopHoldMs, requireIpsec, dataChecksum);
    }

    public L2tpSettings withLimits(final int maxTunnels, final int maxSessionsPerTunnel,
        final int setupsPerPeerPerSecond)
    {
        return new L2tpSettings(hostName, secret, hideAvps, maxTunnels, maxSessionsPerTunnel,
            setupsPerPeerPerSecond, channel, stopHoldMs, requireIpsec, dataChecksum);
    }

    public L2tpSettings withIpsecRequired(final boolean requireIpsec)
    {
        return new L2tpSettings(hostName, secret, hideAvps, maxTunnels, maxSessionsPerTunnel,
            setupsPerPeerPerSecond, channel, stopHoldMs, requireIpsec, dataChecksum);
    }

    public L2tpSettings withChannel(final ControlChannelConfig channel, final long stopHoldMs)
    {
        return new L2tpSettings(hostName, secret, hideAvps, maxTunnels, maxSessionsPerTunnel,
            setupsPerPeerPerSecond, channel, stopHoldMs, requireIpsec, dataChecksum);
    }

    public L2tpSettings withDataChecksum(final boolean dataChecksum)
    {
        return new L2tpSettings(hostName, secret, hideAvps, maxTunnels, maxSessionsPerTunnel,
            setupsPerPeerPerSecond, channel, stopHoldMs, requireIpsec, dataChecksum);
    }
}
