package io.portcullis.dataplane.api;

import java.nio.ByteBuffer;

/**
 * The control plane's side of punting: a UDP datagram for IKE (500/4500, the non-ESP marker
 * already removed) or L2TP (1701: control messages, and data messages carrying PPP control
 * protocols). Addresses are IPv4 in host order, as on the wire after NAT.
 */
public interface ControlPacketListener
{
    /**
     * @param payload       the UDP payload, valid only during the call.
     * @param inboundSpi    the SPI of the ESP SA the datagram arrived through, 0 if it came in clear;
     *                      it ties an L2TP tunnel to the IKE peer that protects it (RFC 3193 §4).
     * @param arrivalNs     when the worker received the packet ({@code System.nanoTime()} scale).
     */
    void onDatagram(int localAddress, int localPort, int remoteAddress, int remotePort, ByteBuffer payload,
        int inboundSpi, long arrivalNs);
}
