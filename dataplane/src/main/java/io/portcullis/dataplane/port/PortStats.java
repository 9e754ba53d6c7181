package io.portcullis.dataplane.port;

/**
 * A port's counters since it opened (or since its stats were reset).
 *
 * @param rxPackets  received by the device (DPDK ipackets)
 * @param txPackets  sent by the device (opackets)
 * @param rxBytes    (ibytes; some virtual devices do not count bytes)
 * @param txBytes    (obytes)
 * @param rxMissed   dropped by the device because an RX queue was full (imissed)
 * @param rxErrors   bad frames the device dropped (ierrors)
 * @param txErrors   frames the device failed to send (oerrors)
 * @param rxNoBuffer frames lost for want of a buffer (rx_nombuf)
 * @param rxDropped  received, then dropped by the port before any node saw them (chained mbufs)
 * @param txDropped  handed to {@link Port#transmit} but not sent: TX queue full, or a bad packet
 */
public record PortStats(
    long rxPackets,
    long txPackets,
    long rxBytes,
    long txBytes,
    long rxMissed,
    long rxErrors,
    long txErrors,
    long rxNoBuffer,
    long rxDropped,
    long txDropped)
{
}
