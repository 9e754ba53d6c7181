package io.portcullis.dataplane.worker;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.portcullis.dataplane.api.ControlPacketListener;
import io.portcullis.dataplane.packet.Ipv4;
import org.agrona.DirectBuffer;

/**
 * The control plane's end of the punt ring: each punted IPv4 packet becomes one
 * {@link ControlPacketListener#onDatagram} call with the UDP payload (IKE after the non-ESP
 * marker on port 4500, RFC 3948 §2.2; L2TP control and data messages on 1701) and the SPI it
 * came through. Packets that are not well-formed UDP are counted here and not delivered.
 */
public final class ControlPacketDispatcher implements PuntAdapter.Handler
{
    private static final int UDP_HEADER_LENGTH = 8;
    private static final int NATT_PORT = 4500;
    private static final int NON_ESP_MARKER_LENGTH = 4;

    private final ControlPacketListener listener;
    private final byte[] payload = new byte[65536];
    private final ByteBuffer view = ByteBuffer.wrap(payload);
    private long malformed;

    public ControlPacketDispatcher(final ControlPacketListener listener)
    {
        this.listener = listener;
    }

    /** Punted packets that were not an IPv4 UDP datagram this listener takes. */
    public long malformed()
    {
        return malformed;
    }

    @Override
    public void onPunt(
        final DirectBuffer packet, final int offset, final int length, final int port, final int reason,
        final long arrivalNs, final int sourceAddress, final int sourcePort, final int destinationAddress,
        final int destinationPort, final int inboundSpi)
    {
        if (length < Ipv4.MIN_HEADER_LENGTH || (packet.getByte(offset) & 0xF0) != 0x40 ||
            packet.getByte(offset + Ipv4.PROTOCOL) != Ipv4.PROTOCOL_UDP)
        {
            malformed++;
            return;
        }
        final int ihl = (packet.getByte(offset) & 0x0F) * 4;
        final int totalLength = packet.getShort(offset + Ipv4.TOTAL_LENGTH, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int udp = offset + ihl;
        // RFC 791: the header fits the packet; RFC 768: the datagram fits the IPv4 payload.
        if (ihl < Ipv4.MIN_HEADER_LENGTH || totalLength > length || ihl + UDP_HEADER_LENGTH > totalLength)
        {
            malformed++;
            return;
        }
        final int udpLength = packet.getShort(udp + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (udpLength < UDP_HEADER_LENGTH || udpLength > totalLength - ihl)
        {
            malformed++;
            return;
        }
        int start = udp + UDP_HEADER_LENGTH;
        final int end = udp + udpLength;
        if (destinationPort == NATT_PORT && inboundSpi == 0)
        {
            if (end - start < NON_ESP_MARKER_LENGTH || packet.getInt(start) != 0)
            {
                malformed++;  // only IKE is punted from 4500, behind the marker (RFC 3948 §2.2)
                return;
            }
            start += NON_ESP_MARKER_LENGTH;
        }
        packet.getBytes(start, payload, 0, end - start);
        view.clear().limit(end - start);
        listener.onDatagram(destinationAddress, destinationPort, sourceAddress, sourcePort, view, inboundSpi,
            arrivalNs);
    }
}
