package io.portcullis.controlplane.ike;

import io.portcullis.controlplane.ike.cert.Credentials;
import io.portcullis.controlplane.ike.proposal.ProposalPolicy;

/**
 * IKEv1 settings.
 *
 * @param retransmitMs     the first retransmission delay; it doubles for each try (RFC 2408 §5 leaves it to us).
 * @param retransmitTries  how many times we resend before the exchange fails.
 * @param dpdIntervalMs    RFC 3706: idle time before we ask R-U-THERE, 0 to never ask.
 * @param dpdTimeoutMs     how long without R-U-THERE-ACK before the peer is declared dead.
 * @param selectors        the Quick Mode selectors we accept as responder.
 * @param aggressiveMode   answer (and start) Aggressive Mode. Off by default: its second message
 *                         carries a hash keyed by the pre-shared key in clear, which anyone who sees
 *                         it can take offline and guess the key against (RFC 2409 §5.4, §8).
 * @param credentials      our certificate and the CAs we trust, for signature authentication; null for PSK only.
 */
public record IkeConfig(PreSharedKeys preSharedKeys, ProposalPolicy policy, long retransmitMs, int retransmitTries,
    long dpdIntervalMs, long dpdTimeoutMs, SelectorPolicy selectors, boolean aggressiveMode, Credentials credentials)
{
    public static IkeConfig withPsk(final byte[] psk, final ProposalPolicy policy)
    {
        return new IkeConfig(address -> psk.clone(), policy, 2_000, 5, 30_000, 120_000, SelectorPolicy.l2tpOnly(),
            false, null);
    }

    public IkeConfig withDpd(final long intervalMs, final long timeoutMs)
    {
        return new IkeConfig(preSharedKeys, policy, retransmitMs, retransmitTries, intervalMs, timeoutMs, selectors,
            aggressiveMode, credentials);
    }

    public IkeConfig withPolicy(final ProposalPolicy newPolicy)
    {
        return new IkeConfig(preSharedKeys, newPolicy, retransmitMs, retransmitTries, dpdIntervalMs, dpdTimeoutMs,
            selectors, aggressiveMode, credentials);
    }

    public IkeConfig withSelectors(final SelectorPolicy newSelectors)
    {
        return new IkeConfig(preSharedKeys, policy, retransmitMs, retransmitTries, dpdIntervalMs, dpdTimeoutMs,
            newSelectors, aggressiveMode, credentials);
    }

    /** See {@code aggressiveMode}: exposes the pre-shared key to offline guessing. */
    public IkeConfig withAggressiveMode(final boolean enabled)
    {
        return new IkeConfig(preSharedKeys, policy, retransmitMs, retransmitTries, dpdIntervalMs, dpdTimeoutMs,
            selectors, enabled, credentials);
    }

    /** Signature authentication with {@code ours}; pre-shared keys stay usable where offered. */
    public IkeConfig withCredentials(final Credentials ours)
    {
        return new IkeConfig(preSharedKeys, policy, retransmitMs, retransmitTries, dpdIntervalMs, dpdTimeoutMs,
            selectors, aggressiveMode, ours);
    }
}
