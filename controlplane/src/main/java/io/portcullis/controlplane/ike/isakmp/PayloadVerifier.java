package io.portcullis.controlplane.ike.isakmp;

import java.nio.ByteBuffer;

/**
 * Verifies a chain of payloads (RFC 2408 §3.2) without reading any of them: every rule a
 * {@link PayloadReader} relies on is checked here first, and each failure names its rule.
 */
public final class PayloadVerifier
{
    private PayloadVerifier()
    {
    }

    /**
     * @param body      the bytes after the ISAKMP header, from position to limit (the header's length).
     * @param firstType the header's Next Payload.
     * @param padded    true for a decrypted body, which may end in cipher padding (RFC 2409 §5.3).
     * @return the offset from {@code body.position()} where the chain ends.
     */
    public static int verify(final ByteBuffer body, final int firstType, final boolean padded) throws IsakmpException
    {
        final int start = body.position();
        final int end = body.limit();
        int next = firstType;
        int at = start;
        while (next != PayloadType.NONE)
        {
            if (!PayloadType.isMessageLevel(next))
            {
                throw new IsakmpException(NotifyType.INVALID_PAYLOAD_TYPE,
                    "RFC 2408 §3.1: next payload " + next + " is not a payload type this message may carry");
            }
            final int length = genericLength(body, at, end, "RFC 2408 §3.2");
            verifyBody(next, body, at + 4, length - 4);
            next = body.get(at) & 0xff;
            at += length;
        }
        if (at != end && !padded)
        {
            throw new IsakmpException(NotifyType.UNEQUAL_PAYLOAD_LENGTHS,
                "RFC 2408 §3.1: " + (end - at) + " bytes follow the last payload");
        }
        return at - start;
    }

    /** Checks a generic payload header at {@code at} and returns its length. */
    private static int genericLength(final ByteBuffer buffer, final int at, final int end, final String section)
        throws IsakmpException
    {
        if (end - at < 4)
        {
            throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED,
                section + ": a payload header needs 4 bytes, " + (end - at) + " left");
        }
        final int length = buffer.getShort(at + 2) & 0xffff;
        if (length < 4 || length > end - at)
        {
            throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED,
                section + ": payload length " + length + " is not within the " + (end - at) + " bytes left");
        }
        return length;
    }

    private static void verifyBody(final int type, final ByteBuffer buffer, final int at, final int length)
        throws IsakmpException
    {
        switch (type)
        {
            case PayloadType.SA -> verifySecurityAssociation(buffer, at, length);
            case PayloadType.ID -> verifyIdentification(buffer, at, length);
            case PayloadType.NONCE -> verifyNonce(length);
            case PayloadType.NOTIFY -> verifyNotification(buffer, at, length);
            case PayloadType.DELETE -> verifyDelete(buffer, at, length);
            case PayloadType.NAT_OA, PayloadType.NAT_OA_DRAFT -> verifyNatOa(buffer, at, length);
            case PayloadType.CERT, PayloadType.CERTREQ -> atLeast(length, 1, "RFC 2408 §3.9/§3.10: the encoding byte");
            default -> atLeast(length, 1, "RFC 2408 §3.7-§3.16, RFC 3947 §3.2: " + PayloadType.name(type) +
                " carries data");
        }
    }

    private static void atLeast(final int length, final int minimum, final String rule) throws IsakmpException
    {
        if (length < minimum)
        {
            throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED,
                rule + " needs at least " + minimum + " body bytes, got " + length);
        }
    }

    private static void verifyNonce(final int length) throws IsakmpException
    {
        if (length < 8 || length > 256)
        {
            throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED,
                "RFC 2409 §5: a nonce is 8 to 256 bytes, got " + length);
        }
    }

    private static void verifyIdentification(final ByteBuffer buffer, final int at, final int length)
        throws IsakmpException
    {
        atLeast(length, 4, "RFC 2407 §4.6.2: the ID type, protocol and port");
        final int idType = buffer.get(at) & 0xff;
        final int fixed = Identification.fixedDataLength(idType);
        if (fixed >= 0 && length - 4 != fixed)
        {
            throw new IsakmpException(NotifyType.INVALID_ID_INFORMATION,
                "RFC 2407 §4.6.2.1: ID type " + idType + " holds " + fixed + " bytes, got " + (length - 4));
        }
    }

    private static void verifyNotification(final ByteBuffer buffer, final int at, final int length)
        throws IsakmpException
    {
        atLeast(length, 8, "RFC 2408 §3.14: DOI, protocol, SPI size and type");
        final int spiSize = buffer.get(at + 5) & 0xff;
        if (spiSize > length - 8)
        {
            throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED,
                "RFC 2408 §3.14: SPI size " + spiSize + " exceeds the " + (length - 8) + " bytes left");
        }
    }

    private static void verifyDelete(final ByteBuffer buffer, final int at, final int length) throws IsakmpException
    {
        atLeast(length, 8, "RFC 2408 §3.15: DOI, protocol, SPI size and count");
        final int spiSize = buffer.get(at + 5) & 0xff;
        final int count = buffer.getShort(at + 6) & 0xffff;
        if (spiSize * count != length - 8)
        {
            throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED, "RFC 2408 §3.15: " + count + " SPIs of " +
                spiSize + " bytes do not fill the " + (length - 8) + " bytes of the payload");
        }
    }

    private static void verifyNatOa(final ByteBuffer buffer, final int at, final int length) throws IsakmpException
    {
        atLeast(length, 4, "RFC 3947 §5.2: ID type and reserved bytes");
        final int idType = buffer.get(at) & 0xff;
        final int expected = idType == Identification.ID_IPV4_ADDR ? 4 : idType == Identification.ID_IPV6_ADDR ? 16 : -1;
        if (expected < 0 || length - 4 != expected)
        {
            throw new IsakmpException(NotifyType.INVALID_ID_INFORMATION, "RFC 3947 §5.2: NAT-OA holds an IPv4 or " +
                "IPv6 address only, got ID type " + idType + " with " + (length - 4) + " bytes");
        }
    }

    private static void verifySecurityAssociation(final ByteBuffer buffer, final int at, final int length)
        throws IsakmpException
    {
        atLeast(length, 8, "RFC 2407 §4.6.1: DOI and situation");
        final int doi = buffer.getInt(at);
        if (doi != SecurityAssociation.DOI_IPSEC)
        {
            throw new IsakmpException(NotifyType.DOI_NOT_SUPPORTED, "RFC 2407 §4.2: DOI " + doi + " is not IPsec (1)");
        }
        final int situation = buffer.getInt(at + 4);
        if (situation != SecurityAssociation.SIT_IDENTITY_ONLY)
        {
            throw new IsakmpException(NotifyType.SITUATION_NOT_SUPPORTED,
                "RFC 2407 §4.2.1: only SIT_IDENTITY_ONLY is supported, got 0x" + Integer.toHexString(situation));
        }
        final int end = at + length;
        int p = at + 8;
        int next = PayloadType.PROPOSAL;
        while (next != PayloadType.NONE)
        {
            if (next != PayloadType.PROPOSAL)
            {
                throw new IsakmpException(NotifyType.BAD_PROPOSAL_SYNTAX,
                    "RFC 2408 §3.5: a proposal is followed by a proposal or nothing, got " + next);
            }
            final int proposalLength = genericLength(buffer, p, end, "RFC 2408 §3.5");
            verifyProposal(buffer, p, proposalLength);
            next = buffer.get(p) & 0xff;
            p += proposalLength;
        }
        if (p != end)
        {
            throw new IsakmpException(NotifyType.BAD_PROPOSAL_SYNTAX,
                "RFC 2408 §3.4: " + (end - p) + " bytes follow the last proposal");
        }
    }

    private static void verifyProposal(final ByteBuffer buffer, final int at, final int length) throws IsakmpException
    {
        if (length < 8)
        {
            throw new IsakmpException(NotifyType.BAD_PROPOSAL_SYNTAX, "RFC 2408 §3.5: a proposal is at least 8 bytes");
        }
        final int spiSize = buffer.get(at + 6) & 0xff;
        final int count = buffer.get(at + 7) & 0xff;
        final int end = at + length;
        if (spiSize > length - 8)
        {
            throw new IsakmpException(NotifyType.BAD_PROPOSAL_SYNTAX,
                "RFC 2408 §3.5: SPI size " + spiSize + " exceeds the proposal");
        }
        int t = at + 8 + spiSize;
        int seen = 0;
        int next = count == 0 ? PayloadType.NONE : PayloadType.TRANSFORM;
        while (next != PayloadType.NONE)
        {
            if (next != PayloadType.TRANSFORM)
            {
                throw new IsakmpException(NotifyType.BAD_PROPOSAL_SYNTAX,
                    "RFC 2408 §3.6: a transform is followed by a transform or nothing, got " + next);
            }
            final int transformLength = genericLength(buffer, t, end, "RFC 2408 §3.6");
            verifyTransform(buffer, t, transformLength);
            next = buffer.get(t) & 0xff;
            t += transformLength;
            seen++;
        }
        if (seen != count || t != end)
        {
            throw new IsakmpException(NotifyType.BAD_PROPOSAL_SYNTAX, "RFC 2408 §3.5: proposal announces " + count +
                " transforms, holds " + seen + " and " + (end - t) + " further bytes");
        }
    }

    private static void verifyTransform(final ByteBuffer buffer, final int at, final int length)
        throws IsakmpException
    {
        if (length < 8)
        {
            throw new IsakmpException(NotifyType.BAD_PROPOSAL_SYNTAX, "RFC 2408 §3.6: a transform is at least 8 bytes");
        }
        final int end = at + length;
        int a = at + 8;
        while (a < end)
        {
            if (end - a < 4)
            {
                throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED,
                    "RFC 2408 §3.3: an attribute needs 4 bytes, " + (end - a) + " left in the transform");
            }
            final int word = buffer.getShort(a) & 0xffff;
            final int attributeLength = (word & 0x8000) != 0 ? 4 : 4 + (buffer.getShort(a + 2) & 0xffff);
            if (attributeLength > end - a)
            {
                throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED, "RFC 2408 §3.3: attribute " + (word & 0x7fff) +
                    " of " + attributeLength + " bytes runs past its transform");
            }
            a += attributeLength;
        }
    }
}
