package io.portcullis.dataplane.api;

/**
 * What the control plane installs for one L2TPv2 session (RFC 2661) once its PPP link is up:
 * the ids both ends chose, the UDP endpoints, the data-message framing negotiated, the
 * client's addresses and the outbound ESP SA its traffic leaves through. The dataplane keeps
 * its own runtime record. Addresses are IPv4 in host order.
 *
 * @param localTunnelId     the Tunnel ID we assigned: the one in the peer's data messages (RFC 2661 §3.1).
 * @param localSessionId    the Session ID we assigned.
 * @param peerTunnelId      the Tunnel ID the peer assigned: the one we send.
 * @param peerSessionId     the Session ID the peer assigned.
 * @param localAddress      our address: outer source of what we send.
 * @param localPort         our UDP port (1701).
 * @param peerAddress       the peer's address as seen after ESP (after NAT, its public one).
 * @param peerPort          the peer's UDP port (RFC 2661 §8.1: fixed for the life of the tunnel).
 * @param sequencing        send Ns in data messages (RFC 2661 §5.4: the LAC's choice, or the LNS's
 *                          Sequencing Required AVP); received Ns is tracked whenever the S bit is set.
 * @param lengthField       send the optional Length field (L bit) in data messages.
 * @param udpChecksum       compute UDP checksums on data messages (RFC 2661 §8.1: MUST be the
 *                          default; an implementation MAY offer to turn it off for data).
 * @param addressControlCompression the peer accepted ACFC (RFC 1661 §6.6): omit FF 03.
 * @param protocolCompression       the peer accepted PFC (RFC 1661 §6.5): one-byte protocol where possible.
 * @param clientAddress     the IPv4 address IPCP gave the client (0: none yet, IPv4 from it is dropped).
 * @param clientIpv6Prefix  the high 64 bits of the client's IPv6 /64 (0: none, global IPv6 from it is dropped).
 * @param espSaHandle       the outbound ESP SA handle (from the worker's SA table) for this session's packets.
 */
public record L2tpSessionConfig(
    int localTunnelId,
    int localSessionId,
    int peerTunnelId,
    int peerSessionId,
    int localAddress,
    int localPort,
    int peerAddress,
    int peerPort,
    boolean sequencing,
    boolean lengthField,
    boolean udpChecksum,
    boolean addressControlCompression,
    boolean protocolCompression,
    int clientAddress,
    long clientIpv6Prefix,
    int espSaHandle)
{
    public static final int L2TP_PORT = 1701;

    public L2tpSessionConfig
    {
        // RFC 2661 §3.1: ids are 16 bits; 0 names the tunnel itself (control), never a data session.
        requireId("localTunnelId", localTunnelId);
        requireId("localSessionId", localSessionId);
        requireId("peerTunnelId", peerTunnelId);
        requireId("peerSessionId", peerSessionId);
        requirePort("localPort", localPort);
        requirePort("peerPort", peerPort);
    }

    /**
     * A session with the framing most clients negotiate: Length field, no sequencing, UDP
     * checksums, full PPP header; ports 1701 on both ends.
     */
    public static L2tpSessionConfig of(
        final int localTunnelId, final int localSessionId, final int peerTunnelId, final int peerSessionId,
        final int localAddress, final int peerAddress, final int clientAddress, final int espSaHandle)
    {
        return new L2tpSessionConfig(localTunnelId, localSessionId, peerTunnelId, peerSessionId, localAddress,
            L2TP_PORT, peerAddress, L2TP_PORT, false, true, true, false, false, clientAddress, 0, espSaHandle);
    }

    public L2tpSessionConfig withSequencing(final boolean sequencing)
    {
        return new L2tpSessionConfig(localTunnelId, localSessionId, peerTunnelId, peerSessionId, localAddress,
            localPort, peerAddress, peerPort, sequencing, lengthField, udpChecksum, addressControlCompression,
            protocolCompression, clientAddress, clientIpv6Prefix, espSaHandle);
    }

    public L2tpSessionConfig withFraming(
        final boolean lengthField, final boolean udpChecksum, final boolean addressControlCompression,
        final boolean protocolCompression)
    {
        return new L2tpSessionConfig(localTunnelId, localSessionId, peerTunnelId, peerSessionId, localAddress,
            localPort, peerAddress, peerPort, sequencing, lengthField, udpChecksum, addressControlCompression,
            protocolCompression, clientAddress, clientIpv6Prefix, espSaHandle);
    }

    public L2tpSessionConfig withPorts(final int localPort, final int peerPort)
    {
        return new L2tpSessionConfig(localTunnelId, localSessionId, peerTunnelId, peerSessionId, localAddress,
            localPort, peerAddress, peerPort, sequencing, lengthField, udpChecksum, addressControlCompression,
            protocolCompression, clientAddress, clientIpv6Prefix, espSaHandle);
    }

    public L2tpSessionConfig withClient(final int clientAddress, final long clientIpv6Prefix)
    {
        return new L2tpSessionConfig(localTunnelId, localSessionId, peerTunnelId, peerSessionId, localAddress,
            localPort, peerAddress, peerPort, sequencing, lengthField, udpChecksum, addressControlCompression,
            protocolCompression, clientAddress, clientIpv6Prefix, espSaHandle);
    }

    public L2tpSessionConfig withEspSaHandle(final int espSaHandle)
    {
        return new L2tpSessionConfig(localTunnelId, localSessionId, peerTunnelId, peerSessionId, localAddress,
            localPort, peerAddress, peerPort, sequencing, lengthField, udpChecksum, addressControlCompression,
            protocolCompression, clientAddress, clientIpv6Prefix, espSaHandle);
    }

    private static void requireId(final String name, final int id)
    {
        if (id < 1 || id > 0xFFFF)
        {
            throw new IllegalArgumentException(name + " must be 1-65535 (RFC 2661 §3.1): " + id);
        }
    }

    private static void requirePort(final String name, final int port)
    {
        if (port < 1 || port > 0xFFFF)
        {
            throw new IllegalArgumentException(name + " must be 1-65535: " + port);
        }
    }
}
