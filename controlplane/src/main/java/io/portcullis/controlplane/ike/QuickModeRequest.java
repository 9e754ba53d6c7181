package io.portcullis.controlplane.ike;

import io.portcullis.controlplane.ike.crypto.DiffieHellmanGroup;

/**
 * What a Quick Mode we initiate asks for (RFC 2409 §5.5): the selectors and mode, and a PFS group.
 * Transport mode protects traffic between the two IKE addresses; tunnel mode the two subnets.
 *
 * @param pfsGroup null for no perfect forward secrecy.
 */
public record QuickModeRequest(boolean tunnel, int protocol, int localPort, int remotePort, int localSubnet,
    int localMask, int remoteSubnet, int remoteMask, DiffieHellmanGroup pfsGroup)
{
    public static final int UDP = 17;

    /** RFC 3193 §4: L2TP over IPsec protects UDP port 1701 in transport mode. */
    public static QuickModeRequest l2tpTransport()
    {
        return new QuickModeRequest(false, UDP, ChildSa.L2TP_PORT, ChildSa.L2TP_PORT, 0, 0, 0, 0, null);
    }

    public static QuickModeRequest tunnel(final int localSubnet, final int localMask, final int remoteSubnet,
        final int remoteMask)
    {
        return new QuickModeRequest(true, 0, 0, 0, localSubnet, localMask, remoteSubnet, remoteMask, null);
    }

    public QuickModeRequest withPfs(final DiffieHellmanGroup group)
    {
        return new QuickModeRequest(tunnel, protocol, localPort, remotePort, localSubnet, localMask, remoteSubnet,
            remoteMask, group);
    }
}
