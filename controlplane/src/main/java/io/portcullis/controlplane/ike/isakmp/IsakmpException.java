package io.portcullis.controlplane.ike.isakmp;

/**
 * A message that breaks a rule of RFC 2408/2407/3947. The message names the rule (and its
 * section); {@link #notifyType()} is the RFC 2408 §3.14.1 error type a responder may answer with.
 */
public final class IsakmpException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final int notifyType;

    public IsakmpException(final int notifyType, final String rule)
    {
        super(rule);
        this.notifyType = notifyType;
    }

    public int notifyType()
    {
        return notifyType;
    }
}
