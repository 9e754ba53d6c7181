package io.portcullis.controlplane.l2tp;

/** What an endpoint dropped or refused, and why; read by the console and by tests. */
public final class L2tpCounters
{
    /** Datagrams whose header broke RFC 2661 §3.1 (discarded silently). */
    public long discardedHeader;
    /** Control messages whose AVPs broke §4 (the tunnel or session was cleared). */
    public long malformed;
    /** Control messages for a tunnel we do not have, or from another address than its peer. */
    public long unknownTunnel;
    /** Session messages for a session the tunnel does not have. */
    public long unknownSession;
    /** Tunnels refused by the tunnel limit or the per-peer set-up rate. */
    public long refusedTunnels;
    /** Sessions refused by the session limit or the per-peer set-up rate. */
    public long refusedSessions;
    /** SCCRQs dropped by the tie-breaker (§4.4.3). */
    public long tieBreaks;
}
