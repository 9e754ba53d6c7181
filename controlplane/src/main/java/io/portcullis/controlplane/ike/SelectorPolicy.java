package io.portcullis.controlplane.ike;

import java.util.List;

/**
 * Which Quick Mode selectors (RFC 2409 §5.5 IDci/IDcr) a responder accepts: by default only
 * L2TP in transport mode (RFC 3193 §4: UDP, our port 1701, the client's 1701 or any), so a
 * remote-access client cannot ask for a tunnel into the LAN; site-to-site tunnels are listed.
 */
public record SelectorPolicy(boolean l2tpTransport, List<Tunnel> tunnels)
{
    /** A subnet pair we protect in tunnel mode, from our side. */
    public record Tunnel(int localSubnet, int localMask, int remoteSubnet, int remoteMask)
    {
        boolean covers(final QuickModeRequest request)
        {
            return within(request.localSubnet(), request.localMask(), localSubnet, localMask) &&
                within(request.remoteSubnet(), request.remoteMask(), remoteSubnet, remoteMask);
        }

        private static boolean within(final int subnet, final int mask, final int allowed, final int allowedMask)
        {
            return Integer.compareUnsigned(mask, allowedMask) >= 0 && (mask & allowedMask) == allowedMask &&
                (subnet & allowedMask) == (allowed & allowedMask);
        }
    }

    public static SelectorPolicy l2tpOnly()
    {
        return new SelectorPolicy(true, List.of());
    }

    public SelectorPolicy withTunnel(final Tunnel tunnel)
    {
        final List<Tunnel> more = new java.util.ArrayList<>(tunnels);
        more.add(tunnel);
        return new SelectorPolicy(l2tpTransport, List.copyOf(more));
    }

    /** {@code request} is the peer's offer as seen from our side. */
    public boolean accepts(final QuickModeRequest request)
    {
        if (request.tunnel())
        {
            return tunnels.stream().anyMatch(t -> t.covers(request));
        }
        return l2tpTransport && request.protocol() == QuickModeRequest.UDP && request.localPort() == ChildSa.L2TP_PORT &&
            (request.remotePort() == ChildSa.L2TP_PORT || request.remotePort() == 0);
    }
}
