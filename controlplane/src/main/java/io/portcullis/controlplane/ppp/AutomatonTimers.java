package io.portcullis.controlplane.ppp;

/**
 * The counters and timer of RFC 1661 §4.6.
 *
 * @param restartMs     the Restart timer (default 3 s).
 * @param maxTerminate  Terminate-Requests sent without an Ack (default 2).
 * @param maxConfigure  Configure-Requests sent without an answer (default 10).
 * @param maxFailure    Configure-Naks sent before we Reject instead (default 5).
 */
public record AutomatonTimers(long restartMs, int maxTerminate, int maxConfigure, int maxFailure)
{
    public static AutomatonTimers defaults()
    {
        return new AutomatonTimers(3_000, 2, 10, 5);
    }
}
