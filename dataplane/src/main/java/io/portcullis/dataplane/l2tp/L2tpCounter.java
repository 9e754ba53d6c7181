package io.portcullis.dataplane.l2tp;

import io.portcullis.dataplane.counters.CounterDescriptor;

/** What the L2TP nodes count: packets done, punted, and every reason for a drop. Ids are stable API. */
public enum L2tpCounter implements CounterDescriptor
{
    // l2tp-decap
    DECAPSULATED(400, "decapsulated"),
    PUNT_CONTROL(401, "control message"),
    PUNT_PPP(402, "ppp protocol for the control plane"),
    PUNT_IPV6_LINK_LOCAL(403, "ipv6 from a link-local or unspecified source"),
    DATA_LOST(404, "data messages lost (ns gap)"),
    PUNT_PPP_NEW_SESSION(405, "ppp control of a session not installed yet"),
    BAD_IP_HEADER(410, "bad ip header"),
    IP_FRAGMENT(411, "ip fragment (reassemble first)"),
    NOT_L2TP(412, "not udp to port 1701"),
    BAD_UDP_LENGTH(413, "bad udp length"),
    BAD_UDP_CHECKSUM(414, "bad udp checksum"),
    TRUNCATED(415, "truncated l2tp header"),
    BAD_VERSION(416, "not l2tp version 2"),
    BAD_LENGTH(417, "l2tp length field mismatch"),
    UNKNOWN_SESSION(418, "unknown tunnel or session"),
    WRONG_PEER(419, "not from the session's peer address and port"),
    STALE_NS(420, "ns behind (duplicate or reordered)"),
    TRUNCATED_PPP(421, "no ppp protocol field"),
    BAD_INNER_IPV4(422, "bad inner ipv4 header"),
    BAD_INNER_IPV6(423, "bad inner ipv6 header"),
    SPOOFED_IPV4_SOURCE(424, "ipv4 source not the client's address"),
    SPOOFED_IPV6_SOURCE(425, "ipv6 source not in the client's prefix"),
    CLEAR_FOR_IPSEC_SESSION(426, "in clear for a session inside ipsec"),
    // l2tp-encap
    ENCAPSULATED(450, "encapsulated"),
    NO_SESSION(460, "no session"),
    BAD_INNER_PACKET(461, "bad ip header"),
    NO_HEADROOM(462, "no headroom"),
    TOO_BIG(463, "too big for an ip packet");

    private final int id;
    private final String label;

    L2tpCounter(final int id, final String label)
    {
        this.id = id;
        this.label = label;
    }

    public int id()
    {
        return id;
    }

    public String label()
    {
        return label;
    }
}
