package io.portcullis.controlplane.events;

/** The journal's directory cannot be used; the message names it and says why. */
public final class JournalUnavailableException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public JournalUnavailableException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
