package io.portcullis.dataplane.worker;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import static io.portcullis.dataplane.worker.PuntDescriptor.*;

/** The control plane's side of the punt ring. */
public final class PuntAdapter implements MessageHandler
{
    /** Receives punted packets; the buffer is valid only during the call. */
    public interface Handler
    {
        void onPunt(
            DirectBuffer packet, int offset, int length, int port, int reason, long arrivalNs,
            int sourceAddress, int sourcePort, int destinationAddress, int destinationPort, int inboundSpi);
    }

    private final RingBuffer ring;
    private final Handler handler;

    public PuntAdapter(final RingBuffer ring, final Handler handler)
    {
        this.ring = ring;
        this.handler = handler;
    }

    public int poll(final int limit)
    {
        return ring.read(this, limit);
    }

    @Override
    public void onMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (type != PUNTED_PACKET || length < HEADER_LENGTH)
        {
            return;
        }
        final int packetLength = buffer.getInt(index + LENGTH);
        if (packetLength < 0 || packetLength > length - HEADER_LENGTH)
        {
            return;
        }
        handler.onPunt(buffer, index + HEADER_LENGTH, packetLength, buffer.getInt(index + PORT),
            buffer.getInt(index + REASON), buffer.getLong(index + ARRIVAL_NS),
            buffer.getInt(index + SOURCE_ADDRESS), buffer.getShort(index + SOURCE_PORT) & 0xFFFF,
            buffer.getInt(index + DESTINATION_ADDRESS), buffer.getShort(index + DESTINATION_PORT) & 0xFFFF,
            buffer.getInt(index + INBOUND_SPI));
    }
}
