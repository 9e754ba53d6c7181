package io.portcullis.controlplane.ike.isakmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Decodes messages Scapy built (vectors/ike-scapy/build.py) and encodes them back byte for byte. */
class IsakmpCodecTest
{
    static byte[] vector(final String name) throws IOException
    {
        try (InputStream in = IsakmpCodecTest.class.getResourceAsStream("/vectors/ike-scapy/" + name))
        {
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
    }

    @Test
    void readsScapysMainModeFirstMessage() throws Exception
    {
        final byte[] wire = vector("main-mode-1.hex");
        final IsakmpMessage.Decoded decoded = IsakmpMessage.decode(ByteBuffer.wrap(wire));
        assertEquals(0x0102030405060708L, decoded.header().initiatorCookie());
        assertEquals(ExchangeType.MAIN_MODE, decoded.header().exchangeType());
        final List<Payload> payloads = decoded.payloads().payloads();
        assertEquals(3, payloads.size());
        final SecurityAssociation sa = (SecurityAssociation) payloads.get(0);
        final Proposal proposal = sa.proposals().get(0);
        assertEquals(Proposal.PROTO_ISAKMP, proposal.protocolId());
        assertEquals(2, proposal.transforms().size());
        final Transform first = proposal.transforms().get(0);
        assertEquals(7, first.attribute(1).longValue(), "AES-CBC");
        assertEquals(256, first.attribute(14).longValue(), "key length");
        assertEquals(14, first.attribute(4).longValue(), "modp2048");
        assertEquals(28800, first.attribute(12).longValue(), "life duration");
        assertEquals(5, proposal.transforms().get(1).attribute(1).longValue(), "3DES");
        assertEquals(VendorId.RFC3947, VendorId.of(((OpaquePayload) payloads.get(1)).data()));
        assertEquals(VendorId.MS_NT5_ISAKMPOAKLEY, VendorId.of(((OpaquePayload) payloads.get(2)).data()));
        assertArrayEquals(wire, IsakmpMessage.encode(decoded.header(), payloads));
    }

    @Test
    void readsScapysKeyExchangeAndNonce() throws Exception
    {
        final byte[] wire = vector("main-mode-3.hex");
        final IsakmpMessage.Decoded decoded = IsakmpMessage.decode(ByteBuffer.wrap(wire));
        final ReceivedPayloads payloads = decoded.payloads();
        assertEquals(128, payloads.first(PayloadType.KE, OpaquePayload.class).data().length);
        assertEquals(32, payloads.first(PayloadType.NONCE, OpaquePayload.class).data().length);
        assertArrayEquals(payloads.first(PayloadType.NONCE, OpaquePayload.class).data(), payloads.rawBody(1));
        assertArrayEquals(wire, IsakmpMessage.encode(decoded.header(), payloads.payloads()));
    }

    @Test
    void readsScapysIdentification() throws Exception
    {
        final byte[] wire = vector("id-hash.hex");
        final IsakmpMessage.Decoded decoded = IsakmpMessage.decode(ByteBuffer.wrap(wire));
        final Identification id = decoded.payloads().first(PayloadType.ID, Identification.class);
        assertEquals(Identification.ID_IPV4_ADDR, id.idType());
        assertEquals(17, id.protocol());
        assertEquals(500, id.port());
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, id.data());
        assertArrayEquals(wire, IsakmpMessage.encode(decoded.header(), decoded.payloads().payloads()));
    }

    @Test
    void roundTripsNotifyDeleteNatPayloads() throws Exception
    {
        final List<Payload> payloads = List.of(
            new Notification(1, Proposal.PROTO_ISAKMP, new byte[16], NotifyType.R_U_THERE, new byte[] {0, 0, 0, 7}),
            new Delete(1, Proposal.PROTO_IPSEC_ESP, 4, List.of(new byte[] {1, 2, 3, 4}, new byte[] {5, 6, 7, 8})),
            OpaquePayload.natD(PayloadType.NAT_D, new byte[20]),
            NatOriginalAddress.ipv4(PayloadType.NAT_OA, 0xc0a80102),
            new Certificate(Certificate.X509_SIGNATURE, new byte[] {0x30, 0}),
            new CertificateRequest(Certificate.X509_SIGNATURE, new byte[0]),
            OpaquePayload.signature(new byte[] {9}));
        final byte[] wire = IsakmpMessage.encode(new IsakmpHeader(1, 2, 0, ExchangeType.INFORMATIONAL, 0, 7, 0), payloads);
        final ReceivedPayloads read = IsakmpMessage.decode(ByteBuffer.wrap(wire)).payloads();
        final Notification notification = read.first(PayloadType.NOTIFY, Notification.class);
        assertEquals(NotifyType.R_U_THERE, notification.notifyType());
        assertEquals(16, notification.spi().length);
        assertEquals(2, read.first(PayloadType.DELETE, Delete.class).spis().size());
        assertArrayEquals(new byte[] {(byte) 0xc0, (byte) 0xa8, 1, 2},
            read.first(PayloadType.NAT_OA, NatOriginalAddress.class).address());
        assertArrayEquals(wire, IsakmpMessage.encode(IsakmpMessage.decode(ByteBuffer.wrap(wire)).header(),
            read.payloads()));
        assertTrue(read.rawFrom(1).length < read.body().length);
    }

    @Test
    void vendorIdsAreTheMd5OfTheirNames() throws Exception
    {
        final java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
        assertArrayEquals(md5.digest("RFC 3947".getBytes(StandardCharsets.US_ASCII)), VendorId.RFC3947.bytes());
        assertArrayEquals(md5.digest("draft-ietf-ipsec-nat-t-ike-02\n".getBytes(StandardCharsets.US_ASCII)),
            VendorId.NAT_T_DRAFT_02_N.bytes());
        assertArrayEquals(md5.digest("MS NT5 ISAKMPOAKLEY".getBytes(StandardCharsets.US_ASCII)),
            VendorId.MS_NT5_ISAKMPOAKLEY.bytes());
        assertArrayEquals(md5.digest("FRAGMENTATION".getBytes(StandardCharsets.US_ASCII)),
            VendorId.FRAGMENTATION.bytes());
    }
}
