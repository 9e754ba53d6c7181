package io.portcullis.dataplane.worker;

/**
 * Commands the control plane sends a worker over its one-to-one ring, one message each
 * (the ring's message type id is the command). All fields little-endian (the ring's native order).
 * <pre>
 * every command:   correlationId:long
 * ADD_SA           correlationId:long handle:int spi:int inbound:byte mode:byte cipher:byte
 *                  integrity:byte esn:byte natT:byte natLocalPort:short natRemotePort:short
 *                  replayWindow:int localAddress:int remoteAddress:int
 *                  natOriginalSource:int natOriginalDestination:int
 *                  softBytes:long hardBytes:long softPackets:long hardPackets:long
 *                  cipherKeyLength:byte cipherKey:bytes integrityKeyLength:byte integrityKey:bytes
 * REMOVE_SA        correlationId:long handle:int spi:int inbound:byte
 * ADD_CLIENT       correlationId:long localTunnelId:int localSessionId:int peerTunnelId:int
 *                  peerSessionId:int localAddress:int localPort:int peerAddress:int peerPort:int
 *                  framing:int (bits: sequencing, length, udp checksum, ACFC, PFC)
 *                  clientAddress:int clientIpv6Prefix:long espSaHandle:int mtu:int
 * REMOVE_CLIENT    correlationId:long localTunnelId:int localSessionId:int
 * ADD_ROUTE        correlationId:long prefix:int prefixLength:int nextHop:int port:int mtu:int
 * REMOVE_ROUTE     correlationId:long prefix:int prefixLength:int
 * SEND_UDP         correlationId:long localAddress:int localPort:int remoteAddress:int remotePort:int
 *                  espSaHandle:int payloadLength:int payload:bytes
 * QUERY_SESSION    correlationId:long localTunnelId:int localSessionId:int queryId:long
 * ADD_LOCAL        correlationId:long ownAddress:int
 * </pre>
 * ADD_LOCAL makes an address the appliance's own (beside its ports'), answering echo requests.
 * QUERY_SESSION asks for a session's traffic counts; the worker answers on the reply ring
 * ({@link SessionTrafficProxy}) whether or not it has the session, so the asker hears from every
 * worker it asked.
 * ADD_CLIENT installs a client's L2TP session and its host route together (PPP is up);
 * REMOVE_CLIENT takes both away.
 * For an inbound SA the key is the SPI; for an outbound one, the handle packets carry.
 */
final class WorkerCommandDescriptor
{
    static final int ADD_SA = 1;
    static final int REMOVE_SA = 2;
    static final int ADD_CLIENT = 3;
    static final int REMOVE_CLIENT = 4;
    static final int ADD_ROUTE = 5;
    static final int REMOVE_ROUTE = 6;
    static final int SEND_UDP = 7;
    static final int QUERY_SESSION = 8;
    static final int ADD_LOCAL = 9;

    // ADD_CLIENT / REMOVE_CLIENT
    static final int LOCAL_TUNNEL_ID = 8;
    static final int LOCAL_SESSION_ID = 12;
    static final int PEER_TUNNEL_ID = 16;
    static final int PEER_SESSION_ID = 20;
    static final int SESSION_LOCAL_ADDRESS = 24;
    static final int SESSION_LOCAL_PORT = 28;
    static final int SESSION_PEER_ADDRESS = 32;
    static final int SESSION_PEER_PORT = 36;
    static final int FRAMING = 40;
    static final int CLIENT_ADDRESS = 44;
    static final int CLIENT_IPV6_PREFIX = 48;
    static final int ESP_SA_HANDLE = 56;
    static final int CLIENT_MTU = 60;
    static final int ADD_CLIENT_LENGTH = 64;
    static final int REMOVE_CLIENT_LENGTH = 16;
    static final int QUERY_ID = 16;
    static final int QUERY_SESSION_LENGTH = 24;
    static final int FRAMING_SEQUENCING = 1;
    static final int FRAMING_LENGTH = 2;
    static final int FRAMING_UDP_CHECKSUM = 4;
    static final int FRAMING_ACFC = 8;
    static final int FRAMING_PFC = 16;

    // ADD_ROUTE / REMOVE_ROUTE
    static final int PREFIX = 8;
    static final int PREFIX_LENGTH = 12;
    static final int NEXT_HOP = 16;
    static final int ROUTE_PORT = 20;
    static final int ROUTE_MTU = 24;
    static final int ADD_ROUTE_LENGTH = 28;
    static final int REMOVE_ROUTE_LENGTH = 16;

    // ADD_LOCAL
    static final int OWN_ADDRESS = 8;
    static final int ADD_LOCAL_LENGTH = 12;

    // SEND_UDP
    static final int UDP_LOCAL_ADDRESS = 8;
    static final int UDP_LOCAL_PORT = 12;
    static final int UDP_REMOTE_ADDRESS = 16;
    static final int UDP_REMOTE_PORT = 20;
    static final int UDP_ESP_SA_HANDLE = 24;
    static final int UDP_PAYLOAD_LENGTH = 28;
    static final int UDP_PAYLOAD = 32;
    /**
     * The largest datagram the control plane may send: it must fit one mbuf with room for the
     * IPv4, UDP, ESP and Ethernet headers (IKE fragments itself above this, RFC 7383).
     */
    static final int MAX_UDP_PAYLOAD = 1600;

    static final int CORRELATION_ID = 0;
    static final int HANDLE = 8;
    static final int SPI = 12;
    static final int INBOUND = 16;
    static final int MODE = 17;
    static final int CIPHER = 18;
    static final int INTEGRITY = 19;
    static final int ESN = 20;
    static final int NAT_T = 21;
    static final int NAT_LOCAL_PORT = 22;
    static final int NAT_REMOTE_PORT = 24;
    static final int REPLAY_WINDOW = 26;
    static final int LOCAL_ADDRESS = 30;
    static final int REMOTE_ADDRESS = 34;
    static final int NAT_ORIGINAL_SOURCE = 38;
    static final int NAT_ORIGINAL_DESTINATION = 42;
    static final int SOFT_BYTES = 46;
    static final int HARD_BYTES = 54;
    static final int SOFT_PACKETS = 62;
    static final int HARD_PACKETS = 70;
    static final int KEYS = 78;

    static final int REMOVE_SA_LENGTH = INBOUND + 1;
    /** Keys are at most 36 bytes (AES-256 + salt) and 32 (HMAC-SHA-256). */
    static final int MAX_ADD_SA_LENGTH = KEYS + 1 + 64 + 1 + 64;

    private WorkerCommandDescriptor()
    {
    }
}
