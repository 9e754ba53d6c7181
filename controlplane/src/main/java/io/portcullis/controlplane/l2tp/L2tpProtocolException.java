package io.portcullis.controlplane.l2tp;

/**
 * A received control message breaks a rule of RFC 2661. The message names the rule (with its
 * section); {@code resultCode}/{@code errorCode} are what the StopCCN or CDN that clears the
 * tunnel or session carries (§4.4.2). {@link #DISCARD} as result code means the datagram is
 * dropped silently (a header we cannot trust) and only counted.
 */
public final class L2tpProtocolException extends Exception
{
    public static final int DISCARD = -1;

    private final int resultCode;
    private final int errorCode;

    public L2tpProtocolException(final String rule, final int resultCode, final int errorCode)
    {
        super(rule, null, false, false);
        this.resultCode = resultCode;
        this.errorCode = errorCode;
    }

    /** A header error: the datagram is discarded (RFC 2661 §3.1). */
    public static L2tpProtocolException discard(final String rule)
    {
        return new L2tpProtocolException(rule, DISCARD, 0);
    }

    /** An AVP error: the tunnel or session is cleared with result 2, "General error" (§4.4.2). */
    public static L2tpProtocolException generalError(final int errorCode, final String rule)
    {
        return new L2tpProtocolException(rule, ResultCode.GENERAL_ERROR, errorCode);
    }

    public int resultCode()
    {
        return resultCode;
    }

    public int errorCode()
    {
        return errorCode;
    }

    public String rule()
    {
        return getMessage();
    }
}
