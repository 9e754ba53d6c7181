package io.portcullis.controlplane.events;

/**
 * Something an operator wants to know happened: an IKE SA up, down or rekeyed, an L2TP tunnel
 * or session up or down, an authentication result, accounting start and stop. Each protocol
 * package defines its own event records; they all leave through one {@link EventSink}, which
 * feeds the journal and the console. Secrets (keys, PSKs, passwords, hashes) never go in an event.
 */
public interface Event
{
    /** One human-readable line: who, from where, what happened, and why. */
    String describe();
}
