package io.portcullis.controlplane.ppp;

/** What the LNS's PPP side counted across its links; read by the console and by tests. */
public final class PppCounters
{
    public long authSucceeded;
    public long authFailed;
    /** Links refused an address: the pool was exhausted. */
    public long poolExhausted;
    /** Links that ended by an LCP echo timeout or a looped-back link. */
    public long linksDead;
    /** Sessions terminated for moving no data for the configured idle timeout. */
    public long idleTimeouts;
}
