package io.portcullis.controlplane.ike;

/**
 * An exchange that cannot go on: no acceptable proposal, a bad hash, a wrong pre-shared key.
 * The message is the reason that goes into the IKE SA's down event (never a secret); the
 * notify type (RFC 2408 §3.14.1) is what the peer may be told.
 */
public final class IkeFailure extends Exception
{
    private static final long serialVersionUID = 1L;

    private final int notifyType;

    public IkeFailure(final int notifyType, final String reason)
    {
        super(reason);
        this.notifyType = notifyType;
    }

    public int notifyType()
    {
        return notifyType;
    }
}
