package io.portcullis.controlplane.ppp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The length-prefixed fields of authentication packets: CHAP's Value-Size/Value/Name (RFC 1994
 * §4.1) and PAP's Peer-ID-Length/Peer-ID/Passwd-Length/Password (RFC 1334 §2.2.1).
 */
final class AuthFields
{
    /** A CHAP Challenge or Response: the value and the name after it. */
    record ValueAndName(byte[] value, String name)
    {
    }

    private AuthFields()
    {
    }

    static ValueAndName readValueAndName(final byte[] data, final String rule) throws PppException
    {
        if (data.length < 1 || (data[0] & 0xFF) + 1 > data.length)
        {
            throw new PppException(rule + ": Value-Size exceeds the packet");
        }
        final int size = data[0] & 0xFF;
        return new ValueAndName(Arrays.copyOfRange(data, 1, 1 + size),
            new String(data, 1 + size, data.length - 1 - size, StandardCharsets.UTF_8));
    }

    static byte[] valueAndName(final byte[] value, final String name)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(value.length);
        out.writeBytes(value);
        out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Two length-prefixed strings, as a PAP Authenticate-Request carries (RFC 1334 §2.2.1). */
    static byte[][] readTwo(final byte[] data) throws PppException
    {
        if (data.length < 1 || (data[0] & 0xFF) + 2 > data.length)
        {
            throw new PppException("RFC 1334 §2.2.1: Peer-ID-Length exceeds the packet");
        }
        final int idLength = data[0] & 0xFF;
        final int pwLength = data[1 + idLength] & 0xFF;
        if (2 + idLength + pwLength > data.length)
        {
            throw new PppException("RFC 1334 §2.2.1: Passwd-Length exceeds the packet");
        }
        return new byte[][] {Arrays.copyOfRange(data, 1, 1 + idLength),
            Arrays.copyOfRange(data, 2 + idLength, 2 + idLength + pwLength)};
    }

    static byte[] two(final byte[] first, final byte[] second)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first.length);
        out.writeBytes(first);
        out.write(second.length);
        out.writeBytes(second);
        return out.toByteArray();
    }

    /** A PAP Ack/Nak message or a one-octet-length message. */
    static byte[] message(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        final byte[] out = new byte[1 + bytes.length];
        out[0] = (byte)bytes.length;
        System.arraycopy(bytes, 0, out, 1, bytes.length);
        return out;
    }
}
