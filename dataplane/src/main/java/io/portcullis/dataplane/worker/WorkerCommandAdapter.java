package io.portcullis.dataplane.worker;

import io.portcullis.dataplane.api.EspCipher;
import io.portcullis.dataplane.api.EspIntegrity;
import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.SaLifetime;
import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.esp.SaTable;
import io.portcullis.dataplane.ip.RouteTable;
import io.portcullis.dataplane.l2tp.L2tpSession;
import io.portcullis.dataplane.l2tp.SessionTable;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import static io.portcullis.dataplane.worker.WorkerCommandDescriptor.*;

/**
 * The worker's side of its command ring: decodes commands and applies them to the worker's
 * own tables, between bursts, at most a bounded number per duty cycle so that control work
 * never starves packet I/O. A command that cannot be applied is reported, never thrown.
 */
public final class WorkerCommandAdapter implements MessageHandler
{
    /** What the control plane hears back about each command. */
    public interface Listener
    {
        void onApplied(long correlationId);

        /** {@code reason} names the rule; it never contains key material. */
        void onRejected(long correlationId, String reason);

        /**
         * The answer to QUERY_SESSION, on the worker's thread: this worker's counts of the
         * session ({@code found} false and zeros if it has none). Must not block or allocate.
         */
        default void onSessionTraffic(long queryId, boolean found, long inputOctets, long outputOctets,
            long inputPackets, long outputPackets)
        {
        }
    }

    private final RingBuffer ring;
    private final SaTable saTable;
    private final SessionTable sessions;
    private final RouteTable routes;
    private final Listener listener;
    private DatagramSender sender = DatagramSender.NONE;

    public WorkerCommandAdapter(
        final RingBuffer ring, final SaTable saTable, final SessionTable sessions, final RouteTable routes,
        final Listener listener)
    {
        this.ring = ring;
        this.saTable = saTable;
        this.sessions = sessions;
        this.routes = routes;
        this.listener = listener;
    }

    /** Who sends SEND_UDP's datagrams: the worker, once it exists (it is built around this adapter). */
    public void datagramSender(final DatagramSender sender)
    {
        this.sender = sender;
    }

    /** Applies up to {@code limit} commands; returns how many it read. */
    public int poll(final int limit)
    {
        return ring.read(this, limit);
    }

    @Override
    public void onMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long correlationId = length >= 8 ? buffer.getLong(index + CORRELATION_ID) : 0;
        try
        {
            switch (type)
            {
                case ADD_SA -> addSa(buffer, index, length);
                case REMOVE_SA -> removeSa(buffer, index, length);
                case ADD_CLIENT -> addClient(buffer, index, length);
                case REMOVE_CLIENT -> removeClient(buffer, index, length);
                case ADD_ROUTE -> addRoute(buffer, index, length);
                case REMOVE_ROUTE -> removeRoute(buffer, index, length);
                case SEND_UDP -> sendUdp(buffer, index, length);
                case QUERY_SESSION -> querySession(buffer, index, length);
                case ADD_LOCAL -> addLocal(buffer, index, length);
                default -> throw new IllegalArgumentException("unknown command type " + type);
            }
            listener.onApplied(correlationId);
        }
        catch (final IllegalArgumentException ex)
        {
            listener.onRejected(correlationId, ex.getMessage());
        }
        finally
        {
            if (type == ADD_SA && length > KEYS)
            {
                buffer.setMemory(index + KEYS, length - KEYS, (byte)0);  // keys leave the ring
            }
        }
    }

    private void addSa(final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (length < KEYS + 2)
        {
            throw new IllegalArgumentException("ADD_SA of " + length + " bytes is truncated");
        }
        final byte[] cipherKey = key(buffer, index + KEYS, index + length);
        final int integrityAt = index + KEYS + 1 + cipherKey.length;
        final byte[] integrityKey = key(buffer, integrityAt, index + length);
        final boolean natT = buffer.getByte(index + NAT_T) != 0;
        final EspSaConfig config = new EspSaConfig(
            buffer.getInt(index + SPI),
            buffer.getByte(index + INBOUND) != 0,
            enumAt(EspMode.values(), buffer.getByte(index + MODE), "mode"),
            enumAt(EspCipher.values(), buffer.getByte(index + CIPHER), "cipher"),
            cipherKey,
            enumAt(EspIntegrity.values(), buffer.getByte(index + INTEGRITY), "integrity"),
            integrityKey,
            buffer.getByte(index + ESN) != 0,
            buffer.getInt(index + REPLAY_WINDOW),
            buffer.getInt(index + LOCAL_ADDRESS),
            buffer.getInt(index + REMOTE_ADDRESS),
            natT ? new EspSaConfig.NatT(
                buffer.getShort(index + NAT_LOCAL_PORT) & 0xFFFF,
                buffer.getShort(index + NAT_REMOTE_PORT) & 0xFFFF,
                buffer.getInt(index + NAT_ORIGINAL_SOURCE),
                buffer.getInt(index + NAT_ORIGINAL_DESTINATION)) : null,
            new SaLifetime(
                buffer.getLong(index + SOFT_BYTES),
                buffer.getLong(index + HARD_BYTES),
                buffer.getLong(index + SOFT_PACKETS),
                buffer.getLong(index + HARD_PACKETS)));
        try
        {
            if (config.inbound())
            {
                saTable.addInbound(config);
            }
            else
            {
                saTable.addOutbound(buffer.getInt(index + HANDLE), config);
            }
        }
        finally
        {
            java.util.Arrays.fill(cipherKey, (byte)0);
            java.util.Arrays.fill(integrityKey, (byte)0);
        }
    }

    private void removeSa(final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (length < REMOVE_SA_LENGTH)
        {
            throw new IllegalArgumentException("REMOVE_SA of " + length + " bytes is truncated");
        }
        final boolean inbound = buffer.getByte(index + INBOUND) != 0;
        final boolean removed = inbound ?
            saTable.removeInbound(buffer.getInt(index + SPI)) :
            saTable.removeOutbound(buffer.getInt(index + HANDLE), buffer.getInt(index + SPI));
        if (!removed)
        {
            throw new IllegalArgumentException("no such " + (inbound ? "inbound SA, SPI 0x" +
                Integer.toHexString(buffer.getInt(index + SPI)) : "outbound SA, handle " +
                buffer.getInt(index + HANDLE)));
        }
    }

    private void addClient(final MutableDirectBuffer buffer, final int index, final int length)
    {
        requireLength("ADD_CLIENT", length, ADD_CLIENT_LENGTH);
        final int framing = buffer.getInt(index + FRAMING);
        final L2tpSessionConfig config = new L2tpSessionConfig(
            buffer.getInt(index + LOCAL_TUNNEL_ID), buffer.getInt(index + LOCAL_SESSION_ID),
            buffer.getInt(index + PEER_TUNNEL_ID), buffer.getInt(index + PEER_SESSION_ID),
            buffer.getInt(index + SESSION_LOCAL_ADDRESS), buffer.getInt(index + SESSION_LOCAL_PORT),
            buffer.getInt(index + SESSION_PEER_ADDRESS), buffer.getInt(index + SESSION_PEER_PORT),
            (framing & FRAMING_SEQUENCING) != 0, (framing & FRAMING_LENGTH) != 0,
            (framing & FRAMING_UDP_CHECKSUM) != 0, (framing & FRAMING_ACFC) != 0, (framing & FRAMING_PFC) != 0,
            buffer.getInt(index + CLIENT_ADDRESS), buffer.getLong(index + CLIENT_IPV6_PREFIX),
            buffer.getInt(index + ESP_SA_HANDLE));
        if (routes.find(config.clientAddress(), 32) >= 0)
        {
            throw new IllegalArgumentException("a route for the client address already exists");
        }
        final int session = sessions.add(config);
        if (routes.addClient(config.clientAddress(), session, buffer.getInt(index + CLIENT_MTU)) < 0)
        {
            sessions.remove(session);
            throw new IllegalArgumentException("route table full");
        }
    }

    private void removeClient(final MutableDirectBuffer buffer, final int index, final int length)
    {
        requireLength("REMOVE_CLIENT", length, REMOVE_CLIENT_LENGTH);
        final L2tpSession session = sessions.lookup(
            buffer.getInt(index + LOCAL_TUNNEL_ID), buffer.getInt(index + LOCAL_SESSION_ID));
        if (session == null)
        {
            throw new IllegalArgumentException("no such session " + buffer.getInt(index + LOCAL_TUNNEL_ID) + "/" +
                buffer.getInt(index + LOCAL_SESSION_ID));
        }
        routes.remove(session.clientAddress(), 32);
        sessions.remove(session.handle());
    }

    private void querySession(final MutableDirectBuffer buffer, final int index, final int length)
    {
        requireLength("QUERY_SESSION", length, QUERY_SESSION_LENGTH);
        final L2tpSession session = sessions.lookup(
            buffer.getInt(index + LOCAL_TUNNEL_ID), buffer.getInt(index + LOCAL_SESSION_ID));
        final long queryId = buffer.getLong(index + QUERY_ID);
        if (session == null)
        {
            listener.onSessionTraffic(queryId, false, 0, 0, 0, 0);
        }
        else
        {
            // RFC 2866: input is what the client sent us (rx), output what we sent it (tx).
            listener.onSessionTraffic(queryId, true, session.rxBytes(), session.txBytes(), session.rxPackets(),
                session.txPackets());
        }
    }

    private void addRoute(final MutableDirectBuffer buffer, final int index, final int length)
    {
        requireLength("ADD_ROUTE", length, ADD_ROUTE_LENGTH);
        final int prefixLength = buffer.getInt(index + PREFIX_LENGTH);
        if (prefixLength < 0 || prefixLength > 32)
        {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not 0..32");
        }
        if (routes.addLan(buffer.getInt(index + PREFIX), prefixLength, buffer.getInt(index + NEXT_HOP),
            buffer.getInt(index + ROUTE_PORT), buffer.getInt(index + ROUTE_MTU)) < 0)
        {
            throw new IllegalArgumentException("route table full");
        }
    }

    private void addLocal(final MutableDirectBuffer buffer, final int index, final int length)
    {
        requireLength("ADD_LOCAL", length, ADD_LOCAL_LENGTH);
        if (routes.addLocal(buffer.getInt(index + OWN_ADDRESS)) < 0)
        {
            throw new IllegalArgumentException("route table full");
        }
    }

    private void removeRoute(final MutableDirectBuffer buffer, final int index, final int length)
    {
        requireLength("REMOVE_ROUTE", length, REMOVE_ROUTE_LENGTH);
        if (!routes.remove(buffer.getInt(index + PREFIX), buffer.getInt(index + PREFIX_LENGTH)))
        {
            throw new IllegalArgumentException("no such route");
        }
    }

    private void sendUdp(final MutableDirectBuffer buffer, final int index, final int length)
    {
        requireLength("SEND_UDP", length, UDP_PAYLOAD);
        final int payloadLength = buffer.getInt(index + UDP_PAYLOAD_LENGTH);
        if (payloadLength < 0 || payloadLength > length - UDP_PAYLOAD)
        {
            throw new IllegalArgumentException("SEND_UDP payload length " + payloadLength + " runs past the message");
        }
        sender.sendUdp(buffer, index + UDP_PAYLOAD, payloadLength,
            buffer.getInt(index + UDP_LOCAL_ADDRESS), buffer.getInt(index + UDP_LOCAL_PORT),
            buffer.getInt(index + UDP_REMOTE_ADDRESS), buffer.getInt(index + UDP_REMOTE_PORT),
            buffer.getInt(index + UDP_ESP_SA_HANDLE));
    }

    private static void requireLength(final String command, final int length, final int required)
    {
        if (length < required)
        {
            throw new IllegalArgumentException(command + " of " + length + " bytes is truncated");
        }
    }

    private static byte[] key(final MutableDirectBuffer buffer, final int at, final int end)
    {
        if (at >= end)
        {
            throw new IllegalArgumentException("ADD_SA truncated before a key");
        }
        final int keyLength = buffer.getByte(at) & 0xFF;
        if (at + 1 + keyLength > end)
        {
            throw new IllegalArgumentException("ADD_SA key length " + keyLength + " runs past the message");
        }
        final byte[] key = new byte[keyLength];
        buffer.getBytes(at + 1, key);
        return key;
    }

    private static <E extends Enum<E>> E enumAt(final E[] values, final byte ordinal, final String what)
    {
        if (ordinal < 0 || ordinal >= values.length)
        {
            throw new IllegalArgumentException("unknown " + what + " " + ordinal);
        }
        return values[ordinal];
    }
}
