package io.portcullis.controlplane.ike.isakmp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Builds ISAKMP messages and decodes plaintext ones (RFC 2408 §3). */
public final class IsakmpMessage
{
    private IsakmpMessage()
    {
    }

    /** The payload chain alone, with generic headers linking each payload to the next. */
    public static byte[] encodePayloads(final List<? extends Payload> payloads)
    {
        final List<byte[]> bodies = new ArrayList<>(payloads.size());
        int length = 0;
        for (final Payload payload : payloads)
        {
            final byte[] body = payload.encodeBody();
            bodies.add(body);
            length += 4 + body.length;
        }
        final ByteBuffer out = ByteBuffer.allocate(length);
        for (int i = 0; i < payloads.size(); i++)
        {
            final int next = i + 1 < payloads.size() ? payloads.get(i + 1).type() : PayloadType.NONE;
            out.put((byte) next).put((byte) 0).putShort((short) (4 + bodies.get(i).length)).put(bodies.get(i));
        }
        return out.array();
    }

    /** A header (its Next Payload and Length filled in here) followed by {@code body}. */
    public static byte[] encode(final IsakmpHeader header, final int firstPayload, final byte[] body)
    {
        final ByteBuffer out = ByteBuffer.allocate(IsakmpHeader.LENGTH + body.length);
        header.withNextPayload(firstPayload).withLength(IsakmpHeader.LENGTH + body.length).write(out);
        return out.put(body).array();
    }

    /** A plaintext message. */
    public static byte[] encode(final IsakmpHeader header, final List<? extends Payload> payloads)
    {
        return encode(header, payloads.isEmpty() ? PayloadType.NONE : payloads.get(0).type(), encodePayloads(payloads));
    }

    /** Verifies then reads a plaintext message; an encrypted one is refused here. */
    public static Decoded decode(final ByteBuffer datagram) throws IsakmpException
    {
        IsakmpHeader.verify(datagram);
        final IsakmpHeader header = IsakmpHeader.read(datagram);
        if (header.encrypted())
        {
            throw new IsakmpException(NotifyType.INVALID_FLAGS, "RFC 2408 §3.1: encrypted message without keys");
        }
        final ByteBuffer body = bodyOf(datagram, header);
        PayloadVerifier.verify(body, header.nextPayload(), false);
        return new Decoded(header, PayloadReader.read(body, header.nextPayload()));
    }

    /** The bytes after the header up to the header's length. */
    public static ByteBuffer bodyOf(final ByteBuffer datagram, final IsakmpHeader header)
    {
        final int start = datagram.position() + IsakmpHeader.LENGTH;
        return datagram.duplicate().limit(datagram.position() + header.length()).position(start).slice();
    }

    public record Decoded(IsakmpHeader header, ReceivedPayloads payloads)
    {
    }
}
