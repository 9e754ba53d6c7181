package io.portcullis.controlplane.ike;

import java.util.List;

import io.portcullis.controlplane.ike.isakmp.Payload;

/**
 * A message a task wants sent: its payloads, whether it goes encrypted (RFC 2408 §3.1 E flag),
 * and whether we wait for an answer (and so retransmit until one comes).
 */
public record Outgoing(List<Payload> payloads, boolean encrypted, boolean expectsReply)
{
}
