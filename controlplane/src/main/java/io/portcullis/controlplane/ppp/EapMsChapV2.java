package io.portcullis.controlplane.ppp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The EAP-MSCHAPv2 method (EAP Type 26, draft-kamath-pppext-eap-mschapv2): MS-CHAPv2's packets
 * (RFC 2759) carried as EAP Type-Data, each behind OpCode, MS-CHAPv2-ID and MS-Length.
 *
 * <pre>
 *   | Type 26 | OpCode | MS-CHAPv2-ID | MS-Length (2) | Value-Size | Value | Name      (Challenge, Response)
 *   | Type 26 | OpCode | MS-CHAPv2-ID | MS-Length (2) | Message                       (Success, Failure requests)
 *   | Type 26 | OpCode                                                              (Success, Failure responses)
 * </pre>
 */
final class EapMsChapV2
{
    static final int TYPE = 26;
    static final int CHALLENGE = 1;
    static final int RESPONSE = 2;
    static final int SUCCESS = 3;
    static final int FAILURE = 4;
    private static final String RULE = "draft-kamath-pppext-eap-mschapv2 §2";

    /** A peer's Response: its challenge, its NT-Response and the name it claims. */
    record Response(byte[] peerChallenge, byte[] ntResponse, String name)
    {
    }

    private EapMsChapV2()
    {
    }

    static byte[] challenge(final int msId, final byte[] challenge, final String name)
    {
        return packet(CHALLENGE, msId, AuthFields.valueAndName(challenge, name));
    }

    static byte[] response(final int msId, final byte[] peerChallenge, final byte[] ntResponse, final String name)
    {
        final byte[] value = new byte[49];
        System.arraycopy(peerChallenge, 0, value, 0, 16);
        System.arraycopy(ntResponse, 0, value, 24, 24);
        return packet(RESPONSE, msId, AuthFields.valueAndName(value, name));
    }

    static byte[] message(final int opCode, final int msId, final String message)
    {
        return packet(opCode, msId, message.getBytes(StandardCharsets.US_ASCII));
    }

    /** The one-octet answers to Success and Failure requests. */
    static byte[] acknowledge(final int opCode)
    {
        return new byte[] {TYPE, (byte)opCode};
    }

    static int opCode(final byte[] typeData) throws PppException
    {
        if (typeData.length < 2)
        {
            throw new PppException(RULE + ": no OpCode");
        }
        return typeData[1] & 0xFF;
    }

    /** The Value and Name of a Challenge or Response, after verifying MS-Length. */
    static AuthFields.ValueAndName valueAndName(final byte[] typeData) throws PppException
    {
        return AuthFields.readValueAndName(body(typeData), RULE);
    }

    static Response readResponse(final byte[] typeData) throws PppException
    {
        final AuthFields.ValueAndName fields = valueAndName(typeData);
        if (fields.value().length != 49)
        {
            throw new PppException(RULE + ": Response Value-Size " + fields.value().length + ", not 49");
        }
        return new Response(Arrays.copyOfRange(fields.value(), 0, 16), Arrays.copyOfRange(fields.value(), 24, 48),
            fields.name());
    }

    static String readMessage(final byte[] typeData) throws PppException
    {
        return new String(body(typeData), StandardCharsets.US_ASCII);
    }

    static int msId(final byte[] typeData)
    {
        return typeData.length > 2 ? typeData[2] & 0xFF : -1;
    }

    private static byte[] body(final byte[] typeData) throws PppException
    {
        if (typeData.length < 5)
        {
            throw new PppException(RULE + ": shorter than Type, OpCode, MS-CHAPv2-ID and MS-Length");
        }
        final int msLength = (typeData[3] & 0xFF) << 8 | typeData[4] & 0xFF;
        if (msLength != typeData.length - 1)
        {
            throw new PppException(RULE + ": MS-Length " + msLength + " but " + (typeData.length - 1) + " octets");
        }
        return Arrays.copyOfRange(typeData, 5, typeData.length);
    }

    private static byte[] packet(final int opCode, final int msId, final byte[] rest)
    {
        final byte[] out = new byte[5 + rest.length];
        out[0] = TYPE;
        out[1] = (byte)opCode;
        out[2] = (byte)msId;
        out[3] = (byte)((out.length - 1) >>> 8);
        out[4] = (byte)(out.length - 1);
        System.arraycopy(rest, 0, out, 5, rest.length);
        return out;
    }
}
