package io.portcullis.controlplane.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.portcullis.controlplane.config.ConfigError;
import io.portcullis.controlplane.config.ConfigTree;
import io.portcullis.controlplane.config.ManualSa;
import io.portcullis.controlplane.config.Values;
import io.portcullis.dataplane.api.L2tpSessionConfig;

/**
 * What the dataplane launcher takes from a configuration: the WAN and LAN interfaces, the
 * workers and how they run, static routes and neighbours, manual SAs and static L2TP sessions.
 * Every error names the line it comes from.
 */
public record DataplaneConfig(
    Interface wan,
    Interface lan,
    int workers,
    List<Integer> lcores,
    String idleStrategy,
    List<String> ealArguments,
    int mbufs,
    String countersFile,
    int tcpMss,
    List<Route> routes,
    List<Neighbour> neighbours,
    List<ManualSa> sas,
    List<StaticSession> sessions,
    boolean plainL2tp)
{
    /** The remote-access path that lets L2TP in clear through the WAN (RFC 3193 §4 wants IPsec). */
    public static final String IPSEC_MODE = "vpn l2tp remote-access ipsec-settings mode";

    /** {@code mac} is -1 when the device's own MAC is used. */
    public record Interface(String name, String devargs, int address, int prefixLength, int mtu, long mac)
    {
    }

    /** {@code port} is 0 for the WAN, 1 for the LAN (the workers' port indexes); {@code nextHop} 0 is on-link. */
    public record Route(int prefix, int prefixLength, int nextHop, int port, int mtu)
    {
    }

    public record Neighbour(int address, long mac)
    {
    }

    /**
     * A client's session installed from the configuration; its SA is a manual-sa by name, or
     * null for a plain session (L2TP in clear, only with {@link #IPSEC_MODE} optional).
     */
    public record StaticSession(String name, L2tpSessionConfig session, String outboundSa, int mtu)
    {
        public boolean plain()
        {
            return outboundSa == null;
        }
    }

    public static DataplaneConfig from(final ConfigTree tree) throws ConfigError
    {
        final Interface wan = interfaceWithRole(tree, "wan");
        final Interface lan = interfaceWithRole(tree, "lan");
        final int workers = (int)number(tree, "system workers", 1);
        final List<Integer> lcores = new ArrayList<>();
        final ConfigTree.Value cpus = tree.get("system lcores");
        if (cpus != null)
        {
            for (final String cpu : cpus.text().split(","))
            {
                lcores.add(Integer.parseInt(cpu));
            }
            if (lcores.size() != workers)
            {
                throw new ConfigError(cpus.line(), "system lcores names " + lcores.size() + " CPUs for " + workers +
                    " workers: one each");
            }
        }
        final ConfigTree.Value idle = tree.get("system idle-strategy");
        final ConfigTree.Value eal = tree.get("system eal-arguments");
        final ConfigTree.Value counters = tree.get("system counters-file");
        final List<ManualSa> sas = ManualSa.from(tree);
        final boolean plainL2tp = tree.get(IPSEC_MODE) != null && "optional".equals(tree.get(IPSEC_MODE).text());
        return new DataplaneConfig(wan, lan, workers, lcores, idle == null ? "backoff" : idle.text(),
            eal == null ? List.of() : List.of(eal.text().trim().split(" +")),
            (int)number(tree, "system mbufs", 16383),
            counters == null ? "/dev/shm/portcullis-counters" : counters.text(),
            (int)number(tree, "vpn l2tp remote-access tcp-mss", 0),
            routes(tree, wan, lan), neighbours(tree), sas, sessions(tree, wan, sas, plainL2tp), plainL2tp);
    }

    private static Interface interfaceWithRole(final ConfigTree tree, final String role) throws ConfigError
    {
        Interface found = null;
        for (final String name : tree.names("interfaces ethernet"))
        {
            final String at = "interfaces ethernet " + name + " ";
            final ConfigTree.Value value = tree.get(at + "role");
            if (value == null || !value.text().equals(role))
            {
                continue;
            }
            if (found != null)
            {
                throw new ConfigError(value.line(), "a second interface with role " + role + " (" + found.name() +
                    " has it): one WAN and one LAN");
            }
            final int line = tree.firstLine("interfaces ethernet " + name);
            final ConfigTree.Value devargs = required(tree, at + "dpdk-devargs", line);
            final ConfigTree.Value address = required(tree, at + "address", line);
            final String[] prefix = address.text().split("/");
            final ConfigTree.Value mac = tree.get(at + "hw-id");
            found = new Interface(name, devargs.text(), Values.parseIpv4(prefix[0]), Integer.parseInt(prefix[1]),
                (int)number(tree, at + "mtu", 1500), mac == null ? -1 : Values.parseMac(mac.text()));
        }
        if (found == null)
        {
            throw new ConfigError(0, "no interface has role " + role +
                " (set interfaces ethernet <name> role " + role + ")");
        }
        return found;
    }

    private static List<Route> routes(final ConfigTree tree, final Interface wan, final Interface lan)
        throws ConfigError
    {
        final List<Route> routes = new ArrayList<>();
        // The connected subnets first (RFC 1812 §5.2.4.3: a directly attached network is reached on-link).
        routes.add(new Route(network(wan), wan.prefixLength(), 0, 0, wan.mtu()));
        routes.add(new Route(network(lan), lan.prefixLength(), 0, 1, lan.mtu()));
        for (final String tag : tree.names("protocols static route"))
        {
            final String at = "protocols static route " + tag + " ";
            final int line = tree.firstLine("protocols static route " + tag);
            final String[] prefix = tag.split("/");
            if (prefix.length != 2 || Values.parseIpv4(prefix[0]) == null || !prefix[1].matches("[0-9]{1,2}") ||
                Integer.parseInt(prefix[1]) > 32)
            {
                throw new ConfigError(line, "route '" + tag + "' is not an IPv4 prefix a.b.c.d/len");
            }
            final ConfigTree.Value nextHop = tree.get(at + "next-hop");
            final ConfigTree.Value out = tree.get(at + "interface");
            final int gateway = nextHop == null ? 0 : Values.parseIpv4(nextHop.text());
            final Interface via = nextHop != null ? onLink(gateway, wan, lan) :
                out == null ? null : out.text().equals(wan.name()) ? wan : out.text().equals(lan.name()) ? lan : null;
            if (via == null)
            {
                throw new ConfigError(line, "route " + tag + ": " + (nextHop != null ? "next-hop " + nextHop.text() +
                    " is on neither interface's subnet" : "needs a next-hop or an interface that exists"));
            }
            routes.add(new Route(Values.parseIpv4(prefix[0]), Integer.parseInt(prefix[1]), gateway,
                via == wan ? 0 : 1, via.mtu()));
        }
        return routes;
    }

    private static List<Neighbour> neighbours(final ConfigTree tree) throws ConfigError
    {
        final List<Neighbour> neighbours = new ArrayList<>();
        for (final String tag : tree.names("protocols static arp"))
        {
            final Integer address = Values.parseIpv4(tag);
            final ConfigTree.Value mac = tree.get("protocols static arp " + tag + " hwaddr");
            if (address == null)
            {
                throw new ConfigError(mac.line(), "static arp '" + tag + "' is not an IPv4 address");
            }
            neighbours.add(new Neighbour(address, Values.parseMac(mac.text())));
        }
        return neighbours;
    }

    private static List<StaticSession> sessions(
        final ConfigTree tree, final Interface wan, final List<ManualSa> sas, final boolean plainL2tp)
        throws ConfigError
    {
        final Map<String, ManualSa> byName = new java.util.HashMap<>();
        sas.forEach(sa -> byName.put(sa.name(), sa));
        final List<StaticSession> sessions = new ArrayList<>();
        for (final String name : tree.names("vpn l2tp remote-access static-session"))
        {
            final String at = "vpn l2tp remote-access static-session " + name + " ";
            final int line = tree.firstLine(at.trim());
            final ConfigTree.Value saName = tree.get(at + "outbound-sa");
            if (saName == null && !plainL2tp)
            {
                // RFC 3193 §4: L2TP goes inside IPsec unless the operator chose otherwise.
                throw new ConfigError(line, "static-session " + name + " has no outbound-sa: name a manual-sa, or " +
                    "allow plain L2TP with: set " + IPSEC_MODE + " optional");
            }
            final ManualSa sa = saName == null ? null : byName.get(saName.text());
            if (saName != null && (sa == null || sa.config().inbound()))
            {
                throw new ConfigError(saName.line(), "static-session " + name + ": no outbound manual-sa " +
                    saName.text());
            }
            final ConfigTree.Value sequencing = tree.get(at + "sequencing");
            final L2tpSessionConfig session = L2tpSessionConfig.of(
                id(required(tree, at + "local-tunnel-id", line)),
                id(required(tree, at + "local-session-id", line)),
                id(required(tree, at + "peer-tunnel-id", line)),
                id(required(tree, at + "peer-session-id", line)),
                wan.address(), Values.parseIpv4(required(tree, at + "peer-address", line).text()),
                Values.parseIpv4(required(tree, at + "client-address", line).text()), 0)
                .withSequencing(sequencing != null && sequencing.text().equals("enable"));
            sessions.add(new StaticSession(name, session, saName == null ? null : saName.text(),
                (int)number(tree, at + "mtu", 1400)));
        }
        return sessions;
    }

    private static Interface onLink(final int address, final Interface wan, final Interface lan)
    {
        return sameSubnet(address, wan) ? wan : sameSubnet(address, lan) ? lan : null;
    }

    private static boolean sameSubnet(final int address, final Interface on)
    {
        final int mask = on.prefixLength() == 0 ? 0 : -1 << (32 - on.prefixLength());
        return (address & mask) == (on.address() & mask);
    }

    private static int network(final Interface on)
    {
        return on.address() & (on.prefixLength() == 0 ? 0 : -1 << (32 - on.prefixLength()));
    }

    private static ConfigTree.Value required(final ConfigTree tree, final String path, final int line)
        throws ConfigError
    {
        final ConfigTree.Value value = tree.get(path);
        if (value == null)
        {
            throw new ConfigError(line, "missing: set " + path + " …");
        }
        return value;
    }

    private static long number(final ConfigTree tree, final String path, final long otherwise)
    {
        final ConfigTree.Value value = tree.get(path);
        return value == null ? otherwise : Values.parseNumber(value.text());
    }

    private static int id(final ConfigTree.Value value)
    {
        return (int)Values.parseNumber(value.text());
    }
}
