package io.portcullis.controlplane.ike.isakmp;

import java.nio.ByteBuffer;
import java.util.List;

/** Transform payload (RFC 2408 §3.6): transform number, transform ID and SA attributes. */
public record Transform(int number, int transformId, List<Attribute> attributes)
{
    /** The attribute of {@code type}, or null. */
    public Attribute attribute(final int type)
    {
        for (final Attribute attribute : attributes)
        {
            if (attribute.type() == type)
            {
                return attribute;
            }
        }
        return null;
    }

    int encodedLength()
    {
        int length = 8;
        for (final Attribute attribute : attributes)
        {
            length += attribute.encodedLength();
        }
        return length;
    }

    void write(final ByteBuffer out, final boolean last)
    {
        out.put((byte) (last ? PayloadType.NONE : PayloadType.TRANSFORM)).put((byte) 0).putShort((short) encodedLength())
            .put((byte) number).put((byte) transformId).putShort((short) 0);
        attributes.forEach(attribute -> attribute.write(out));
    }
}
