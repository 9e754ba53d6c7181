package io.portcullis.controlplane.l2tp;

import java.nio.ByteBuffer;

/**
 * Where L2TP datagrams leave: {@code DataplaneCommands::sendUdp} on the appliance (through the
 * peer's outbound ESP SA, RFC 3193 §4), a UDP socket in tests and standalone use. Addresses are
 * IPv4 in host order; {@code payload} is read before the call returns.
 */
@FunctionalInterface
public interface L2tpTransport
{
    void send(int localAddress, int localPort, int remoteAddress, int remotePort, ByteBuffer payload,
        int espSaHandle);
}
