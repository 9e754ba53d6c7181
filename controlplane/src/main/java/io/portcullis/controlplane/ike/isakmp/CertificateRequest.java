package io.portcullis.controlplane.ike.isakmp;

import java.nio.ByteBuffer;

/** Certificate Request payload (RFC 2408 §3.10): a certificate type and, optionally, a CA's DN. */
public record CertificateRequest(int certificateType, byte[] authority) implements Payload
{
    @Override
    public int type()
    {
        return PayloadType.CERTREQ;
    }

    @Override
    public byte[] encodeBody()
    {
        return ByteBuffer.allocate(1 + authority.length).put((byte) certificateType).put(authority).array();
    }
}
