package io.portcullis.controlplane.ike.isakmp;

import java.nio.ByteBuffer;
import java.util.List;

/** Proposal payload (RFC 2408 §3.5): number, protocol, SPI and its transforms, in preference order. */
public record Proposal(int number, int protocolId, byte[] spi, List<Transform> transforms)
{
    /** RFC 2407 §4.4.1 protocol identifiers. */
    public static final int PROTO_ISAKMP = 1;
    public static final int PROTO_IPSEC_AH = 2;
    public static final int PROTO_IPSEC_ESP = 3;

    int encodedLength()
    {
        int length = 8 + spi.length;
        for (final Transform transform : transforms)
        {
            length += transform.encodedLength();
        }
        return length;
    }

    void write(final ByteBuffer out, final boolean last)
    {
        out.put((byte) (last ? PayloadType.NONE : PayloadType.PROPOSAL)).put((byte) 0).putShort((short) encodedLength())
            .put((byte) number).put((byte) protocolId).put((byte) spi.length).put((byte) transforms.size()).put(spi);
        for (int i = 0; i < transforms.size(); i++)
        {
            transforms.get(i).write(out, i == transforms.size() - 1);
        }
    }
}
