package io.portcullis.controlplane.ike.isakmp;

import java.nio.ByteBuffer;

/** NAT-OA payload (RFC 3947 §5.2): an ID type (IPv4 or IPv6 address only), three reserved bytes, the address. */
public record NatOriginalAddress(int type, int idType, byte[] address) implements Payload
{
    public static NatOriginalAddress ipv4(final int type, final int address)
    {
        return new NatOriginalAddress(type, Identification.ID_IPV4_ADDR, ByteBuffer.allocate(4).putInt(address).array());
    }

    @Override
    public byte[] encodeBody()
    {
        return ByteBuffer.allocate(4 + address.length).put((byte) idType).put(new byte[3]).put(address).array();
    }
}
