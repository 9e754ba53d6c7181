package io.portcullis.dataplane.worker;

/**
 * Which worker owns an outbound SA: the one that encrypts every packet of it, so that its
 * sequence numbers (RFC 4303 §3.3.3) and the L2TP Ns of the sessions that use it (RFC 2661 §5.4)
 * have a single writer. A pure function of the handle, so the command router and every
 * worker agree without a shared table.
 */
public final class SaOwnership
{
    private SaOwnership()
    {
    }

    public static int owner(final int espSaHandle, final int workers)
    {
        return (espSaHandle & 0x7FFF_FFFF) % workers;
    }
}
