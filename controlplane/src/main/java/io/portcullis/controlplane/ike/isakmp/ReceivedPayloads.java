package io.portcullis.controlplane.ike.isakmp;

import java.util.Arrays;
import java.util.List;

/**
 * A decoded payload chain together with its wire bytes: IKE's hashes cover payload bodies as
 * received (SAi_b, IDii_b, Ni_b: RFC 2409 §5) and, in Quick Mode, every payload after HASH(1)
 * (§5.5), so those bytes are kept rather than re-encoded.
 *
 * @param body    the bytes after the ISAKMP header (decrypted if the message was encrypted).
 * @param offsets where each payload's generic header starts in {@code body}.
 * @param end     where the chain ends; what follows is cipher padding.
 */
public record ReceivedPayloads(List<Payload> payloads, byte[] body, int[] offsets, int end)
{
    /** The first payload of {@code type}, or null. */
    public <T extends Payload> T first(final int type, final Class<T> kind)
    {
        final int index = indexOf(type);
        return index < 0 ? null : kind.cast(payloads.get(index));
    }

    public int indexOf(final int type)
    {
        for (int i = 0; i < payloads.size(); i++)
        {
            if (payloads.get(i).type() == type)
            {
                return i;
            }
        }
        return -1;
    }

    public List<Payload> all(final int type)
    {
        return payloads.stream().filter(p -> p.type() == type).toList();
    }

    /** The body of payload {@code index} without its generic header, as received. */
    public byte[] rawBody(final int index)
    {
        final int at = offsets[index];
        final int length = ((body[at + 2] & 0xff) << 8) | (body[at + 3] & 0xff);
        return Arrays.copyOfRange(body, at + 4, at + length);
    }

    /** Every payload from {@code index} (generic headers included) to the end of the chain. */
    public byte[] rawFrom(final int index)
    {
        return Arrays.copyOfRange(body, offsets[index], end);
    }
}
