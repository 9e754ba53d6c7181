package io.portcullis.dataplane.api;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The control plane's whole view of the dataplane (the narrow "kernel interface" of
 * ARCHITECTURE.md): install and remove state, and send the datagrams the control plane builds.
 * The control plane is written and tested against this interface and a fake of it; the real
 * implementation routes each command to the worker(s) that must apply it.
 *
 * <p>Calls never block on the fast path; an implementation that cannot deliver a command at
 * once (a full ring) keeps it in order and delivers it later. Rejections (an SA the worker
 * cannot take) are counted and logged by the dataplane, not thrown here. Addresses are IPv4
 * in host order.
 */
public interface DataplaneCommands
{
    /** {@link #sendUdp}'s {@code espSaHandle} when the datagram goes out in clear (IKE). */
    int NO_SA = 0;

    /**
     * Installs one direction of an ESP SA. Inbound SAs are found by SPI; outbound ones by
     * {@code handle}, which sessions ({@link L2tpSessionConfig#espSaHandle()}) and
     * {@link #sendUdp} name. A handle is chosen by the control plane, non-zero, and unique
     * among installed outbound SAs; installing a new outbound SA under a handle in use
     * replaces the old one at once (rekey: traffic moves to the new SA without a gap).
     */
    void addSa(int handle, EspSaConfig sa);

    /**
     * Removes an SA: an inbound one by SPI; an outbound one by handle, and only while the SA
     * under that handle still has {@code spi} (0: whichever), so removing a rekeyed SA leaves
     * its successor in place.
     */
    void removeSa(int handle, int spi, boolean inbound);

    /** A client's PPP link is up: its L2TP session and the host route to its address. */
    void addClient(L2tpSessionConfig session, int mtu);

    /** The client is gone: its session and route are removed. */
    void removeClient(int localTunnelId, int localSessionId);

    /**
     * Makes {@code address} one of the appliance's own, beside its ports': the gateway address
     * PPP gives clients as their peer (RFC 1332 §3.3), which they may ping. Echo requests to it
     * are answered from it; nothing else to it is forwarded. A dataplane that routes nothing
     * (a test fake) may ignore it, which is this default.
     */
    default void addLocalAddress(final int address)
    {
    }

    /**
     * Sends a UDP datagram the control plane built (IKE, L2TP control, PPP control frames in
     * L2TP data messages) from {@code localAddress:localPort} to {@code remoteAddress:remotePort}.
     * With {@code espSaHandle} other than {@link #NO_SA} it leaves through that outbound SA, as
     * L2TP does over IPsec (RFC 3193 §4); IKE on port 4500 gets the non-ESP marker from the
     * caller (RFC 3948 §2.2), the dataplane adds nothing. {@code payload} is read from its
     * position to its limit before the call returns.
     */
    void sendUdp(int localAddress, int localPort, int remoteAddress, int remotePort, ByteBuffer payload,
        int espSaHandle);

    /**
     * Asks for a client session's traffic counts (accounting). {@code reply} runs once, through
     * {@code replyOn} (the caller's event loop), with the counts summed over every worker, or with
     * null when no worker has the session. Commands given earlier are applied first and later ones
     * after, so asking just before {@link #removeClient} reads the session's final counts.
     * A dataplane that does not count (a test fake) answers null, which is this default.
     */
    default void querySessionTraffic(final int localTunnelId, final int localSessionId, final Executor replyOn,
        final Consumer<SessionTraffic> reply)
    {
        replyOn.execute(() -> reply.accept(null));
    }
}
