package io.portcullis.controlplane.ike.isakmp;

import java.nio.ByteBuffer;

/** Identification payload (RFC 2408 §3.8, IPsec DOI body RFC 2407 §4.6.2). */
public record Identification(int idType, int protocol, int port, byte[] data) implements Payload
{
    public static final int ID_IPV4_ADDR = 1;
    public static final int ID_FQDN = 2;
    public static final int ID_USER_FQDN = 3;
    public static final int ID_IPV4_ADDR_SUBNET = 4;
    public static final int ID_IPV6_ADDR = 5;
    public static final int ID_IPV6_ADDR_SUBNET = 6;
    public static final int ID_IPV4_ADDR_RANGE = 7;
    public static final int ID_IPV6_ADDR_RANGE = 8;
    public static final int ID_DER_ASN1_DN = 9;
    public static final int ID_DER_ASN1_GN = 10;
    public static final int ID_KEY_ID = 11;

    public static Identification ipv4(final int address, final int protocol, final int port)
    {
        return new Identification(ID_IPV4_ADDR, protocol, port, ByteBuffer.allocate(4).putInt(address).array());
    }

    public static Identification ipv4Subnet(final int address, final int mask)
    {
        return new Identification(ID_IPV4_ADDR_SUBNET, 0, 0, ByteBuffer.allocate(8).putInt(address).putInt(mask).array());
    }

    @Override
    public int type()
    {
        return PayloadType.ID;
    }

    @Override
    public byte[] encodeBody()
    {
        return ByteBuffer.allocate(4 + data.length).put((byte) idType).put((byte) protocol).putShort((short) port)
            .put(data).array();
    }

    /** RFC 2407 §4.6.2.1: the fixed data length of address identities, or -1 when it varies. */
    static int fixedDataLength(final int idType)
    {
        return switch (idType)
        {
            case ID_IPV4_ADDR -> 4;
            case ID_IPV4_ADDR_SUBNET, ID_IPV4_ADDR_RANGE -> 8;
            case ID_IPV6_ADDR -> 16;
            case ID_IPV6_ADDR_SUBNET, ID_IPV6_ADDR_RANGE -> 32;
            default -> -1;
        };
    }
}
