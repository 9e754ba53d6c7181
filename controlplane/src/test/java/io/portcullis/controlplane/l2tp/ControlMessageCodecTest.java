package io.portcullis.controlplane.l2tp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static io.portcullis.controlplane.l2tp.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlMessageCodecTest
{
    private static final byte[] SECRET = "tunnel-secret".getBytes(StandardCharsets.US_ASCII);

    /** Known answers from vectors/rfc2661/hidden-avp.py (Python hashlib), both ways. */
    @Test
    void hidingMatchesIndependentKnownAnswers() throws L2tpProtocolException
    {
        final List<String[]> cases = Vectors.lines("rfc2661/hidden-avp.txt");
        assertEquals(4, cases.size());
        for (final String[] c : cases)
        {
            final int type = Integer.parseInt(c[0]);
            final byte[] hidden = AvpHiding.hide(type, hex(c[1]), hex(c[2]), hex(c[3]), hex(c[4]));
            assertArrayEquals(hex(c[5]), hidden, "hide type " + type);
            assertArrayEquals(hex(c[1]), AvpHiding.unhide(type, hex(c[5]), hex(c[3]), hex(c[4])), "unhide type " + type);
        }
    }

    @Test
    void tunnelAuthenticationMatchesIndependentKnownAnswers()
    {
        for (final String[] c : Vectors.lines("rfc2661/tunnel-auth.txt"))
        {
            final MessageType carrier = MessageType.of(Integer.parseInt(c[0]));
            assertArrayEquals(hex(c[3]), TunnelAuthentication.response(carrier, hex(c[1]), hex(c[2])));
            assertTrue(TunnelAuthentication.verify(carrier, hex(c[1]), hex(c[2]), hex(c[3])));
        }
    }

    @Test
    void sccrqWithHiddenAvpsRoundTrips() throws L2tpProtocolException
    {
        final byte[] wire = ControlMessageCodec.encode(sccrq(true), 0, 0, SECRET, new Random(7));
        final ControlHeader header = ControlMessageCodec.readHeader(ByteBuffer.wrap(wire));
        assertEquals(wire.length, header.length());
        final ControlMessage read = ControlMessageCodec.readBody(header, wire, SECRET);
        assertEquals(MessageType.SCCRQ, read.type());
        assertEquals(0x1234, read.u16(AvpType.ASSIGNED_TUNNEL_ID));
        assertTrue(read.find(AvpType.ASSIGNED_TUNNEL_ID).hidden());
        assertEquals("lac.example", read.find(AvpType.HOST_NAME).text());
        assertTrue(read.has(AvpType.RANDOM_VECTOR), "a Random Vector precedes the hidden AVP");
    }

    @Test
    void headerCarriesIdsAndSequenceNumbers() throws L2tpProtocolException
    {
        final ControlHeader h = ControlMessageCodec.readHeader(ByteBuffer.wrap(ControlMessageCodec.zlb(9, 300, 65535)));
        assertEquals(new ControlHeader(12, 9, 0, 300, 65535), h);
        assertTrue(h.zlb());
    }

    @Test
    void failsWhenShorterThanHeader()
    {
        assertDiscarded(new byte[11], "shorter than the 12-octet control header");
    }

    @Test
    void failsWhenVersionIsNotTwo()
    {
        final byte[] zlb = ControlMessageCodec.zlb(1, 0, 0);
        zlb[1] = (byte)0x03;
        assertDiscarded(zlb, "version 3, not 2");
    }

    @Test
    void failsWhenLengthOrSequenceBitMissing()
    {
        final byte[] zlb = ControlMessageCodec.zlb(1, 0, 0);
        zlb[0] = (byte)0x88;
        assertDiscarded(zlb, "without the L and S bits");
    }

    @Test
    void failsWhenOffsetOrPriorityBitSet()
    {
        final byte[] zlb = ControlMessageCodec.zlb(1, 0, 0);
        zlb[0] |= 0x01;
        assertDiscarded(zlb, "O or P bit");
    }

    @Test
    void failsWhenLengthExceedsDatagram()
    {
        final byte[] zlb = ControlMessageCodec.zlb(1, 0, 0);
        zlb[3] = 13;
        assertDiscarded(zlb, "Length 13 outside 12..12");
    }

    @Test
    void failsWhenAvpLengthExceedsMessage()
    {
        final byte[] wire = encode(sccrq(false));
        wire[12] = (byte)0x83;  // Message Type AVP claims 6 + 0x300 octets
        assertAvpError(wire, ResultCode.LENGTH_WRONG, "AVP Length");
    }

    @Test
    void failsWhenAvpLengthBelowHeader()
    {
        final byte[] wire = encode(sccrq(false));
        wire[13] = 5;
        assertAvpError(wire, ResultCode.LENGTH_WRONG, "AVP Length 5");
    }

    @Test
    void failsWhenTrailingOctetsCannotHoldAnAvp()
    {
        final byte[] wire = withExtra(encode(sccrq(false)), new byte[] {(byte)0x80, 0x06, 0});
        assertAvpError(wire, ResultCode.LENGTH_WRONG, "too few for an AVP header");
    }

    @Test
    void failsWhenFixedLengthAvpHasWrongLength()
    {
        final ControlMessage m = ControlMessage.builder(MessageType.HELLO, 1, 0)
            .add(Avp.of(AvpType.ASSIGNED_TUNNEL_ID, true, new byte[3])).build();
        assertAvpError(encode(m), ResultCode.LENGTH_WRONG, "ASSIGNED_TUNNEL_ID value of 3 octets");
    }

    @Test
    void failsWhenResultCodeHasThreeOctets()
    {
        final ControlMessage m = ControlMessage.builder(MessageType.STOPCCN, 1, 0)
            .add(Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, true, 1))
            .add(Avp.of(AvpType.RESULT_CODE, true, new byte[3])).build();
        assertAvpError(encode(m), ResultCode.LENGTH_WRONG, "not 3");
    }

    @Test
    void failsWhenUnknownAvpIsMandatory()
    {
        final ControlMessage m = ControlMessage.builder(MessageType.HELLO, 1, 0)
            .add(new Avp(0, 200, true, false, new byte[2])).build();
        assertAvpError(encode(m), ResultCode.UNKNOWN_MANDATORY_AVP, "type 200) with the M bit set");
    }

    @Test
    void failsWhenVendorAvpIsMandatory()
    {
        final ControlMessage m = ControlMessage.builder(MessageType.HELLO, 1, 0)
            .add(new Avp(311, 1, true, false, new byte[2])).build();
        assertAvpError(encode(m), ResultCode.UNKNOWN_MANDATORY_AVP, "vendor 311");
    }

    @Test
    void ignoresUnknownAvpWithoutMandatoryBit() throws L2tpProtocolException
    {
        final ControlMessage m = ControlMessage.builder(MessageType.HELLO, 1, 0)
            .add(new Avp(311, 1, false, false, new byte[2])).build();
        final byte[] wire = encode(m);
        assertEquals(MessageType.HELLO, ControlMessageCodec.readBody(header(wire), wire, null).type());
    }

    @Test
    void failsWhenReservedAvpBitsSetOnMandatoryAvp()
    {
        final byte[] wire = encode(sccrq(false));
        wire[12] |= 0x04;  // a reserved bit of the Message Type AVP: it becomes unrecognized (§4.1)
        assertAvpError(wire, ResultCode.UNKNOWN_MANDATORY_AVP, "unrecognized AVP");
    }

    @Test
    void failsWhenFirstAvpIsNotMessageType()
    {
        final byte[] wire = withExtra(ControlMessageCodec.zlb(1, 0, 0),
            new byte[] {(byte)0x80, 8, 0, 0, 0, 9, 0, 1});
        assertAvpError(wire, ResultCode.OUT_OF_RANGE, "first AVP must be Message Type");
    }

    @Test
    void failsWhenUnknownMessageTypeIsMandatory()
    {
        final byte[] wire = withExtra(ControlMessageCodec.zlb(1, 0, 0),
            new byte[] {(byte)0x80, 8, 0, 0, 0, 0, 0, 99});
        assertAvpError(wire, ResultCode.OUT_OF_RANGE, "unknown Message Type 99");
    }

    @Test
    void ignoresUnknownMessageTypeWithoutMandatoryBit() throws L2tpProtocolException
    {
        final byte[] wire = withExtra(ControlMessageCodec.zlb(1, 0, 0), new byte[] {0, 8, 0, 0, 0, 0, 0, 99});
        assertNull(ControlMessageCodec.readBody(header(wire), wire, null));
    }

    @Test
    void failsWhenRequiredAvpMissing()
    {
        final ControlMessage m = ControlMessage.builder(MessageType.SCCRQ, 0, 0)
            .add(Avp.u16(AvpType.PROTOCOL_VERSION, true, 0x0100)).build();
        assertAvpError(encode(m), ResultCode.NO_ERROR, "SCCRQ without its");
    }

    @Test
    void failsWhenUnhideableAvpIsHidden()
    {
        final byte[] wire = encode(sccrq(false));
        wire[12] |= 0x40;  // H bit on Message Type
        assertAvpError(wire, ResultCode.OUT_OF_RANGE, "MESSAGE_TYPE must not be hidden");
    }

    @Test
    void failsWhenHiddenAvpHasNoRandomVector()
    {
        final ControlMessage m = ControlMessage.builder(MessageType.HELLO, 1, 0).build();
        final byte[] wire = withExtra(encode(m), new byte[] {(byte)0xC0, 10, 0, 0, 0, 9, 1, 2, 3, 4});
        assertAvpError(wire, ResultCode.OUT_OF_RANGE, "not preceded by a Random Vector");
    }

    @Test
    void failsWhenHiddenAvpButNoSecret()
    {
        final byte[] wire = ControlMessageCodec.encode(sccrq(true), 0, 0, SECRET, new Random(1));
        final L2tpProtocolException ex = assertThrows(L2tpProtocolException.class,
            () -> ControlMessageCodec.readBody(header(wire), wire, null));
        assertTrue(ex.rule().contains("no shared secret"), ex.rule());
    }

    @Test
    void failsWhenHiddenAvpUnhidesToImpossibleLength()
    {
        final byte[] wire = ControlMessageCodec.encode(sccrq(true), 0, 0, SECRET, new Random(1));
        final L2tpProtocolException ex = assertThrows(L2tpProtocolException.class,
            () -> ControlMessageCodec.readBody(header(wire), wire, "wrong-secret".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(ex.rule().contains("RFC 2661 §4.3") || ex.rule().contains("§4.4"), ex.rule());
    }

    static ControlMessage sccrq(final boolean hideTunnelId)
    {
        final Avp tunnelId = Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, true, 0x1234);
        return ControlMessage.builder(MessageType.SCCRQ, 0, 0)
            .add(Avp.u16(AvpType.PROTOCOL_VERSION, true, 0x0100))
            .add(Avp.text(AvpType.HOST_NAME, true, "lac.example"))
            .add(Avp.u32(AvpType.FRAMING_CAPABILITIES, true, 3))
            .add(hideTunnelId ? tunnelId.asHidden() : tunnelId)
            .add(Avp.u16(AvpType.RECEIVE_WINDOW_SIZE, true, 8))
            .build();
    }

    private static byte[] encode(final ControlMessage m)
    {
        return ControlMessageCodec.encode(m, 0, 0, null, new Random(1));
    }

    private static byte[] withExtra(final byte[] message, final byte[] extra)
    {
        final byte[] out = new byte[message.length + extra.length];
        System.arraycopy(message, 0, out, 0, message.length);
        System.arraycopy(extra, 0, out, message.length, extra.length);
        out[2] = (byte)(out.length >>> 8);
        out[3] = (byte)out.length;
        return out;
    }

    private static ControlHeader header(final byte[] wire) throws L2tpProtocolException
    {
        return ControlMessageCodec.readHeader(ByteBuffer.wrap(wire));
    }

    private static void assertDiscarded(final byte[] wire, final String rule)
    {
        final L2tpProtocolException ex = assertThrows(L2tpProtocolException.class,
            () -> ControlMessageCodec.readHeader(ByteBuffer.wrap(wire)));
        assertEquals(L2tpProtocolException.DISCARD, ex.resultCode());
        assertTrue(ex.rule().contains(rule) && ex.rule().startsWith("RFC 2661 §3.1"), ex.rule());
    }

    private static void assertAvpError(final byte[] wire, final int errorCode, final String rule)
    {
        final L2tpProtocolException ex = assertThrows(L2tpProtocolException.class,
            () -> ControlMessageCodec.readBody(header(wire), wire, SECRET));
        assertEquals(ResultCode.GENERAL_ERROR, ex.resultCode(), ex.rule());
        assertEquals(errorCode, ex.errorCode(), ex.rule());
        assertTrue(ex.rule().contains(rule) && ex.rule().startsWith("RFC 2661 §"), ex.rule());
    }
}
