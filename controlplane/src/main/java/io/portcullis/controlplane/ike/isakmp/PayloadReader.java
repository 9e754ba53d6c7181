package io.portcullis.controlplane.ike.isakmp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Decodes a payload chain that {@link PayloadVerifier} accepted; it checks nothing itself. */
public final class PayloadReader
{
    private PayloadReader()
    {
    }

    /**
     * @param body      the verified bytes after the header (position to limit).
     * @param firstType the header's Next Payload.
     */
    public static ReceivedPayloads read(final ByteBuffer body, final int firstType)
    {
        final byte[] bytes = new byte[body.remaining()];
        body.get(body.position(), bytes);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        final List<Payload> payloads = new ArrayList<>();
        final List<Integer> offsets = new ArrayList<>();
        int next = firstType;
        int at = 0;
        while (next != PayloadType.NONE)
        {
            final int length = buffer.getShort(at + 2) & 0xffff;
            payloads.add(readBody(next, buffer, at + 4, length - 4));
            offsets.add(at);
            next = buffer.get(at) & 0xff;
            at += length;
        }
        return new ReceivedPayloads(payloads, bytes, offsets.stream().mapToInt(Integer::intValue).toArray(), at);
    }

    private static Payload readBody(final int type, final ByteBuffer buffer, final int at, final int length)
    {
        return switch (type)
        {
            case PayloadType.SA -> readSecurityAssociation(buffer, at, length);
            case PayloadType.ID -> new Identification(buffer.get(at) & 0xff, buffer.get(at + 1) & 0xff,
                buffer.getShort(at + 2) & 0xffff, bytes(buffer, at + 4, length - 4));
            case PayloadType.CERT -> new Certificate(buffer.get(at) & 0xff, bytes(buffer, at + 1, length - 1));
            case PayloadType.CERTREQ -> new CertificateRequest(buffer.get(at) & 0xff, bytes(buffer, at + 1, length - 1));
            case PayloadType.NOTIFY -> readNotification(buffer, at, length);
            case PayloadType.DELETE -> readDelete(buffer, at);
            case PayloadType.NAT_OA, PayloadType.NAT_OA_DRAFT ->
                new NatOriginalAddress(type, buffer.get(at) & 0xff, bytes(buffer, at + 4, length - 4));
            default -> new OpaquePayload(type, bytes(buffer, at, length));
        };
    }

    private static byte[] bytes(final ByteBuffer buffer, final int at, final int length)
    {
        final byte[] out = new byte[length];
        buffer.get(at, out);
        return out;
    }

    private static Notification readNotification(final ByteBuffer buffer, final int at, final int length)
    {
        final int spiSize = buffer.get(at + 5) & 0xff;
        return new Notification(buffer.getInt(at), buffer.get(at + 4) & 0xff, bytes(buffer, at + 8, spiSize),
            buffer.getShort(at + 6) & 0xffff, bytes(buffer, at + 8 + spiSize, length - 8 - spiSize));
    }

    private static Delete readDelete(final ByteBuffer buffer, final int at)
    {
        final int spiSize = buffer.get(at + 5) & 0xff;
        final int count = buffer.getShort(at + 6) & 0xffff;
        final List<byte[]> spis = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            spis.add(bytes(buffer, at + 8 + i * spiSize, spiSize));
        }
        return new Delete(buffer.getInt(at), buffer.get(at + 4) & 0xff, spiSize, spis);
    }

    private static SecurityAssociation readSecurityAssociation(final ByteBuffer buffer, final int at, final int length)
    {
        final List<Proposal> proposals = new ArrayList<>();
        int p = at + 8;
        int next = PayloadType.PROPOSAL;
        while (next != PayloadType.NONE)
        {
            final int proposalLength = buffer.getShort(p + 2) & 0xffff;
            proposals.add(readProposal(buffer, p));
            next = buffer.get(p) & 0xff;
            p += proposalLength;
        }
        return new SecurityAssociation(buffer.getInt(at), buffer.getInt(at + 4), List.copyOf(proposals));
    }

    private static Proposal readProposal(final ByteBuffer buffer, final int at)
    {
        final int spiSize = buffer.get(at + 6) & 0xff;
        final int count = buffer.get(at + 7) & 0xff;
        final List<Transform> transforms = new ArrayList<>(count);
        int t = at + 8 + spiSize;
        for (int i = 0; i < count; i++)
        {
            final int transformLength = buffer.getShort(t + 2) & 0xffff;
            transforms.add(readTransform(buffer, t, transformLength));
            t += transformLength;
        }
        return new Proposal(buffer.get(at + 4) & 0xff, buffer.get(at + 5) & 0xff, bytes(buffer, at + 8, spiSize),
            List.copyOf(transforms));
    }

    private static Transform readTransform(final ByteBuffer buffer, final int at, final int length)
    {
        final List<Attribute> attributes = new ArrayList<>();
        int a = at + 8;
        while (a < at + length)
        {
            final int word = buffer.getShort(a) & 0xffff;
            if ((word & 0x8000) != 0)
            {
                attributes.add(new Attribute(word & 0x7fff, true, bytes(buffer, a + 2, 2)));
                a += 4;
            }
            else
            {
                final int valueLength = buffer.getShort(a + 2) & 0xffff;
                attributes.add(new Attribute(word, false, bytes(buffer, a + 4, valueLength)));
                a += 4 + valueLength;
            }
        }
        return new Transform(buffer.get(at + 4) & 0xff, buffer.get(at + 5) & 0xff, List.copyOf(attributes));
    }
}
