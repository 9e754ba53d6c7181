package io.portcullis.dataplane.ethernet;

import io.portcullis.dataplane.counters.CounterDescriptor;

/** What the Ethernet and ARP nodes count. Ids are stable API (380-399). */
public enum EthernetCounter implements CounterDescriptor
{
    // arp-input (RFC 826)
    ARP_REPLIED(380, "arp requests answered"),
    ARP_REPLY_RECEIVED(381, "arp replies received"),
    ARP_NOT_FOR_US(382, "arp for other hosts"),
    ARP_TRUNCATED(383, "arp truncated"),
    ARP_UNSUPPORTED(384, "arp not ethernet/ipv4"),
    ARP_BAD_OPERATION(385, "arp operation neither request nor reply"),
    ARP_BAD_SENDER(386, "arp sender mac multicast or broadcast"),
    ARP_ADDRESS_CONFLICT(387, "arp sender claims our address"),
    // ethernet-input
    ETHERNET_TRUNCATED(390, "frame shorter than its header"),
    NOT_OUR_MAC(391, "destination mac not ours"),
    UNKNOWN_ETHERTYPE(392, "ethertype not ipv4 or arp"),
    // ethernet-output and its arp queue (RFC 1122 §2.3.2.2)
    ARP_QUEUE_HELD(393, "held until arp resolves the next hop"),
    ARP_QUEUE_OVERFLOW(394, "oldest held packet dropped for a newer one (neighbour's share held)"),
    NEIGHBOUR_UNRESOLVED(395, "next hop not resolved (arp queue full)"),
    NEIGHBOUR_CACHE_FULL(396, "neighbour cache full"),
    NO_HEADROOM(397, "no headroom for the ethernet header"),
    ARP_RESOLUTION_FAILED(398, "held packet dropped: next hop did not answer arp"),
    ARP_QUEUE_RELEASED(399, "held packets sent once arp resolved");

    private final int id;
    private final String label;

    EthernetCounter(final int id, final String label)
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
