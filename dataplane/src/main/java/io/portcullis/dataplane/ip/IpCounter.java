package io.portcullis.dataplane.ip;

import io.portcullis.dataplane.counters.CounterDescriptor;

/**
 * What the IPv4 nodes and kernels count: packets handled and every reason for a drop.
 * Ids are stable API (300-379; the ethernet package has 380-399).
 */
public enum IpCounter implements CounterDescriptor
{
    // ip4-input (RFC 791 §3.1, RFC 1812 §5.2.2)
    RECEIVED(300, "received"),
    TRUNCATED(301, "shorter than its header"),
    NOT_IPV4(302, "version not 4"),
    BAD_HEADER_LENGTH(303, "ihl below 5"),
    BAD_CHECKSUM(304, "bad header checksum"),
    BAD_TOTAL_LENGTH(305, "total length below header length"),
    LENGTH_BEYOND_FRAME(306, "total length beyond frame"),
    OPTIONS(307, "with options"),
    OPTIONS_NOT_ALLOWED(308, "options not allowed"),
    BAD_OPTIONS(309, "malformed options"),
    MARTIAN_SOURCE(310, "martian source"),
    MARTIAN_DESTINATION(311, "martian destination"),
    MULTICAST_OR_BROADCAST(312, "multicast or broadcast destination"),
    // ip4-forward (RFC 1812 §5.2.4, §5.3.1)
    FORWARDED(320, "forwarded"),
    TO_CLIENT(321, "to a client session"),
    LOCAL(322, "for this host"),
    NO_ROUTE(323, "no route"),
    TTL_EXPIRED(324, "ttl expired"),
    TOO_BIG(325, "too big, fragmented"),
    TOO_BIG_DF(326, "too big with df"),
    TOO_BIG_FOR_TUNNEL_DF(327, "too big for the client's tunnel with df"),
    // icmp errors (RFC 792, RFC 1191, RFC 1812 §4.3.2)
    ICMP_ERROR_SENT(330, "icmp error sent"),
    ICMP_ERROR_RATE_LIMITED(331, "icmp error rate limited"),
    ICMP_ERROR_NOT_ALLOWED(332, "icmp error not allowed (rfc 1812 4.3.2.7)"),
    ICMP_ERROR_NO_HEADROOM(333, "icmp error without headroom"),
    ICMP_ERROR_UNROUTABLE(334, "icmp error with no route back"),
    // icmp4-input (RFC 792, RFC 1122 §3.2.2.6)
    ECHO_REPLIED(340, "echo requests answered"),
    ICMP_TRUNCATED(341, "icmp truncated"),
    ICMP_BAD_CHECKSUM(342, "icmp bad checksum"),
    ICMP_NOT_ANSWERED(343, "other icmp to us, not answered"),
    ICMP_FRAGMENT(344, "icmp fragment (reassemble first)"),
    NOT_ICMP(345, "not icmp"),
    // fragmentation (RFC 791 §3.2)
    FRAGMENTS_MADE(350, "fragments made"),
    // tcp mss clamp
    MSS_CLAMPED(355, "mss clamped"),
    // ip4-reassembly (RFC 791 §3.2, RFC 5722, RFC 815)
    REASSEMBLED(360, "reassembled"),
    FRAGMENT_DUPLICATE(361, "duplicate fragment"),
    FRAGMENT_OVERLAP(362, "overlapping fragment (datagram dropped)"),
    REASSEMBLY_TOO_MANY_DATAGRAMS(363, "too many datagrams in reassembly"),
    REASSEMBLY_MEMORY_CAP(364, "reassembly memory cap (datagram dropped)"),
    REASSEMBLY_TIMEOUT(365, "reassembly timeout (datagram dropped)"),
    FRAGMENT_BAD(366, "bad fragment"),
    REASSEMBLY_TOO_BIG(367, "datagram too big to reassemble"),
    REASSEMBLY_TOO_MANY_FRAGMENTS(368, "too many fragments (datagram dropped)"),
    REASSEMBLY_NO_BUFFER_ROOM(369, "reassembled datagram bigger than the buffer");

    private final int id;
    private final String label;

    IpCounter(final int id, final String label)
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
