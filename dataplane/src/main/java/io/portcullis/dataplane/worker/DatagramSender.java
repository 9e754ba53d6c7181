package io.portcullis.dataplane.worker;

import org.agrona.DirectBuffer;

/**
 * Where a worker's command ring hands the datagrams the control plane sends (IKE, L2TP
 * control): the worker builds the IPv4 and UDP headers around the payload and sends it,
 * through an outbound ESP SA when one is named.
 */
public interface DatagramSender
{
    /** Refuses every datagram: for a command adapter whose worker sends nothing (tests of tables alone). */
    DatagramSender NONE = (payload, offset, length, localAddress, localPort, remoteAddress, remotePort, espSaHandle) ->
    {
        throw new IllegalArgumentException("this worker sends no datagrams");
    };

    /**
     * Copies the payload into a packet buffer and queues it for sending in this duty cycle.
     *
     * @throws IllegalArgumentException naming why it cannot (no buffer, no such SA).
     */
    void sendUdp(
        DirectBuffer payload, int offset, int length, int localAddress, int localPort, int remoteAddress,
        int remotePort, int espSaHandle);
}
