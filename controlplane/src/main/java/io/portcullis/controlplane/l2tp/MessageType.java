package io.portcullis.controlplane.l2tp;

import java.util.EnumSet;
import java.util.Set;

import static io.portcullis.controlplane.l2tp.AvpType.ACCM;
import static io.portcullis.controlplane.l2tp.AvpType.ASSIGNED_SESSION_ID;
import static io.portcullis.controlplane.l2tp.AvpType.ASSIGNED_TUNNEL_ID;
import static io.portcullis.controlplane.l2tp.AvpType.BEARER_TYPE;
import static io.portcullis.controlplane.l2tp.AvpType.CALLED_NUMBER;
import static io.portcullis.controlplane.l2tp.AvpType.CALL_ERRORS;
import static io.portcullis.controlplane.l2tp.AvpType.CALL_SERIAL_NUMBER;
import static io.portcullis.controlplane.l2tp.AvpType.FRAMING_CAPABILITIES;
import static io.portcullis.controlplane.l2tp.AvpType.FRAMING_TYPE;
import static io.portcullis.controlplane.l2tp.AvpType.HOST_NAME;
import static io.portcullis.controlplane.l2tp.AvpType.MAXIMUM_BPS;
import static io.portcullis.controlplane.l2tp.AvpType.MINIMUM_BPS;
import static io.portcullis.controlplane.l2tp.AvpType.PROTOCOL_VERSION;
import static io.portcullis.controlplane.l2tp.AvpType.RESULT_CODE;
import static io.portcullis.controlplane.l2tp.AvpType.TX_CONNECT_SPEED;

/**
 * Control message types (RFC 2661 §3.2) and the AVPs each one MUST carry (RFC 2661 §6).
 * Session messages (ICRQ and after) name a session in the header; the others the tunnel.
 */
public enum MessageType
{
    SCCRQ(1, false, EnumSet.of(PROTOCOL_VERSION, HOST_NAME, FRAMING_CAPABILITIES, ASSIGNED_TUNNEL_ID)),
    SCCRP(2, false, EnumSet.of(PROTOCOL_VERSION, HOST_NAME, FRAMING_CAPABILITIES, ASSIGNED_TUNNEL_ID)),
    SCCCN(3, false, EnumSet.noneOf(AvpType.class)),
    STOPCCN(4, false, EnumSet.of(ASSIGNED_TUNNEL_ID, RESULT_CODE)),
    HELLO(6, false, EnumSet.noneOf(AvpType.class)),
    OCRQ(7, true, EnumSet.of(ASSIGNED_SESSION_ID, CALL_SERIAL_NUMBER, MINIMUM_BPS, MAXIMUM_BPS, BEARER_TYPE,
        FRAMING_TYPE, CALLED_NUMBER)),
    OCRP(8, true, EnumSet.of(ASSIGNED_SESSION_ID)),
    OCCN(9, true, EnumSet.of(TX_CONNECT_SPEED, FRAMING_TYPE)),
    ICRQ(10, true, EnumSet.of(ASSIGNED_SESSION_ID, CALL_SERIAL_NUMBER)),
    ICRP(11, true, EnumSet.of(ASSIGNED_SESSION_ID)),
    ICCN(12, true, EnumSet.of(TX_CONNECT_SPEED, FRAMING_TYPE)),
    CDN(14, true, EnumSet.of(RESULT_CODE, ASSIGNED_SESSION_ID)),
    WEN(15, true, EnumSet.of(CALL_ERRORS)),
    SLI(16, true, EnumSet.of(ACCM));

    private static final MessageType[] BY_CODE = new MessageType[17];

    static
    {
        for (final MessageType type : values())
        {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final boolean sessionMessage;
    private final Set<AvpType> required;

    MessageType(final int code, final boolean sessionMessage, final Set<AvpType> required)
    {
        this.code = code;
        this.sessionMessage = sessionMessage;
        this.required = required;
    }

    public int code()
    {
        return code;
    }

    /** Call management messages (RFC 2661 §3.2): errors in them clear the session, not the tunnel. */
    public boolean sessionMessage()
    {
        return sessionMessage;
    }

    public Set<AvpType> required()
    {
        return required;
    }

    /** The type with this code, or null for a reserved or unknown one. */
    public static MessageType of(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
