package io.portcullis.controlplane.l2tp;

import io.portcullis.dataplane.api.DataplaneCommands;

/**
 * Which outbound ESP SA protects a peer's L2TP traffic (RFC 3193 §4): IKE knows, by the peer's
 * outer address and port as seen after NAT. Asked when a tunnel is created; plain L2TP answers
 * {@link DataplaneCommands#NO_SA}.
 */
@FunctionalInterface
public interface PeerSaLookup
{
    PeerSaLookup PLAIN = (remoteAddress, remotePort) -> DataplaneCommands.NO_SA;

    int outboundSaHandle(int remoteAddress, int remotePort);
}
