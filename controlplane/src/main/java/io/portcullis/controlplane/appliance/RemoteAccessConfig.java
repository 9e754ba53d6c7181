package io.portcullis.controlplane.appliance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.portcullis.controlplane.aaa.LocalUser;
import io.portcullis.controlplane.config.ConfigError;
import io.portcullis.controlplane.config.ConfigTree;
import io.portcullis.controlplane.config.Values;
import io.portcullis.controlplane.ike.Endpoint;
import io.portcullis.controlplane.ike.proposal.ProposalPolicy;
import io.portcullis.controlplane.launch.DataplaneConfig;
import io.portcullis.controlplane.ppp.AuthMethod;

/**
 * The remote-access service of a configuration ({@code set vpn l2tp remote-access …}): where
 * clients connect, how they authenticate at each layer, what they are given. Every error names
 * the line it comes from, or the path that is missing. Addresses are IPv4 in host order.
 * {@code preSharedKey} is null when plain L2TP is allowed and no IPsec is configured: then IKE is
 * not served. {@code plainL2tp}: L2TP in clear is served besides L2TP/IPsec. {@code l2tpDataChecksum}:
 * data messages go out with UDP checksums (RFC 2661 §8.1's default).
 */
public record RemoteAccessConfig(
    int outsideAddress,
    int gatewayAddress,
    int poolStart,
    int poolStop,
    int[] dnsServers,
    int mtu,
    List<AuthMethod> authentication,
    List<LocalUser> users,
    byte[] preSharedKey,
    ProposalPolicy proposals,
    long dpdDelayMs,
    long dpdTimeoutMs,
    byte[] lnsSecret,
    long lcpEchoIntervalMs,
    int lcpEchoFailure,
    boolean plainL2tp,
    long idleTimeoutMs,
    long interimIntervalMs,
    boolean l2tpDataChecksum)
{
    private static final String RA = "vpn l2tp remote-access ";

    /** The service in {@code tree}, or null when the file configures none (a dataplane alone). */
    public static RemoteAccessConfig from(final ConfigTree tree, final DataplaneConfig dataplane) throws ConfigError
    {
        if (onlyDataplaneKeys(tree))
        {
            return null;
        }
        final int outside = address(tree, "outside-address", dataplane.wan().address());
        if (outside != dataplane.wan().address())
        {
            throw new ConfigError(tree.get(RA + "outside-address").line(),
                "outside-address must be the WAN interface's address " + Endpoint.address(dataplane.wan().address()));
        }
        final int poolStart = required(tree, "client-ip-pool start");
        final int poolStop = required(tree, "client-ip-pool stop");
        if (Integer.compareUnsigned(poolStart, poolStop) > 0)
        {
            throw new ConfigError(tree.get(RA + "client-ip-pool stop").line(), "the pool's stop comes before its start");
        }
        final int gateway = required(tree, "gateway-address");
        if (Integer.compareUnsigned(gateway, poolStart) >= 0 && Integer.compareUnsigned(gateway, poolStop) <= 0)
        {
            throw new ConfigError(tree.get(RA + "gateway-address").line(), "the gateway address lies inside the client pool");
        }
        final boolean plainL2tp = "optional".equals(text(tree, "ipsec-settings mode"));
        final String psk = text(tree, "ipsec-settings authentication pre-shared-secret");
        if (psk == null && !plainL2tp)
        {
            throw new ConfigError(0, "missing '" + RA + "ipsec-settings authentication pre-shared-secret': " +
                "L2TP is only served inside IPsec (RFC 3193 §4) unless 'ipsec-settings mode optional'");
        }
        final String lnsSecret = text(tree, "lns shared-secret");
        return new RemoteAccessConfig(outside, gateway, poolStart, poolStop, dnsServers(tree),
            (int)number(tree, "mtu", 1400), authentication(tree), users(tree),
            psk == null ? null : psk.getBytes(StandardCharsets.UTF_8),
            ("strict".equals(text(tree, "ipsec-settings proposals")) ? ProposalPolicy.strict() :
                ProposalPolicy.defaults()).withSha256Truncated96("enable".equals(text(tree, "ipsec-settings sha256-96"))),
            number(tree, "ipsec-settings dpd delay", 30) * 1000, number(tree, "ipsec-settings dpd timeout", 120) * 1000,
            lnsSecret == null ? null : lnsSecret.getBytes(StandardCharsets.UTF_8),
            number(tree, "ppp-options lcp-echo-interval", 30) * 1000, (int)number(tree, "ppp-options lcp-echo-failure", 4),
            plainL2tp, number(tree, "idle", 0) * 1000, number(tree, "accounting interim-interval", 0) * 1000,
            !"disable".equals(text(tree, "lns data-checksum")));
    }

    /**
     * Nothing, or only what the dataplane reads (bin/portcullis-dataplane's files): tcp-mss,
     * static sessions, and {@code ipsec-settings mode}, which lets static sessions run in clear.
     * Any other ipsec-settings leaf is the service's.
     */
    private static boolean onlyDataplaneKeys(final ConfigTree tree)
    {
        for (final String name : tree.names("vpn l2tp remote-access"))
        {
            final boolean dataplanes = switch (name)
            {
                case "tcp-mss", "static-session" -> true;
                case "ipsec-settings" -> tree.names(RA + "ipsec-settings").equals(Set.of("mode"));
                default -> false;
            };
            if (!dataplanes)
            {
                return false;
            }
        }
        return true;
    }

    private static List<AuthMethod> authentication(final ConfigTree tree)
    {
        final String list = text(tree, "authentication protocols");
        final List<AuthMethod> methods = new ArrayList<>();
        for (final String word : (list == null ? "mschap-v2,chap" : list).split(","))
        {
            methods.add(switch (word)
            {
                case "pap" -> AuthMethod.PAP;
                case "chap" -> AuthMethod.CHAP_MD5;
                case "eap-md5" -> AuthMethod.EAP;
                default -> AuthMethod.MSCHAP_V2;
            });
        }
        return List.copyOf(methods);
    }

    private static List<LocalUser> users(final ConfigTree tree) throws ConfigError
    {
        final String prefix = RA + "authentication local-users username";
        final List<LocalUser> users = new ArrayList<>();
        for (final String name : tree.names(prefix))
        {
            final ConfigTree.Value password = tree.get(prefix + " " + name + " password");
            if (password == null)
            {
                throw new ConfigError(tree.firstLine(prefix + " " + name), "user '" + name + "' has no password");
            }
            final ConfigTree.Value staticIp = tree.get(prefix + " " + name + " static-ip");
            users.add(LocalUser.withPassword(name, password.text(),
                staticIp == null ? 0 : Values.parseIpv4(staticIp.text())));
        }
        if (users.isEmpty())
        {
            throw new ConfigError(0, "missing '" + prefix + " <name> password': nobody could log in");
        }
        return List.copyOf(users);
    }

    private static int[] dnsServers(final ConfigTree tree)
    {
        final List<Integer> servers = new ArrayList<>();
        for (final String name : tree.names(RA + "dns-servers"))
        {
            servers.add(Values.parseIpv4(tree.get(RA + "dns-servers " + name).text()));
        }
        return servers.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int required(final ConfigTree tree, final String path) throws ConfigError
    {
        final ConfigTree.Value value = tree.get(RA + path);
        if (value == null)
        {
            throw new ConfigError(0, "missing '" + RA + path + "'");
        }
        return Values.parseIpv4(value.text());
    }

    private static int address(final ConfigTree tree, final String path, final int otherwise)
    {
        final ConfigTree.Value value = tree.get(RA + path);
        return value == null ? otherwise : Values.parseIpv4(value.text());
    }

    private static String text(final ConfigTree tree, final String path)
    {
        final ConfigTree.Value value = tree.get(RA + path);
        return value == null ? null : value.text();
    }

    private static long number(final ConfigTree tree, final String path, final long otherwise)
    {
        final ConfigTree.Value value = tree.get(RA + path);
        return value == null ? otherwise : Values.parseNumber(value.text());
    }

    @Override
    public String toString()
    {
        // Never the PSK, the LNS secret or passwords (records print every component).
        return "RemoteAccessConfig[outside " + Endpoint.address(outsideAddress) + ", pool " +
            Endpoint.address(poolStart) + "-" + Endpoint.address(poolStop) + ", " + users.size() + " user(s), " +
            authentication + ", " + (plainL2tp ? preSharedKey == null ? "plain L2TP only" : "IPsec optional" :
            "IPsec required") + "]";
    }
}
