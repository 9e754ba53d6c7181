package io.portcullis.controlplane.ppp;

/**
 * A packet of LCP, an NCP or an authentication protocol (RFC 1661 §5): Code, Identifier,
 * Length, Data. Octets past Length are padding and ignored (§5).
 */
public record ControlPacket(int code, int identifier, byte[] data)
{
    public static final int CONFIGURE_REQUEST = 1;
    public static final int CONFIGURE_ACK = 2;
    public static final int CONFIGURE_NAK = 3;
    public static final int CONFIGURE_REJECT = 4;
    public static final int TERMINATE_REQUEST = 5;
    public static final int TERMINATE_ACK = 6;
    public static final int CODE_REJECT = 7;
    public static final int PROTOCOL_REJECT = 8;
    public static final int ECHO_REQUEST = 9;
    public static final int ECHO_REPLY = 10;
    public static final int DISCARD_REQUEST = 11;

    private static final int HEADER = 4;

    public static ControlPacket read(final byte[] information) throws PppException
    {
        if (information.length < HEADER)
        {
            throw new PppException("RFC 1661 §5: " + information.length + " octets, shorter than the 4-octet header");
        }
        final int length = (information[2] & 0xFF) << 8 | information[3] & 0xFF;
        if (length < HEADER || length > information.length)
        {
            throw new PppException("RFC 1661 §5: Length " + length + " outside 4.." + information.length);
        }
        final byte[] data = new byte[length - HEADER];
        System.arraycopy(information, HEADER, data, 0, data.length);
        return new ControlPacket(information[0] & 0xFF, information[1] & 0xFF, data);
    }

    public byte[] encode()
    {
        final byte[] out = new byte[HEADER + data.length];
        out[0] = (byte)code;
        out[1] = (byte)identifier;
        out[2] = (byte)(out.length >>> 8);
        out[3] = (byte)out.length;
        System.arraycopy(data, 0, out, HEADER, data.length);
        return out;
    }
}
