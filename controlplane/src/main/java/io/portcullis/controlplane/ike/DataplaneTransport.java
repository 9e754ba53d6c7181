package io.portcullis.controlplane.ike;

import java.nio.ByteBuffer;

import io.portcullis.dataplane.api.DataplaneCommands;

/** Sends IKE through the dataplane, in clear, with the non-ESP marker on port 4500. */
public final class DataplaneTransport implements IkeTransport
{
    private final DataplaneCommands dataplane;

    public DataplaneTransport(final DataplaneCommands dataplane)
    {
        this.dataplane = dataplane;
    }

    @Override
    public void send(final Endpoint endpoint, final byte[] message)
    {
        final byte[] payload = endpoint.localPort() == Endpoint.NAT_T_PORT ? IkeTransport.withNonEspMarker(message) :
            message;
        dataplane.sendUdp(endpoint.localAddress(), endpoint.localPort(), endpoint.remoteAddress(),
            endpoint.remotePort(), ByteBuffer.wrap(payload), DataplaneCommands.NO_SA);
    }
}
