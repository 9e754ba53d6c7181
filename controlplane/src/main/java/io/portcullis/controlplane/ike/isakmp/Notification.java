package io.portcullis.controlplane.ike.isakmp;

import java.nio.ByteBuffer;

/** Notification payload (RFC 2408 §3.14). */
public record Notification(int doi, int protocolId, byte[] spi, int notifyType, byte[] data) implements Payload
{
    @Override
    public int type()
    {
        return PayloadType.NOTIFY;
    }

    @Override
    public byte[] encodeBody()
    {
        return ByteBuffer.allocate(8 + spi.length + data.length).putInt(doi).put((byte) protocolId)
            .put((byte) spi.length).putShort((short) notifyType).put(spi).put(data).array();
    }
}
