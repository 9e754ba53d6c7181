package io.portcullis.controlplane.ppp;

/** A PPP frame or packet that breaks a rule; the message names it (RFC and section). Silently discarded and counted. */
public final class PppException extends Exception
{
    public PppException(final String rule)
    {
        super(rule, null, false, false);
    }
}
