package io.portcullis.dataplane.l2tp;

import io.portcullis.dataplane.api.L2tpSessionConfig;

/**
 * The dataplane's runtime record of one L2TP session: compact, owned by one worker, built from
 * an {@link L2tpSessionConfig}. Sequence state and the accounting counters are written by the
 * worker only; read them on its thread (the control plane asks the worker, it does not peek).
 * Each worker has its own record of a session, so a session's received and sent counts may
 * be on different workers: accounting adds them up.
 */
public final class L2tpSession
{
    final int handle;
    final int localTunnelId;
    final int localSessionId;
    final int peerTunnelId;
    final int peerSessionId;
    final int localAddress;
    final int localPort;
    final int peerAddress;
    final int peerPort;
    final boolean sequencing;
    final boolean lengthField;
    final boolean udpChecksum;
    final boolean addressControlCompression;
    final boolean protocolCompression;
    final int clientAddress;
    final long clientIpv6Prefix;
    final int espSaHandle;
    /** The headers l2tp-encap writes, worked out once. */
    final L2tpFraming framing;

    /** Ns of the next data message we send (16 bits, RFC 2661 §5.4). */
    int nextNs;
    /** Ns we expect next from the peer (16 bits). */
    int expectedNs;
    /** The outer IPv4 header's Identification. */
    short ipId;
    long rxPackets;
    long rxBytes;
    long txPackets;
    long txBytes;
    /** The largest inner IPv4 packet the tunnel carries whole, as the worker last worked it out (see L2tpEncap#cachedTunnelMtu). */
    int tunnelMtu;
    /** The routes' and SAs' version that tunnelMtu was worked out at; -1: never. */
    long tunnelMtuVersion = -1;

    L2tpSession(final int handle, final L2tpSessionConfig config)
    {
        this.handle = handle;
        this.localTunnelId = config.localTunnelId();
        this.localSessionId = config.localSessionId();
        this.peerTunnelId = config.peerTunnelId();
        this.peerSessionId = config.peerSessionId();
        this.localAddress = config.localAddress();
        this.localPort = config.localPort();
        this.peerAddress = config.peerAddress();
        this.peerPort = config.peerPort();
        this.sequencing = config.sequencing();
        this.lengthField = config.lengthField();
        this.udpChecksum = config.udpChecksum();
        this.addressControlCompression = config.addressControlCompression();
        this.protocolCompression = config.protocolCompression();
        this.clientAddress = config.clientAddress();
        this.clientIpv6Prefix = config.clientIpv6Prefix();
        this.espSaHandle = config.espSaHandle();
        this.framing = new L2tpFraming(localAddress, peerAddress, localPort, peerPort, peerTunnelId, peerSessionId,
            lengthField, sequencing, addressControlCompression, protocolCompression);
    }

    /** The outbound ESP SA this session's packets leave through (its owner worker encapsulates them). */
    public int espSaHandle()
    {
        return espSaHandle;
    }

    /** The handle routes and packets carry to name this session. */
    public int handle()
    {
        return handle;
    }

    /** The address IPCP gave the client (its host route points at this session). */
    public int clientAddress()
    {
        return clientAddress;
    }

    public int localTunnelId()
    {
        return localTunnelId;
    }

    public int localSessionId()
    {
        return localSessionId;
    }

    /** Inner IP packets forwarded from the client, and their bytes (IP headers included). */
    public long rxPackets()
    {
        return rxPackets;
    }

    public long rxBytes()
    {
        return rxBytes;
    }

    /** Inner IP packets sent to the client, and their bytes (IP headers included). */
    public long txPackets()
    {
        return txPackets;
    }

    public long txBytes()
    {
        return txBytes;
    }

    /** Ns of the next data message we send. */
    public int nextNs()
    {
        return nextNs;
    }

    /** Ns we expect next from the peer. */
    public int expectedNs()
    {
        return expectedNs;
    }

    /** Carries the worker-side state over to a record built from a new config. */
    void copyStateTo(final L2tpSession other)
    {
        other.nextNs = nextNs;
        other.expectedNs = expectedNs;
        other.ipId = ipId;
        other.rxPackets = rxPackets;
        other.rxBytes = rxBytes;
        other.txPackets = txPackets;
        other.txBytes = txBytes;
    }
}
