package io.portcullis.controlplane.ike.isakmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** One test per rule the codec enforces: each names its RFC section and its notify type. */
class IsakmpMalformedTest
{
    private static final IsakmpHeader HEADER = new IsakmpHeader(0x0102030405060708L, 0, 0, ExchangeType.MAIN_MODE, 0, 0, 0);

    private static byte[] message(final Payload... payloads)
    {
        return IsakmpMessage.encode(HEADER, List.of(payloads));
    }

    private static byte[] mainModeOne() throws Exception
    {
        return IsakmpCodecTest.vector("main-mode-1.hex");
    }

    private static void assertRejected(final byte[] wire, final int notifyType, final String section)
    {
        final IsakmpException e = assertThrows(IsakmpException.class, () -> IsakmpMessage.decode(ByteBuffer.wrap(wire)));
        assertEquals(notifyType, e.notifyType(), e.getMessage());
        assertTrue(e.getMessage().contains(section), e.getMessage());
    }

    /** Offset of the SA payload's first proposal in main-mode-1.hex (header 28, SA header 4, DOI+situation 8). */
    private static final int PROPOSAL = 40;
    private static final int TRANSFORM = PROPOSAL + 8;

    @Test
    void failsWhenShorterThanTheHeader()
    {
        assertRejected(new byte[27], NotifyType.PAYLOAD_MALFORMED, "RFC 2408 §3.1");
    }

    @Test
    void failsWhenMajorVersionIsNotOne() throws Exception
    {
        final byte[] wire = mainModeOne();
        wire[17] = 0x20;
        assertRejected(wire, NotifyType.INVALID_MAJOR_VERSION, "§3.1");
    }

    @Test
    void failsWhenMinorVersionIsNotZero() throws Exception
    {
        final byte[] wire = mainModeOne();
        wire[17] = 0x11;
        assertRejected(wire, NotifyType.INVALID_MINOR_VERSION, "§3.1");
    }

    @Test
    void failsWhenInitiatorCookieIsZero() throws Exception
    {
        final byte[] wire = mainModeOne();
        Arrays.fill(wire, 0, 8, (byte) 0);
        assertRejected(wire, NotifyType.INVALID_COOKIE, "§3.1");
    }

    @Test
    void failsOnReservedExchangeType() throws Exception
    {
        final byte[] wire = mainModeOne();
        wire[18] = 6;
        assertRejected(wire, NotifyType.INVALID_EXCHANGE_TYPE, "§3.1");
    }

    @Test
    void failsOnUnknownFlags() throws Exception
    {
        final byte[] wire = mainModeOne();
        wire[19] = 0x08;
        assertRejected(wire, NotifyType.INVALID_FLAGS, "§3.1");
    }

    @Test
    void failsWhenHeaderLengthExceedsDatagram() throws Exception
    {
        final byte[] wire = mainModeOne();
        ByteBuffer.wrap(wire).putInt(24, wire.length + 1);
        assertRejected(wire, NotifyType.UNEQUAL_PAYLOAD_LENGTHS, "§3.1");
    }

    @Test
    void failsWhenHeaderLengthIsBelowTheHeader() throws Exception
    {
        final byte[] wire = mainModeOne();
        ByteBuffer.wrap(wire).putInt(24, 27);
        assertRejected(wire, NotifyType.UNEQUAL_PAYLOAD_LENGTHS, "§3.1");
    }

    @Test
    void failsOnEncryptedMessageWithoutKeys() throws Exception
    {
        final byte[] wire = mainModeOne();
        wire[19] = IsakmpHeader.FLAG_ENCRYPTION;
        assertRejected(wire, NotifyType.INVALID_FLAGS, "§3.1");
    }

    @Test
    void failsOnPayloadTypeNotAllowedInAMessage()
    {
        final byte[] wire = message(OpaquePayload.vendorId(new byte[4]));
        wire[16] = PayloadType.TRANSFORM;
        assertRejected(wire, NotifyType.INVALID_PAYLOAD_TYPE, "RFC 2408 §3.1");
    }

    @Test
    void failsWhenPayloadHeaderIsTruncated()
    {
        final byte[] one = message(OpaquePayload.vendorId(new byte[4]));
        final byte[] wire = Arrays.copyOf(one, one.length + 2);
        wire[28] = PayloadType.VENDOR_ID;
        ByteBuffer.wrap(wire).putInt(24, wire.length);
        assertRejected(wire, NotifyType.PAYLOAD_MALFORMED, "RFC 2408 §3.2");
    }

    @Test
    void failsWhenPayloadLengthExceedsMessage()
    {
        final byte[] wire = message(OpaquePayload.vendorId(new byte[4]));
        ByteBuffer.wrap(wire).putShort(30, (short) 9);
        assertRejected(wire, NotifyType.PAYLOAD_MALFORMED, "RFC 2408 §3.2");
    }

    @Test
    void failsWhenPayloadLengthIsBelowItsHeader()
    {
        final byte[] wire = message(OpaquePayload.vendorId(new byte[4]));
        ByteBuffer.wrap(wire).putShort(30, (short) 3);
        assertRejected(wire, NotifyType.PAYLOAD_MALFORMED, "RFC 2408 §3.2");
    }

    @Test
    void failsWhenBytesFollowTheLastPayload()
    {
        final byte[] one = message(OpaquePayload.vendorId(new byte[4]));
        final byte[] wire = Arrays.copyOf(one, one.length + 4);
        ByteBuffer.wrap(wire).putInt(24, wire.length);
        assertRejected(wire, NotifyType.UNEQUAL_PAYLOAD_LENGTHS, "RFC 2408 §3.1");
    }

    @Test
    void acceptsPaddingAfterTheLastPayloadOfADecryptedBody() throws Exception
    {
        final byte[] body = Arrays.copyOf(IsakmpMessage.encodePayloads(List.of(OpaquePayload.vendorId(new byte[4]))), 16);
        assertEquals(8, PayloadVerifier.verify(ByteBuffer.wrap(body), PayloadType.VENDOR_ID, true));
    }

    @Test
    void failsOnEmptyDataPayload()
    {
        assertRejected(message(OpaquePayload.hash(new byte[0])), NotifyType.PAYLOAD_MALFORMED, "HASH carries data");
    }

    @Test
    void failsOnNonceShorterThanEightBytes()
    {
        assertRejected(message(OpaquePayload.nonce(new byte[7])), NotifyType.PAYLOAD_MALFORMED, "RFC 2409 §5");
    }

    @Test
    void failsOnNonceLongerThan256Bytes()
    {
        assertRejected(message(OpaquePayload.nonce(new byte[257])), NotifyType.PAYLOAD_MALFORMED, "RFC 2409 §5");
    }

    @Test
    void failsOnIdentificationWithoutItsFixedFields()
    {
        final byte[] wire = message(OpaquePayload.vendorId(new byte[3]));
        wire[16] = PayloadType.ID;
        assertRejected(wire, NotifyType.PAYLOAD_MALFORMED, "RFC 2407 §4.6.2");
    }

    @Test
    void failsOnIpv4IdentificationOfWrongLength()
    {
        assertRejected(message(new Identification(Identification.ID_IPV4_ADDR, 0, 0, new byte[5])),
            NotifyType.INVALID_ID_INFORMATION, "RFC 2407 §4.6.2.1");
    }

    @Test
    void failsOnCertificateWithoutEncoding()
    {
        final byte[] wire = message(OpaquePayload.vendorId(new byte[0]));
        wire[16] = PayloadType.CERT;
        assertRejected(wire, NotifyType.PAYLOAD_MALFORMED, "RFC 2408 §3.9");
    }

    @Test
    void failsOnShortNotification()
    {
        final byte[] wire = message(OpaquePayload.vendorId(new byte[7]));
        wire[16] = PayloadType.NOTIFY;
        assertRejected(wire, NotifyType.PAYLOAD_MALFORMED, "RFC 2408 §3.14");
    }

    @Test
    void failsOnNotificationSpiPastItsPayload()
    {
        final byte[] wire = message(new Notification(1, 1, new byte[4], NotifyType.INITIAL_CONTACT, new byte[0]));
        wire[32 + 5] = 5;
        assertRejected(wire, NotifyType.PAYLOAD_MALFORMED, "RFC 2408 §3.14");
    }

    @Test
    void failsOnShortDelete()
    {
        final byte[] wire = message(OpaquePayload.vendorId(new byte[7]));
        wire[16] = PayloadType.DELETE;
        assertRejected(wire, NotifyType.PAYLOAD_MALFORMED, "RFC 2408 §3.15");
    }

    @Test
    void failsOnDeleteWhoseSpisDoNotFillIt()
    {
        final byte[] wire = message(new Delete(1, 3, 4, List.of(new byte[4])));
        wire[32 + 7] = 2;
        assertRejected(wire, NotifyType.PAYLOAD_MALFORMED, "RFC 2408 §3.15");
    }

    @Test
    void failsOnNatOaWithoutAnAddressType()
    {
        assertRejected(message(new NatOriginalAddress(PayloadType.NAT_OA, Identification.ID_FQDN, new byte[4])),
            NotifyType.INVALID_ID_INFORMATION, "RFC 3947 §5.2");
    }

    @Test
    void failsOnShortNatOa()
    {
        final byte[] wire = message(OpaquePayload.vendorId(new byte[3]));
        wire[16] = (byte) PayloadType.NAT_OA_DRAFT;
        assertRejected(wire, NotifyType.PAYLOAD_MALFORMED, "RFC 3947 §5.2");
    }

    @Test
    void failsOnSaWithoutSituation()
    {
        final byte[] wire = message(OpaquePayload.vendorId(new byte[7]));
        wire[16] = PayloadType.SA;
        assertRejected(wire, NotifyType.PAYLOAD_MALFORMED, "RFC 2407 §4.6.1");
    }

    @Test
    void failsOnDomainOfInterpretationOtherThanIpsec() throws Exception
    {
        final byte[] wire = mainModeOne();
        wire[35] = 2;
        assertRejected(wire, NotifyType.DOI_NOT_SUPPORTED, "RFC 2407 §4.2");
    }

    @Test
    void failsOnSituationOtherThanIdentityOnly() throws Exception
    {
        final byte[] wire = mainModeOne();
        wire[39] = 2;
        assertRejected(wire, NotifyType.SITUATION_NOT_SUPPORTED, "RFC 2407 §4.2.1");
    }

    @Test
    void failsWhenProposalIsFollowedByAnotherPayloadType() throws Exception
    {
        final byte[] wire = mainModeOne();
        wire[PROPOSAL] = PayloadType.TRANSFORM;
        assertRejected(wire, NotifyType.BAD_PROPOSAL_SYNTAX, "RFC 2408 §3.5");
    }

    @Test
    void failsWhenProposalIsShorterThanItsFixedPart() throws Exception
    {
        final byte[] wire = mainModeOne();
        ByteBuffer.wrap(wire).putShort(PROPOSAL + 2, (short) 7);
        assertRejected(wire, NotifyType.BAD_PROPOSAL_SYNTAX, "RFC 2408 §3.5");
    }

    @Test
    void failsWhenProposalLengthExceedsItsSa() throws Exception
    {
        final byte[] wire = mainModeOne();
        ByteBuffer.wrap(wire).putShort(PROPOSAL + 2, (short) 200);
        assertRejected(wire, NotifyType.PAYLOAD_MALFORMED, "RFC 2408 §3.5");
    }

    @Test
    void failsWhenProposalSpiExceedsTheProposal() throws Exception
    {
        final byte[] wire = mainModeOne();
        wire[PROPOSAL + 6] = (byte) 100;
        assertRejected(wire, NotifyType.BAD_PROPOSAL_SYNTAX, "RFC 2408 §3.5");
    }

    @Test
    void failsWhenTransformCountDiffersFromTheTransforms() throws Exception
    {
        final byte[] wire = mainModeOne();
        wire[PROPOSAL + 7] = 3;
        assertRejected(wire, NotifyType.BAD_PROPOSAL_SYNTAX, "RFC 2408 §3.5");
    }

    @Test
    void failsWhenTransformIsFollowedByAnotherPayloadType() throws Exception
    {
        final byte[] wire = mainModeOne();
        wire[TRANSFORM] = PayloadType.PROPOSAL;
        assertRejected(wire, NotifyType.BAD_PROPOSAL_SYNTAX, "RFC 2408 §3.6");
    }

    @Test
    void failsWhenTransformIsShorterThanItsFixedPart() throws Exception
    {
        final byte[] wire = mainModeOne();
        ByteBuffer.wrap(wire).putShort(TRANSFORM + 2, (short) 6);
        assertRejected(wire, NotifyType.BAD_PROPOSAL_SYNTAX, "RFC 2408 §3.6");
    }

    @Test
    void failsWhenAttributeRunsPastItsTransform() throws Exception
    {
        final byte[] wire = mainModeOne();
        wire[TRANSFORM + 8] = 0x00; // the first attribute (Encryption, basic) becomes a TLV of length 7
        assertRejected(wire, NotifyType.PAYLOAD_MALFORMED, "RFC 2408 §3.3");
    }

    @Test
    void failsWhenTransformEndsInsideAnAttributeHeader()
    {
        final Transform transform = new Transform(1, 1, List.of(Attribute.basic(1, 7)));
        final Proposal proposal = new Proposal(1, 1, new byte[0], List.of(transform));
        final byte[] wire = message(SecurityAssociation.ipsec(List.of(proposal)));
        final ByteBuffer b = ByteBuffer.wrap(wire);
        // Shrink the transform by 2 bytes, and its proposal and SA with it, leaving half an attribute.
        b.putShort(30, (short) (b.getShort(30) - 2));
        b.putShort(PROPOSAL + 2, (short) (b.getShort(PROPOSAL + 2) - 2));
        b.putShort(TRANSFORM + 2, (short) (b.getShort(TRANSFORM + 2) - 2));
        final byte[] shorter = Arrays.copyOf(wire, wire.length - 2);
        ByteBuffer.wrap(shorter).putInt(24, shorter.length);
        assertRejected(shorter, NotifyType.PAYLOAD_MALFORMED, "RFC 2408 §3.3");
    }

    @Test
    void failsWhenBytesFollowTheLastProposal() throws Exception
    {
        final Proposal proposal = new Proposal(1, 1, new byte[0], List.of());
        final byte[] wire = message(SecurityAssociation.ipsec(List.of(proposal)));
        final byte[] longer = Arrays.copyOf(wire, wire.length + 4);
        ByteBuffer.wrap(longer).putInt(24, longer.length).putShort(30, (short) (ByteBuffer.wrap(wire).getShort(30) + 4));
        assertRejected(longer, NotifyType.BAD_PROPOSAL_SYNTAX, "RFC 2408 §3.4");
    }
}
