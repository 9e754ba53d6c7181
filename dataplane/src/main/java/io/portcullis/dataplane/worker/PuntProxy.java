package io.portcullis.dataplane.worker;

import java.nio.ByteOrder;

import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketBuffer;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import static io.portcullis.dataplane.worker.PuntDescriptor.*;

/**
 * Copies packets for the control plane (IKE, L2TP control, PPP control) onto the many-to-one
 * punt ring with their metadata, so the control plane never touches an mbuf. Never blocks:
 * when the ring is full the packet is dropped and counted (IKE and L2TP retransmit).
 */
public final class PuntProxy
{
    private final RingBuffer ring;
    private final PacketBuffer packet = new PacketBuffer();
    private long full;

    public PuntProxy(final RingBuffer ring)
    {
        this.ring = ring;
    }

    /** Punts packet {@code i} (an IPv4 packet) that arrived on {@code port} in clear; true if it was queued. */
    public boolean punt(final PacketVector vector, final int i, final int port, final int reason, final long arrivalNs)
    {
        return punt(vector, i, port, reason, arrivalNs, 0);
    }

    /** Punts packet {@code i} that arrived through the inbound SA {@code inboundSpi} (0: in clear). */
    public boolean punt(
        final PacketVector vector, final int i, final int port, final int reason, final long arrivalNs,
        final int inboundSpi)
    {
        packet.wrap(vector.bufferAddress(i) + vector.offset(i), vector.length(i));
        final int length = vector.length(i);
        final int claimed = ring.tryClaim(PUNTED_PACKET, HEADER_LENGTH + length);
        if (claimed <= 0)
        {
            full++;
            return false;
        }
        final var buffer = ring.buffer();
        buffer.putLong(claimed + ARRIVAL_NS, arrivalNs);
        buffer.putInt(claimed + PORT, port);
        buffer.putInt(claimed + REASON, reason);
        int source = 0;
        int destination = 0;
        int sourcePort = 0;
        int destinationPort = 0;
        if (length >= Ipv4.MIN_HEADER_LENGTH && Ipv4.version(packet, 0) == 4)
        {
            source = Ipv4.source(packet, 0);
            destination = Ipv4.destination(packet, 0);
            final int ihl = Ipv4.headerLength(packet, 0);
            final int protocol = Ipv4.protocol(packet, 0);
            if ((protocol == Ipv4.PROTOCOL_UDP || protocol == Ipv4.PROTOCOL_TCP) && length >= ihl + 4)
            {
                sourcePort = packet.getShort(ihl, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                destinationPort = packet.getShort(ihl + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            }
        }
        buffer.putInt(claimed + SOURCE_ADDRESS, source);
        buffer.putInt(claimed + DESTINATION_ADDRESS, destination);
        buffer.putShort(claimed + SOURCE_PORT, (short)sourcePort);
        buffer.putShort(claimed + DESTINATION_PORT, (short)destinationPort);
        buffer.putInt(claimed + LENGTH, length);
        buffer.putInt(claimed + INBOUND_SPI, inboundSpi);
        buffer.putInt(claimed + INBOUND_SPI + 4, 0);
        buffer.putBytes(claimed + HEADER_LENGTH, packet, 0, length);
        ring.commit(claimed);
        return true;
    }

    /** Packets dropped because the ring was full. */
    public long full()
    {
        return full;
    }
}
