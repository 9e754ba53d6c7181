package io.portcullis.dataplane.worker;

import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.L2tpSessionConfig;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import static io.portcullis.dataplane.worker.WorkerCommandDescriptor.*;

/**
 * The control plane's side of a worker's command ring: encodes commands. Not thread safe:
 * one control-plane thread writes to a given worker's ring (it is one-to-one).
 * Returns false when the ring is full; the caller retries later.
 */
public final class WorkerCommandProxy
{
    private final RingBuffer ring;
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(MAX_ADD_SA_LENGTH);

    public WorkerCommandProxy(final RingBuffer ring)
    {
        this.ring = ring;
    }

    /**
     * Installs an SA on the worker. Outbound SAs are installed under {@code handle}, which
     * sessions and routes use to pick them; inbound SAs under their SPI ({@code handle} ignored).
     */
    public boolean addSa(final long correlationId, final int handle, final EspSaConfig sa)
    {
        scratch.putLong(CORRELATION_ID, correlationId);
        scratch.putInt(HANDLE, handle);
        scratch.putInt(SPI, sa.spi());
        scratch.putByte(INBOUND, (byte)(sa.inbound() ? 1 : 0));
        scratch.putByte(MODE, (byte)sa.mode().ordinal());
        scratch.putByte(CIPHER, (byte)sa.cipher().ordinal());
        scratch.putByte(INTEGRITY, (byte)sa.integrity().ordinal());
        scratch.putByte(ESN, (byte)(sa.extendedSequenceNumbers() ? 1 : 0));
        final EspSaConfig.NatT natT = sa.natT();
        scratch.putByte(NAT_T, (byte)(natT != null ? 1 : 0));
        scratch.putShort(NAT_LOCAL_PORT, (short)(natT != null ? natT.localPort() : 0));
        scratch.putShort(NAT_REMOTE_PORT, (short)(natT != null ? natT.remotePort() : 0));
        scratch.putInt(REPLAY_WINDOW, sa.replayWindow());
        scratch.putInt(LOCAL_ADDRESS, sa.localAddress());
        scratch.putInt(REMOTE_ADDRESS, sa.remoteAddress());
        scratch.putInt(NAT_ORIGINAL_SOURCE, natT != null ? natT.originalSourceAddress() : 0);
        scratch.putInt(NAT_ORIGINAL_DESTINATION, natT != null ? natT.originalDestinationAddress() : 0);
        scratch.putLong(SOFT_BYTES, sa.lifetime().softBytes());
        scratch.putLong(HARD_BYTES, sa.lifetime().hardBytes());
        scratch.putLong(SOFT_PACKETS, sa.lifetime().softPackets());
        scratch.putLong(HARD_PACKETS, sa.lifetime().hardPackets());
        int at = KEYS;
        at = putKey(at, sa.cipherKey());
        at = putKey(at, sa.integrityKey());
        final boolean written = ring.write(ADD_SA, scratch, 0, at);
        scratch.setMemory(KEYS, at - KEYS, (byte)0);  // keys do not linger in the control plane's scratch
        return written;
    }

    public boolean removeSa(final long correlationId, final int handle, final int spi, final boolean inbound)
    {
        scratch.putLong(CORRELATION_ID, correlationId);
        scratch.putInt(HANDLE, handle);
        scratch.putInt(SPI, spi);
        scratch.putByte(INBOUND, (byte)(inbound ? 1 : 0));
        return ring.write(REMOVE_SA, scratch, 0, REMOVE_SA_LENGTH);
    }

    /** A client is up: its L2TP session and the host route to its address, with the tunnel's MTU. */
    public boolean addClient(final long correlationId, final L2tpSessionConfig session, final int mtu)
    {
        scratch.putLong(CORRELATION_ID, correlationId);
        scratch.putInt(LOCAL_TUNNEL_ID, session.localTunnelId());
        scratch.putInt(LOCAL_SESSION_ID, session.localSessionId());
        scratch.putInt(PEER_TUNNEL_ID, session.peerTunnelId());
        scratch.putInt(PEER_SESSION_ID, session.peerSessionId());
        scratch.putInt(SESSION_LOCAL_ADDRESS, session.localAddress());
        scratch.putInt(SESSION_LOCAL_PORT, session.localPort());
        scratch.putInt(SESSION_PEER_ADDRESS, session.peerAddress());
        scratch.putInt(SESSION_PEER_PORT, session.peerPort());
        scratch.putInt(FRAMING, (session.sequencing() ? FRAMING_SEQUENCING : 0) |
            (session.lengthField() ? FRAMING_LENGTH : 0) | (session.udpChecksum() ? FRAMING_UDP_CHECKSUM : 0) |
            (session.addressControlCompression() ? FRAMING_ACFC : 0) |
            (session.protocolCompression() ? FRAMING_PFC : 0));
        scratch.putInt(CLIENT_ADDRESS, session.clientAddress());
        scratch.putLong(CLIENT_IPV6_PREFIX, session.clientIpv6Prefix());
        scratch.putInt(ESP_SA_HANDLE, session.espSaHandle());
        scratch.putInt(CLIENT_MTU, mtu);
        return ring.write(ADD_CLIENT, scratch, 0, ADD_CLIENT_LENGTH);
    }

    public boolean removeClient(final long correlationId, final int localTunnelId, final int localSessionId)
    {
        scratch.putLong(CORRELATION_ID, correlationId);
        scratch.putInt(LOCAL_TUNNEL_ID, localTunnelId);
        scratch.putInt(LOCAL_SESSION_ID, localSessionId);
        return ring.write(REMOVE_CLIENT, scratch, 0, REMOVE_CLIENT_LENGTH);
    }

    /** Asks for a session's traffic counts; the answer carries {@code queryId} back on the reply ring. */
    public boolean querySession(final long correlationId, final int localTunnelId, final int localSessionId,
        final long queryId)
    {
        scratch.putLong(CORRELATION_ID, correlationId);
        scratch.putInt(LOCAL_TUNNEL_ID, localTunnelId);
        scratch.putInt(LOCAL_SESSION_ID, localSessionId);
        scratch.putLong(QUERY_ID, queryId);
        return ring.write(QUERY_SESSION, scratch, 0, QUERY_SESSION_LENGTH);
    }

    /** A LAN route: {@code nextHop} 0 means on-link; {@code port} is the worker's port index. */
    public boolean addRoute(
        final long correlationId, final int prefix, final int prefixLength, final int nextHop, final int port,
        final int mtu)
    {
        scratch.putLong(CORRELATION_ID, correlationId);
        scratch.putInt(PREFIX, prefix);
        scratch.putInt(PREFIX_LENGTH, prefixLength);
        scratch.putInt(NEXT_HOP, nextHop);
        scratch.putInt(ROUTE_PORT, port);
        scratch.putInt(ROUTE_MTU, mtu);
        return ring.write(ADD_ROUTE, scratch, 0, ADD_ROUTE_LENGTH);
    }

    /** An address of the appliance's own, beside its ports'. */
    public boolean addLocal(final long correlationId, final int address)
    {
        scratch.putLong(CORRELATION_ID, correlationId);
        scratch.putInt(OWN_ADDRESS, address);
        return ring.write(ADD_LOCAL, scratch, 0, ADD_LOCAL_LENGTH);
    }

    public boolean removeRoute(final long correlationId, final int prefix, final int prefixLength)
    {
        scratch.putLong(CORRELATION_ID, correlationId);
        scratch.putInt(PREFIX, prefix);
        scratch.putInt(PREFIX_LENGTH, prefixLength);
        return ring.write(REMOVE_ROUTE, scratch, 0, REMOVE_ROUTE_LENGTH);
    }

    /**
     * A datagram for the worker to send (see {@link io.portcullis.dataplane.api.DataplaneCommands#sendUdp}):
     * the payload from its position to its limit, which is left unchanged.
     */
    public boolean sendUdp(
        final long correlationId, final int localAddress, final int localPort, final int remoteAddress,
        final int remotePort, final java.nio.ByteBuffer payload, final int espSaHandle)
    {
        final int length = payload.remaining();
        if (length > MAX_UDP_PAYLOAD)
        {
            throw new IllegalArgumentException("UDP payload of " + length + " bytes is over " + MAX_UDP_PAYLOAD);
        }
        scratch.putLong(CORRELATION_ID, correlationId);
        scratch.putInt(UDP_LOCAL_ADDRESS, localAddress);
        scratch.putInt(UDP_LOCAL_PORT, localPort);
        scratch.putInt(UDP_REMOTE_ADDRESS, remoteAddress);
        scratch.putInt(UDP_REMOTE_PORT, remotePort);
        scratch.putInt(UDP_ESP_SA_HANDLE, espSaHandle);
        scratch.putInt(UDP_PAYLOAD_LENGTH, length);
        scratch.putBytes(UDP_PAYLOAD, payload, payload.position(), length);
        return ring.write(SEND_UDP, scratch, 0, UDP_PAYLOAD + length);
    }

    private int putKey(final int at, final byte[] key)
    {
        if (key.length > 64)
        {
            throw new IllegalArgumentException("key longer than 64 bytes");
        }
        scratch.putByte(at, (byte)key.length);
        scratch.putBytes(at + 1, key);
        return at + 1 + key.length;
    }
}
