package io.portcullis.controlplane.ppp;

import java.util.List;

/**
 * What LCP, IPCP and IPV6CP each add to the shared {@link OptionAutomaton}: which options to
 * ask for, how to judge the peer's, what a Nak or Reject of ours teaches, and the This-Layer
 * actions of RFC 1661 §4.4.
 */
public interface OptionNegotiator
{
    /** Options of our next Configure-Request. */
    List<ConfigOption> request();

    /** Judges the peer's Configure-Request, option by option. */
    ConfigVerdict examine(List<ConfigOption> peerOptions);

    /** The peer Nak'd some of ours, suggesting these values. */
    void nakked(List<ConfigOption> suggestions);

    /** The peer Rejected these of ours: do not ask for them again. */
    void rejected(List<ConfigOption> rejected);

    /** tlu: the layer is up. */
    void up();

    /** tld: the layer is going down. */
    void down();

    /** tlf: the automaton gave up or finished; the lower layer may go. */
    default void finished()
    {
    }

    /** A code other than 1-7 (LCP's Echo, Discard, Protocol-Reject); false makes it a Code-Reject. */
    default boolean otherCode(final ControlPacket packet, final boolean opened)
    {
        return false;
    }
}
