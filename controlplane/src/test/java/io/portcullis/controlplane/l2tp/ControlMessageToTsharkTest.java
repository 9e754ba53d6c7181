package io.portcullis.controlplane.l2tp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Messages we encode, dissected by tshark: every field where we put it, nothing "Malformed". */
class ControlMessageToTsharkTest
{
    private static final byte[] SECRET = "tunnel-secret".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path workDir;

    @Test
    void tsharkDissectsOurControlMessages()
    {
        final Random random = new Random(3);
        final List<byte[]> wire = List.of(
            ControlMessageCodec.encode(ControlMessageCodecTest.sccrq(true), 0, 0, SECRET, random),
            ControlMessageCodec.encode(ControlMessage.builder(MessageType.SCCRP, 0x1234, 0)
                .add(Avp.u16(AvpType.PROTOCOL_VERSION, true, 0x0100))
                .add(Avp.text(AvpType.HOST_NAME, true, "portcullis"))
                .add(Avp.u32(AvpType.FRAMING_CAPABILITIES, true, 1))
                .add(Avp.u16(AvpType.ASSIGNED_TUNNEL_ID, true, 77))
                .add(Avp.of(AvpType.CHALLENGE_RESPONSE, true, new byte[16]))
                .build(), 0, 1, SECRET, random),
            ControlMessageCodec.zlb(77, 1, 2),
            ControlMessageCodec.encode(ControlMessage.builder(MessageType.ICRQ, 77, 0)
                .add(Avp.u16(AvpType.ASSIGNED_SESSION_ID, true, 4321))
                .add(Avp.u32(AvpType.CALL_SERIAL_NUMBER, true, 99)).build(), 2, 1, SECRET, random),
            ControlMessageCodec.encode(ControlMessage.builder(MessageType.CDN, 77, 5)
                .add(Avp.resultCode(ResultCode.GENERAL_ERROR, ResultCode.UNKNOWN_MANDATORY_AVP, "bad avp"))
                .add(Avp.u16(AvpType.ASSIGNED_SESSION_ID, true, 4321)).build(), 3, 1, SECRET, random));
        final List<String> frames = Tshark.dissect(workDir, wire);
        for (final String frame : frames)
        {
            assertTrue(frame.contains("Layer 2 Tunneling Protocol"), frame);
            assertFalse(frame.contains("Malformed") || frame.contains("Expert Info (Error"), frame);
        }
        assertContains(frames.get(0), "Message Type: Start_Control_Request (1)", "Host Name: lac.example",
            "Random Vector AVP", "Hidden: True", "Receive Window Size: 8");
        assertContains(frames.get(1), "Start_Control_Reply (2)", "Assigned Tunnel ID: 77", "Tunnel ID: 4660",
            "Nr: 1", "Challenge Response AVP");
        assertContains(frames.get(2), "Zero Length Body", "Tunnel ID: 77", "Ns: 1", "Nr: 2");
        assertContains(frames.get(3), "Incoming_Call_Request (10)", "Assigned Session ID: 4321",
            "Call Serial Number: 99");
        assertContains(frames.get(4), "Call_Disconnect_Notification (14)", "Result code: ",
            "Error code: ", "Error Message: bad avp");
    }

    private static void assertContains(final String frame, final String... texts)
    {
        for (final String text : texts)
        {
            assertTrue(frame.contains(text), "missing '" + text + "' in\n" + frame);
        }
    }
}
