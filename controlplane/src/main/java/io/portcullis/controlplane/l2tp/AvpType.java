package io.portcullis.controlplane.l2tp;

/**
 * The IETF AVPs of RFC 2661 §4.4 (vendor id 0) with their value-length rules and whether the H
 * bit may be set on them. Lengths are of the attribute value, after unhiding (§4.3); a maximum of
 * -1 means "any length up to what the 10-bit AVP length leaves" (1023 - 6).
 */
public enum AvpType
{
    MESSAGE_TYPE(0, 2, 2, false),
    RESULT_CODE(1, 2, -1, true),
    PROTOCOL_VERSION(2, 2, 2, false),
    FRAMING_CAPABILITIES(3, 4, 4, true),
    BEARER_CAPABILITIES(4, 4, 4, true),
    TIE_BREAKER(5, 8, 8, false),
    FIRMWARE_REVISION(6, 2, 2, true),
    HOST_NAME(7, 1, -1, false),
    VENDOR_NAME(8, 0, -1, true),
    ASSIGNED_TUNNEL_ID(9, 2, 2, true),
    RECEIVE_WINDOW_SIZE(10, 2, 2, false),
    CHALLENGE(11, 1, -1, true),
    Q931_CAUSE_CODE(12, 3, -1, true),
    CHALLENGE_RESPONSE(13, 16, 16, true),
    ASSIGNED_SESSION_ID(14, 2, 2, true),
    CALL_SERIAL_NUMBER(15, 4, 4, true),
    MINIMUM_BPS(16, 4, 4, true),
    MAXIMUM_BPS(17, 4, 4, true),
    BEARER_TYPE(18, 4, 4, true),
    FRAMING_TYPE(19, 4, 4, true),
    CALLED_NUMBER(21, 0, -1, true),
    CALLING_NUMBER(22, 0, -1, true),
    SUB_ADDRESS(23, 0, -1, true),
    TX_CONNECT_SPEED(24, 4, 4, true),
    PHYSICAL_CHANNEL_ID(25, 4, 4, true),
    INITIAL_RECEIVED_LCP_CONFREQ(26, 0, -1, true),
    LAST_SENT_LCP_CONFREQ(27, 0, -1, true),
    LAST_RECEIVED_LCP_CONFREQ(28, 0, -1, true),
    PROXY_AUTHEN_TYPE(29, 2, 2, true),
    PROXY_AUTHEN_NAME(30, 0, -1, true),
    PROXY_AUTHEN_CHALLENGE(31, 1, -1, true),
    PROXY_AUTHEN_ID(32, 2, 2, true),
    PROXY_AUTHEN_RESPONSE(33, 0, -1, true),
    CALL_ERRORS(34, 26, 26, true),
    ACCM(35, 10, 10, true),
    RANDOM_VECTOR(36, 1, -1, false),
    PRIVATE_GROUP_ID(37, 0, -1, true),
    RX_CONNECT_SPEED(38, 4, 4, true),
    SEQUENCING_REQUIRED(39, 0, 0, false);

    private static final AvpType[] BY_CODE = new AvpType[40];

    static
    {
        for (final AvpType type : values())
        {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final int minLength;
    private final int maxLength;
    private final boolean hideable;

    AvpType(final int code, final int minLength, final int maxLength, final boolean hideable)
    {
        this.code = code;
        this.minLength = minLength;
        this.maxLength = maxLength < 0 ? AvpDescriptor.MAX_LENGTH - AvpDescriptor.HEADER_LENGTH : maxLength;
        this.hideable = hideable;
    }

    public int code()
    {
        return code;
    }

    public int minLength()
    {
        return minLength;
    }

    public int maxLength()
    {
        return maxLength;
    }

    /** False where §4.4 says the AVP MUST NOT be hidden (Message Type, Random Vector, ...). */
    public boolean hideable()
    {
        return hideable;
    }

    /** The IETF type with this attribute code, or null if we do not know it. */
    public static AvpType of(final int vendorId, final int code)
    {
        return vendorId == 0 && code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
