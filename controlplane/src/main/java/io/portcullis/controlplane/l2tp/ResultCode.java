package io.portcullis.controlplane.l2tp;

/**
 * Result and error codes of the Result Code AVP (RFC 2661 §4.4.2). StopCCN and CDN result codes
 * share values 1 and 2; the rest differ by message.
 */
public final class ResultCode
{
    /* StopCCN result codes */
    public static final int CLEAR_CONTROL_CONNECTION = 1;
    public static final int GENERAL_ERROR = 2;
    public static final int CHANNEL_EXISTS = 3;
    public static final int NOT_AUTHORIZED = 4;
    public static final int UNSUPPORTED_VERSION = 5;
    public static final int SHUTTING_DOWN = 6;
    public static final int FSM_ERROR = 7;

    /* CDN result codes */
    public static final int LOST_CARRIER = 1;
    public static final int ADMINISTRATIVE = 3;
    public static final int NO_FACILITIES_TEMPORARY = 4;
    public static final int NO_FACILITIES_PERMANENT = 5;

    /* General error codes */
    public static final int NO_ERROR = 0;
    public static final int NO_CONTROL_CONNECTION = 1;
    public static final int LENGTH_WRONG = 2;
    public static final int OUT_OF_RANGE = 3;
    public static final int INSUFFICIENT_RESOURCES = 4;
    public static final int INVALID_SESSION_ID = 5;
    public static final int VENDOR_ERROR = 6;
    public static final int TRY_ANOTHER = 7;
    public static final int UNKNOWN_MANDATORY_AVP = 8;

    private ResultCode()
    {
    }
}
