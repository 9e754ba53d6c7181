package io.portcullis.controlplane.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Every path the configuration language knows, VyOS style: literal words, {@code <name>} tags
 * the user chooses, and a final value checked by a {@link ValueType}. The console (issue 7)
 * will complete and validate against the same schema.
 */
public final class ConfigSchema
{
    /** One declared path: words ("<name>" for a tag) and the type of its value. */
    public record Leaf(List<String> words, ValueType type, String help)
    {
    }

    private static final String NAME = "<name>";
    private final List<Leaf> leaves = new ArrayList<>();

    public static ConfigSchema dataplane()
    {
        final ConfigSchema schema = new ConfigSchema();
        schema.leaf("system workers", ValueType.integer(1, 64), "dataplane worker threads (one lcore each)");
        schema.leaf("system lcores", ValueType.CPU_LIST, "CPUs the workers are pinned to, one per worker: 2,3");
        schema.leaf("system idle-strategy", ValueType.oneOf("busy-spin", "yield", "backoff", "sleep"),
            "how idle workers wait: busy-spin (lowest latency, a full core each) to sleep (1 ms)");
        schema.leaf("system eal-arguments", ValueType.TEXT,
            "DPDK EAL arguments, space separated (default: hugepages; --no-huge --no-shconf without them)");
        schema.leaf("system mbufs", ValueType.integer(1023, 1 << 22), "packet buffers in the DPDK mempool");
        schema.leaf("system counters-file", ValueType.TEXT, "where the dataplane's counters are mapped for readers");
        schema.leaf("interfaces ethernet <name> dpdk-devargs", ValueType.TEXT,
            "the port: a PCI address, net_af_packet0,iface=eth0, net_tap0, net_pcap0,rx_pcap=…,tx_pcap=…");
        schema.leaf("interfaces ethernet <name> address", ValueType.IPV4_PREFIX, "the appliance's address on the port");
        schema.leaf("interfaces ethernet <name> mtu", ValueType.integer(576, 9000), "egress MTU");
        schema.leaf("interfaces ethernet <name> role", ValueType.oneOf("wan", "lan"),
            "wan: clients and IKE peers behind it; lan: the protected network");
        schema.leaf("interfaces ethernet <name> hw-id", ValueType.MAC, "the port's MAC address, if not the device's own");
        schema.leaf("protocols static arp <name> hwaddr", ValueType.MAC, "a static neighbour: the tag is its IPv4 address");
        schema.leaf("protocols static route <name> next-hop", ValueType.IPV4, "route a prefix (the tag) via a gateway");
        schema.leaf("protocols static route <name> interface", ValueType.TEXT, "route a prefix out of a port");
        final String session = "vpn l2tp remote-access static-session <name> ";
        schema.leaf("vpn l2tp remote-access tcp-mss", ValueType.integer(0, 65495),
            "TCP MSS clamp for clients' SYNs both ways (0: derived from the WAN MTU and the tunnel overhead)");
        // Here, not only in appliance(): the dataplane's own static sessions may be plain too.
        schema.leaf("vpn l2tp remote-access ipsec-settings mode", ValueType.oneOf("required", "optional"),
            "required (default): L2TP only inside IPsec (RFC 3193 §4), L2TP in clear is dropped and counted; " +
            "optional: plain L2TP on UDP 1701 is served too, for clients behind a LAC, labs, or clients that " +
            "encrypt on their own; it has no confidentiality or integrity beyond PPP's (PAP sends the password " +
            "in clear); without a pre-shared secret IKE is not served at all");
        schema.leaf(session + "local-tunnel-id", ValueType.integer(1, 65535), "our Tunnel ID (RFC 2661 §3.1)");
        schema.leaf(session + "local-session-id", ValueType.integer(1, 65535), "our Session ID");
        schema.leaf(session + "peer-tunnel-id", ValueType.integer(1, 65535), "the peer's Tunnel ID");
        schema.leaf(session + "peer-session-id", ValueType.integer(1, 65535), "the peer's Session ID");
        schema.leaf(session + "peer-address", ValueType.IPV4, "the client's public address (after NAT)");
        schema.leaf(session + "client-address", ValueType.IPV4, "the client's PPP address (IPCP)");
        schema.leaf(session + "outbound-sa", ValueType.TEXT,
            "the manual-sa its packets leave through (none: plain L2TP, with ipsec-settings mode optional)");
        schema.leaf(session + "mtu", ValueType.integer(576, 9000), "the tunnel's MTU towards the client");
        schema.leaf(session + "sequencing", ValueType.oneOf("enable", "disable"), "send Ns (RFC 2661 §5.4)");
        final String sa = "vpn ipsec manual-sa <name> ";
        schema.leaf(sa + "spi", ValueType.integer(256, 0xFFFF_FFFFL), "SPI (RFC 4303 §2.1: 0-255 are reserved)");
        schema.leaf(sa + "direction", ValueType.oneOf("inbound", "outbound"), "which way the SA protects");
        schema.leaf(sa + "mode", ValueType.oneOf("transport", "tunnel"), "ESP mode");
        schema.leaf(sa + "encryption", ValueType.oneOf("aes128gcm128", "aes256gcm128", "aes128", "aes256", "3des", "null"),
            "cipher (gcm: RFC 4106, aes: CBC RFC 3602, 3des: legacy clients only)");
        schema.leaf(sa + "encryption-key", ValueType.HEX_KEY, "cipher key; for GCM the key followed by the 4-byte salt");
        schema.leaf(sa + "integrity", ValueType.oneOf("none", "sha1", "sha256", "sha256-96"),
            "HMAC (sha256-96: the truncation old Android clients use)");
        schema.leaf(sa + "integrity-key", ValueType.HEX_KEY, "HMAC key");
        schema.leaf(sa + "local-address", ValueType.IPV4, "our address");
        schema.leaf(sa + "remote-address", ValueType.IPV4, "the peer's address");
        schema.leaf(sa + "esn", ValueType.oneOf("enable", "disable"), "64-bit sequence numbers (RFC 4304)");
        schema.leaf(sa + "replay-window", ValueType.integer(0, 65536), "anti-replay window, a multiple of 64");
        schema.leaf(sa + "nat-traversal local-port", ValueType.integer(1, 65535), "UDP encapsulation (RFC 3948)");
        schema.leaf(sa + "nat-traversal remote-port", ValueType.integer(1, 65535), "UDP encapsulation (RFC 3948)");
        schema.leaf(sa + "lifetime soft-bytes", ValueType.integer(0, Long.MAX_VALUE), "rekey after this many bytes");
        schema.leaf(sa + "lifetime hard-bytes", ValueType.integer(0, Long.MAX_VALUE), "end the SA after this many bytes");
        schema.leaf(sa + "lifetime soft-packets", ValueType.integer(0, Long.MAX_VALUE), "rekey after this many packets");
        schema.leaf(sa + "lifetime hard-packets", ValueType.integer(0, Long.MAX_VALUE), "end the SA after this many packets");
        return schema;
    }

    /**
     * The appliance's whole language: the dataplane's paths and the remote-access service
     * (in the spirit of VyOS's {@code vpn l2tp remote-access}).
     */
    public static ConfigSchema appliance()
    {
        final ConfigSchema schema = dataplane();
        final String ra = "vpn l2tp remote-access ";
        schema.leaf("system event-journal", ValueType.TEXT,
            "directory of the event journal (Chronicle Queue; default /var/lib/portcullis/events)");
        schema.leaf(ra + "outside-address", ValueType.IPV4,
            "where clients connect: IKE, ESP and L2TP (default: the WAN interface's address)");
        schema.leaf(ra + "gateway-address", ValueType.IPV4, "the appliance's PPP address, told to clients by IPCP");
        schema.leaf(ra + "client-ip-pool start", ValueType.IPV4, "first address handed to clients");
        schema.leaf(ra + "client-ip-pool stop", ValueType.IPV4, "last address handed to clients");
        schema.leaf(ra + "dns-servers <name>", ValueType.IPV4, "a DNS server told to clients (RFC 1877), e.g. server-1");
        schema.leaf(ra + "mtu", ValueType.integer(576, 1500), "PPP MRU and the tunnel MTU towards clients");
        schema.leaf(ra + "authentication mode", ValueType.oneOf("local"), "where users are found: this file");
        schema.leaf(ra + "authentication protocols", ValueType.listOf("mschap-v2", "chap", "pap", "eap-md5"),
            "PPP authentication methods offered, in order of preference, comma separated (default mschap-v2,chap)");
        schema.leaf(ra + "authentication local-users username <name> password", ValueType.TEXT,
            "the user's password (kept in clear: CHAP needs it; see README)");
        schema.leaf(ra + "authentication local-users username <name> static-ip", ValueType.IPV4,
            "always give this user this address");
        schema.leaf(ra + "ipsec-settings authentication mode", ValueType.oneOf("pre-shared-secret"),
            "how IKEv1 peers authenticate");
        schema.leaf(ra + "ipsec-settings authentication pre-shared-secret", ValueType.TEXT,
            "the group pre-shared key every client is configured with");
        schema.leaf(ra + "ipsec-settings proposals", ValueType.oneOf("default", "strict"),
            "default: what Windows, Apple, Android and Linux clients offer (incl. 3DES, SHA1, modp1024); " +
            "strict: AES and SHA2 with modp2048 and stronger only");
        schema.leaf(ra + "ipsec-settings sha256-96", ValueType.oneOf("enable", "disable"),
            "read ESP HMAC-SHA2-256 as truncated to 96 bits, as old Android and Linux clients do " +
            "(IKEv1 cannot tell the two apart); default disable: RFC 4868's 128 bits");
        schema.leaf(ra + "ipsec-settings dpd delay", ValueType.integer(0, 3600),
            "seconds of silence before R-U-THERE (RFC 3706), 0: never ask");
        schema.leaf(ra + "ipsec-settings dpd timeout", ValueType.integer(1, 3600),
            "seconds without an answer before the client is declared dead and its state removed");
        schema.leaf(ra + "lns shared-secret", ValueType.TEXT,
            "L2TP tunnel authentication secret (RFC 2661 §5.1.1); unset: no tunnel authentication");
        schema.leaf(ra + "lns data-checksum", ValueType.oneOf("enable", "disable"),
            "UDP checksums on the L2TP data messages the LNS sends (RFC 2661 §8.1): enable (default) or disable, " +
            "which spares a pass over every packet sent (inside IPsec the ESP ICV protects it anyway); " +
            "control messages always carry them");
        schema.leaf(ra + "ppp-options lcp-echo-interval", ValueType.integer(0, 3600),
            "seconds between LCP echo requests, 0: none");
        schema.leaf(ra + "ppp-options lcp-echo-failure", ValueType.integer(1, 100),
            "unanswered echo requests before the link is declared dead");
        schema.leaf(ra + "idle", ValueType.integer(0, 604_800),
            "seconds a session may move no data either way before it is terminated (0 or unset: never)");
        schema.leaf(ra + "accounting interim-interval", ValueType.integer(0, 86_400),
            "seconds between interim accounting records with each session's traffic so far (RFC 2866; " +
            "0 or unset: start and stop only)");
        return schema;
    }

    public void leaf(final String path, final ValueType type, final String help)
    {
        leaves.add(new Leaf(List.of(path.trim().split(" +")), type, help));
    }

    public List<Leaf> leaves()
    {
        return leaves;
    }

    /** The leaf whose words match {@code words} (tags match anything), or null. */
    Leaf match(final List<String> words)
    {
        for (final Leaf leaf : leaves)
        {
            if (leaf.words().size() != words.size())
            {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < words.size() && matches; i++)
            {
                matches = leaf.words().get(i).equals(NAME) || leaf.words().get(i).equals(words.get(i));
            }
            if (matches)
            {
                return leaf;
            }
        }
        return null;
    }

    /** The longest prefix of {@code words} that some leaf starts with, for error messages. */
    String knownPrefix(final List<String> words)
    {
        int best = 0;
        for (final Leaf leaf : leaves)
        {
            int n = 0;
            while (n < words.size() && n < leaf.words().size() &&
                (leaf.words().get(n).equals(NAME) || leaf.words().get(n).equals(words.get(n))))
            {
                n++;
            }
            best = Math.max(best, n);
        }
        return String.join(" ", words.subList(0, best));
    }
}
