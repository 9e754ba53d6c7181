package io.portcullis.controlplane.ike;

import io.portcullis.controlplane.ike.proposal.EspTransform;

/**
 * A Quick Mode SA pair as installed in the dataplane: what the L2TP side needs to tie a tunnel
 * to its peer (RFC 3193 §4) and to send through it.
 *
 * @param peer           the IKE peer's outer endpoint (port 4500 after a NAT float).
 * @param inboundSpi     our SPI, on which the peer's ESP arrives.
 * @param outboundSpi    the peer's SPI.
 * @param outboundHandle the dataplane handle of the outbound SA ({@code sendUdp}'s espSaHandle).
 * @param localPort      the protected protocol's local port from the selectors (1701 for L2TP, 0 for any).
 * @param selectors      what was negotiated, from our side: a rekey asks for the same.
 * @param initiator      we started the Quick Mode (and so rekey it before its lifetime ends).
 */
public record ChildSa(Endpoint peer, int inboundSpi, int outboundSpi, int outboundHandle, EspTransform transform,
    int protocol, int localPort, int remotePort, QuickModeRequest selectors, boolean initiator)
{
    public static final int L2TP_PORT = 1701;

    public boolean isL2tpTransport()
    {
        return !transform.encapsulation().tunnel() && protocol == 17 && (localPort == L2TP_PORT || localPort == 0);
    }
}
