package io.portcullis.controlplane.ppp;

/**
 * A PPP frame as it rides in an L2TP data message (RFC 2661 §5.4: HDLC-like framing without
 * flags, FCS or escaping): Address 0xFF and Control 0x03 unless compressed away (ACFC, RFC 1661
 * §6.6), the protocol in two octets or, with PFC, one odd octet (§6.5), then the information.
 */
public record PppFrame(int protocol, byte[] information)
{
    /** Verifies and reads a frame; compressed fields are accepted whether negotiated or not (§6.5, §6.6 "robust"). */
    public static PppFrame read(final byte[] frame) throws PppException
    {
        int at = 0;
        if (frame.length >= 2 && (frame[0] & 0xFF) == 0xFF)
        {
            if (frame[1] != 0x03)
            {
                throw new PppException("RFC 1662 §3.1: Address 0xFF not followed by Control 0x03");
            }
            at = 2;
        }
        if (frame.length - at < 1)
        {
            throw new PppException("RFC 1661 §2: frame without a Protocol field");
        }
        int protocol = frame[at++] & 0xFF;
        if ((protocol & 1) == 0)
        {
            if (frame.length - at < 1)
            {
                throw new PppException("RFC 1661 §2: two-octet Protocol field cut short");
            }
            protocol = protocol << 8 | frame[at++] & 0xFF;
        }
        if ((protocol & 1) == 0)
        {
            throw new PppException("RFC 1661 §2: Protocol 0x" + Integer.toHexString(protocol) + " is even");
        }
        final byte[] information = new byte[frame.length - at];
        System.arraycopy(frame, at, information, 0, information.length);
        return new PppFrame(protocol, information);
    }

    /** Full Address, Control and two-octet Protocol: LCP always goes so (RFC 1661 §6.5, §6.6). */
    public byte[] encode()
    {
        final byte[] frame = new byte[4 + information.length];
        frame[0] = (byte)0xFF;
        frame[1] = 0x03;
        frame[2] = (byte)(protocol >>> 8);
        frame[3] = (byte)protocol;
        System.arraycopy(information, 0, frame, 4, information.length);
        return frame;
    }
}
