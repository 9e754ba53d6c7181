package io.portcullis.controlplane.ike.isakmp;

/**
 * The payloads whose body is only data: Key Exchange (RFC 2408 §3.7), Hash (§3.11), Signature
 * (§3.12), Nonce (§3.13), Vendor ID (§3.16) and NAT-D (RFC 3947 §3.2).
 */
public record OpaquePayload(int type, byte[] data) implements Payload
{
    public static OpaquePayload keyExchange(final byte[] data)
    {
        return new OpaquePayload(PayloadType.KE, data);
    }

    public static OpaquePayload nonce(final byte[] data)
    {
        return new OpaquePayload(PayloadType.NONCE, data);
    }

    public static OpaquePayload hash(final byte[] data)
    {
        return new OpaquePayload(PayloadType.HASH, data);
    }

    public static OpaquePayload signature(final byte[] data)
    {
        return new OpaquePayload(PayloadType.SIG, data);
    }

    public static OpaquePayload vendorId(final byte[] data)
    {
        return new OpaquePayload(PayloadType.VENDOR_ID, data);
    }

    public static OpaquePayload natD(final int type, final byte[] data)
    {
        return new OpaquePayload(type, data);
    }

    @Override
    public byte[] encodeBody()
    {
        return data.clone();
    }
}
