package io.portcullis.dataplane.api;

/**
 * One client session's traffic as the dataplane counted it, named as RADIUS accounting names it
 * (RFC 2866 §5.3 Acct-Input-Octets, §5.4 Acct-Output-Octets, §5.8 Acct-Input-Packets, §5.9
 * Acct-Output-Packets): input is what the client sent (inner IP packets after l2tp-decap), output
 * what was sent to it (inner IP packets before l2tp-encap), IP headers included, L2TP, PPP, UDP
 * and ESP framing not. Summed over every worker that saw the session.
 */
public record SessionTraffic(long inputOctets, long outputOctets, long inputPackets, long outputPackets)
{
    public static final SessionTraffic ZERO = new SessionTraffic(0, 0, 0, 0);

    public SessionTraffic plus(final SessionTraffic other)
    {
        return new SessionTraffic(inputOctets + other.inputOctets, outputOctets + other.outputOctets,
            inputPackets + other.inputPackets, outputPackets + other.outputPackets);
    }
}
