package io.portcullis.controlplane.ike.isakmp;

import java.nio.ByteBuffer;

/** Certificate payload (RFC 2408 §3.9). */
public record Certificate(int encoding, byte[] data) implements Payload
{
    /** RFC 2408 §3.9: X.509 Certificate - Signature. */
    public static final int X509_SIGNATURE = 4;
    public static final int CRL = 7;

    @Override
    public int type()
    {
        return PayloadType.CERT;
    }

    @Override
    public byte[] encodeBody()
    {
        return ByteBuffer.allocate(1 + data.length).put((byte) encoding).put(data).array();
    }
}
