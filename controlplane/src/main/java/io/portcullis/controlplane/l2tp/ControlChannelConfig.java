package io.portcullis.controlplane.l2tp;

/**
 * Timers and windows of the reliable control channel (RFC 2661 §5.8, §6.5).
 *
 * @param receiveWindow      the Receive Window Size we advertise: messages we buffer ahead of a gap.
 * @param firstRetransmitMs  the first retransmission timeout; it doubles on each retry (§5.8).
 * @param maxRetransmitMs    the cap of the doubling (§5.8 suggests at least 8 s).
 * @param maxRetransmissions retransmissions of one message before the peer is given up for dead.
 * @param ackDelayMs         how long an acknowledgement waits for a message to ride on before a ZLB goes.
 * @param helloIntervalMs    silence after which a HELLO probes the peer (§6.5); 0 disables it.
 */
public record ControlChannelConfig(int receiveWindow, long firstRetransmitMs, long maxRetransmitMs,
    int maxRetransmissions, long ackDelayMs, long helloIntervalMs)
{
    public static final int DEFAULT_PEER_WINDOW = 4;

    public ControlChannelConfig
    {
        if (receiveWindow < 1 || receiveWindow > 0x7FFF)
        {
            throw new IllegalArgumentException("receiveWindow must be 1..32767 (RFC 2661 §5.8): " + receiveWindow);
        }
        if (firstRetransmitMs < 1 || maxRetransmitMs < firstRetransmitMs || maxRetransmissions < 1)
        {
            throw new IllegalArgumentException("retransmission timers must be positive, the cap not below the first");
        }
    }

    public static ControlChannelConfig defaults()
    {
        return new ControlChannelConfig(16, 1_000, 8_000, 5, 200, 60_000);
    }
}
