package io.portcullis.controlplane.ike.isakmp;

import java.nio.ByteBuffer;
import java.util.List;

/** Delete payload (RFC 2408 §3.15): SPIs of one protocol, all of one size. */
public record Delete(int doi, int protocolId, int spiSize, List<byte[]> spis) implements Payload
{
    @Override
    public int type()
    {
        return PayloadType.DELETE;
    }

    @Override
    public byte[] encodeBody()
    {
        final ByteBuffer out = ByteBuffer.allocate(8 + spiSize * spis.size()).putInt(doi).put((byte) protocolId)
            .put((byte) spiSize).putShort((short) spis.size());
        spis.forEach(out::put);
        return out.array();
    }
}
