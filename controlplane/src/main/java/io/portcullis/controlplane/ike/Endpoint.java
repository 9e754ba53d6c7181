package io.portcullis.controlplane.ike;

/**
 * Both ends of a UDP flow as seen on the wire (after NAT), addresses IPv4 in host order. Peers
 * are told apart by this, never by address alone: several clients may share one NAT address.
 */
public record Endpoint(int localAddress, int localPort, int remoteAddress, int remotePort)
{
    public static final int IKE_PORT = 500;
    public static final int NAT_T_PORT = 4500;

    /** The same flow moved to port 4500 on both sides (RFC 3947 §4), before the NAT maps it anew. */
    public Endpoint floated()
    {
        return new Endpoint(localAddress, NAT_T_PORT, remoteAddress, NAT_T_PORT);
    }

    public static String address(final int address)
    {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    @Override
    public String toString()
    {
        return address(remoteAddress) + ":" + remotePort + "->" + address(localAddress) + ":" + localPort;
    }
}
