package io.portcullis.dataplane.worker;

import java.nio.ByteOrder;

import io.portcullis.dataplane.esp.EspInbound;
import io.portcullis.dataplane.esp.EspOutbound;
import io.portcullis.dataplane.ethernet.Arp;
import io.portcullis.dataplane.ethernet.ArpInput;
import io.portcullis.dataplane.ethernet.EthernetInput;
import io.portcullis.dataplane.ethernet.EthernetOutput;
import io.portcullis.dataplane.ethernet.NeighbourCache;
import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.ip.Icmp;
import io.portcullis.dataplane.ip.IcmpInput;
import io.portcullis.dataplane.ip.IpCounter;
import io.portcullis.dataplane.ip.Ipv4Forward;
import io.portcullis.dataplane.ip.Ipv4Fragmenter;
import io.portcullis.dataplane.ip.Ipv4Input;
import io.portcullis.dataplane.ip.Ipv4Reassembly;
import io.portcullis.dataplane.ip.Ipv4ReassemblyNode;
import io.portcullis.dataplane.ip.RouteTable;
import io.portcullis.dataplane.ip.TcpMssClampNode;
import io.portcullis.dataplane.l2tp.L2tpDecap;
import io.portcullis.dataplane.l2tp.L2tpEncap;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketBuffer;
import io.portcullis.dataplane.packet.PacketVector;
import io.portcullis.dataplane.port.Port;
import io.portcullis.dataplane.api.DataplaneCommands;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

/**
 * One dataplane worker: an Agrona {@link Agent} that owns one queue of the WAN port and one of
 * the LAN port and runs the packet graph between them, applying control commands between bursts.
 * <pre>
 * WAN rx → ethernet-input ─arp→ arp-input → WAN tx
 *                         └ip4→ ip4-input → ip4-reassembly → wan-classify ─ike(500)→ punt
 *                                                        ├icmp→ icmp4-input → route-out → WAN tx
 *                                                        └esp / udp 4500→ esp4-decrypt ─ike(4500)→ punt
 *        → l2tp-decap ─control, ppp control→ punt
 *        → ip4-input (inner) → tcp-mss-clamp → ip4-forward ─lan route on LAN→ ethernet-output → LAN tx
 *                                          ├lan route on WAN→ ethernet-output → WAN tx
 *                                          ├local→ icmp4-input → echo reply, routed as ip4-forward would
 *                                          └client→ to-client (below)
 * LAN rx → ethernet-input ─arp→ arp-input → LAN tx
 *        → ip4-input → ip4-forward ─lan→ ethernet-output → LAN tx
 *                                  ├local→ icmp4-input → echo reply, routed back
 *                                  └client→ to-client: tcp-mss-clamp → l2tp-encap → esp4-encrypt → route-out → WAN tx
 * </pre>
 * Packets for unresolved next hops wait in their port's ARP queue (RFC 1122 §2.3.2.2) while ARP
 * requests go out of the right port; packets bigger than their route's MTU are fragmented
 * (RFC 791), fragmented packets from the WAN reassembled. A client-bound packet that fits the
 * client's PPP MTU but not, once encapsulated, the WAN MTU leaves as outer fragments, which the
 * client reassembles before ESP (RFC 4459 §3.1); with DF set it is answered with ICMP
 * fragmentation needed instead (RFC 1191, RFC 4459 §3.2). Echo requests to the appliance's
 * addresses are answered whichever side they come from: the WAN's at wan-classify, the LAN's
 * and the clients' after ip4-forward ({@link Ipv4Forward#NEXT_LOCAL}), their replies routed back
 * as forwarded packets are.
 *
 * <p>With several workers ({@link Handoff}), a client-bound packet whose session's outbound SA
 * another worker owns is handed to that worker before l2tp-encap, so that ESP sequence numbers
 * and L2TP Ns have one writer; the owner encapsulates it and sends it from its own WAN queue.
 * Datagrams the control plane sends (SEND_UDP on the command ring) are built here and leave
 * through the WAN port, through their outbound SA when they name one.
 */
public final class Worker implements Agent, DatagramSender
{
    /** Drain at most this many commands per duty cycle so control work never starves I/O. */
    public static final int COMMANDS_PER_DUTY_CYCLE = 8;

    public static final int PORT_WAN = 0;
    public static final int PORT_LAN = 1;

    /** RFC 5227 §1.1: ANNOUNCE_NUM and ANNOUNCE_INTERVAL. */
    static final int ANNOUNCE_NUM = 2;
    static final long ANNOUNCE_INTERVAL_NS = 2_000_000_000L;

    private static final int UDP_ISAKMP = 500;
    private static final int UDP_NATT = 4500;
    private static final int UDP_L2TP = 1701;

    /** The worker's parts: built by the caller, which owns their tables. */
    public record Graph(
        Port wan,
        Port lan,
        WorkerCommandAdapter commands,
        PuntProxy punt,
        EthernetInput wanEthernetInput,
        ArpInput wanArp,
        EthernetOutput wanEthernetOutput,
        EthernetInput lanEthernetInput,
        ArpInput lanArp,
        EthernetOutput lanEthernetOutput,
        Ipv4Input ipv4Input,
        Ipv4Forward ipv4Forward,
        IcmpInput icmpInput,
        EspInbound espInbound,
        EspOutbound espOutbound,
        L2tpDecap l2tpDecap,
        L2tpEncap l2tpEncap,
        TcpMssClampNode mssClamp,
        Ipv4Reassembly reassembly,
        NodeCounters<IpCounter> reassemblyCounters,
        RouteTable routes,
        NeighbourCache neighbours,
        Interface wanInterface,
        Interface lanInterface,
        NodeCounters<WorkerCounter> counters,
        DutyCycleClock clock)
    {
    }

    /** A port's own Ethernet and IPv4 addresses, for the ARP requests the worker sends from it. */
    public record Interface(long mac, int address)
    {
    }

    private final Graph g;
    private final Handoff handoff;
    private final Ipv4ReassemblyNode reassemble;
    private final int[] inboundSpi = new int[PacketVector.MAX_SIZE];
    private final int wanAddress;
    private final PacketVector handedIn = new PacketVector();
    private final PacketVector injectClear = new PacketVector();
    private final PacketVector injectEsp = new PacketVector();
    private final PacketBuffer injectBuffer = new PacketBuffer();
    private short identification;
    /** Plain L2TP (no IPsec) from the WAN is served; off by default (RFC 3193 §4). */
    private boolean plainL2tp;
    private final int[] arpDue = new int[PacketVector.MAX_SIZE];
    /** RFC 5227 §2.3 announcements still to send, and when the next is due. */
    private int announcementsLeft;
    private long nextAnnouncementNs;
    private final String name;
    private final PacketVector rx = new PacketVector();
    private final PacketVector side = new PacketVector();
    private final PacketVector toClient = new PacketVector();
    private final PacketVector extra = new PacketVector();
    private final PacketBuffer fragmentBuffer = new PacketBuffer();
    private final PacketBuffer buffer = new PacketBuffer();

    /** The only worker: it owns every SA. */
    public Worker(final String name, final Graph graph)
    {
        this(name, graph, null);
    }

    /** One of several workers, which hand packets to each other through {@code handoff}. */
    public Worker(final String name, final Graph graph, final Handoff handoff)
    {
        this.name = name;
        this.g = graph;
        this.handoff = handoff;
        this.reassemble = new Ipv4ReassemblyNode(graph.reassembly(), graph.reassemblyCounters());
        this.wanAddress = graph.wanInterface().address();
        graph.commands().datagramSender(this);
        if (handoff != null)
        {
            handoff.shareNeighbours(graph.neighbours());
        }
    }

    /**
     * Serves L2TP that arrives in clear on UDP 1701 (the operator's explicit choice; RFC 3193 §4
     * wants it inside IPsec): control messages are punted, data of installed plain sessions
     * decapsulated. Set before the worker's thread starts polling.
     */
    public void acceptPlainL2tp(final boolean accept)
    {
        this.plainL2tp = accept;
    }

    /**
     * Sends ARP announcements (RFC 5227 §2.3: requests whose sender and target are our own
     * address) for the WAN and LAN addresses from the next duty cycle on, ANNOUNCE_NUM (2) of
     * them ANNOUNCE_INTERVAL (2 s) apart: neighbours that still hold another MAC for those
     * addresses (the hardware was replaced, the appliance moved) update their caches instead of
     * sending into the void until their entries expire. One worker per dataplane is enough.
     */
    public void announceAddresses()
    {
        announcementsLeft = ANNOUNCE_NUM;
        nextAnnouncementNs = g.clock().nanoTime();
    }

    /**
     * Applies up to {@code limit} commands without touching a port: for a launcher that installs
     * static state before the ports start (or before the worker's thread does).
     */
    public int applyCommands(final int limit)
    {
        return g.commands().poll(limit);
    }

    @Override
    public String roleName()
    {
        return name;
    }

    @Override
    public int doWork()
    {
        g.clock().tick();
        int work = g.commands().poll(COMMANDS_PER_DUTY_CYCLE);
        work += sendInjected();
        work += fromWan();
        work += fromLan();
        work += fromOtherWorkers();
        work += releaseHeld();          // resolved by another worker's ARP, or given up
        work += sendArpRequests();
        if (announcementsLeft > 0)
        {
            work += announce();
        }
        if (work == 0)
        {
            work += g.reassembly().expire();  // datagrams whose fragments stopped coming (RFC 791 §3.2 timer)
        }
        return work;
    }

    /**
     * RFC 826: asks for the next hops ethernet-output could not resolve (the cache paces the
     * retries and gives up after its probes), out of the port whose route reaches them.
     */
    private int sendArpRequests()
    {
        final int due = g.neighbours().requestsDue(arpDue);
        for (int k = 0; k < due; k++)
        {
            final int target = arpDue[k];
            final int route = g.routes().lookup(target);
            if (route < 0 || g.routes().kind(route) != RouteTable.KIND_LAN)
            {
                continue;
            }
            final boolean onWan = g.routes().port(route) == PORT_WAN;
            final Port port = onWan ? g.wan() : g.lan();
            sendArpRequest(port, onWan ? g.wanInterface() : g.lanInterface(), target);
        }
        return due;
    }

    /** One ARP request for {@code target} from {@code from}'s addresses out of {@code port}; 1 if it went. */
    private int sendArpRequest(final Port port, final Interface from, final int target)
    {
        side.clear();
        if (port.allocate(side, 1) != 1)
        {
            return 0;
        }
        buffer.wrap(side.bufferAddress(0), side.bufferCapacity(0));
        final int length = Arp.writeRequest(buffer, side.offset(0), from.mac(), from.address(), target);
        side.data(0, side.offset(0), length);
        port.transmit(side);
        return 1;
    }

    private int announce()
    {
        final long nowNs = g.clock().nanoTime();
        if (nowNs - nextAnnouncementNs < 0)
        {
            return 0;
        }
        announcementsLeft--;
        nextAnnouncementNs = nowNs + ANNOUNCE_INTERVAL_NS;
        return sendAnnouncement(g.wan(), g.wanInterface()) + sendAnnouncement(g.lan(), g.lanInterface());
    }

    /** An announcement is a request whose target is the sender's own address (RFC 5227 §2.3). */
    private int sendAnnouncement(final Port port, final Interface from)
    {
        return from.address() == 0 ? 0 : sendArpRequest(port, from, from.address());
    }

    private int fromWan()
    {
        final int received = g.wan().receive(rx);
        if (received == 0)
        {
            return 0;
        }
        final long nowNs = g.clock().nanoTime();
        g.wanEthernetInput().process(rx);
        answerArp(rx, g.wanArp(), g.wan());
        releaseHeld();                  // what an ARP reply resolved goes before newer packets
        g.ipv4Input().process(rx);
        reassemble.process(rx);         // ESP or IKE that a client's path fragmented
        classifyWan(rx, nowNs);
        // icmp to the appliance: answered and routed back out of the WAN port
        move(rx, side, NEXT_ICMP);
        if (side.size() > 0)
        {
            g.icmpInput().process(side);
            routeOut(side, false);
            g.wanEthernetOutput().process(side);
            g.wan().transmit(side);
        }
        for (int i = 0, size = rx.size(); i < size; i++)
        {
            rx.handle(i, 0);
        }
        g.espInbound().process(rx);
        for (int i = 0, size = rx.size(); i < size; i++)
        {
            inboundSpi[i] = rx.handle(i);  // l2tp-decap overwrites it with the session
            if (rx.next(i) == NEXT_PLAIN_L2TP)
            {
                rx.next(i, PacketVector.NEXT_FORWARD);  // past esp4-decrypt, into l2tp-decap with SPI 0
            }
        }
        punt(rx, PORT_WAN, PuntDescriptor.REASON_IKE_NATT, nowNs);
        g.l2tpDecap().process(rx);
        punt(rx, PORT_WAN, PuntDescriptor.REASON_L2TP_CONTROL, nowNs);
        g.ipv4Input().process(rx);      // the client's inner packet, checked like any other
        g.mssClamp().process(rx);       // the client's SYNs: its segments must fit the tunnel
        forwardAndSend(rx);
        return received;
    }

    private int fromLan()
    {
        final int received = g.lan().receive(rx);
        if (received == 0)
        {
            return 0;
        }
        g.lanEthernetInput().process(rx);
        answerArp(rx, g.lanArp(), g.lan());
        releaseHeld();
        g.ipv4Input().process(rx);
        forwardAndSend(rx);
        return received;
    }

    /** ip4-forward, then LAN-bound packets out of the LAN port and client-bound ones into their tunnels. */
    private void forwardAndSend(final PacketVector vector)
    {
        g.ipv4Forward().process(vector);
        fragment(vector);
        answerLocal(vector);
        move(vector, toClient, Ipv4Forward.NEXT_CLIENT);
        sendByRoute(vector);
        if (toClient.size() > 0)
        {
            for (int i = 0; i < toClient.size(); i++)
            {
                toClient.handle(i, g.routes().session(toClient.handle(i)));
            }
            g.mssClamp().process(toClient);  // LAN hosts' SYN-ACKs to clients, the other direction
            handOff(toClient);
            encapsulateAndSend(toClient);
        }
    }

    /**
     * Packets to the appliance's own addresses, from the LAN or out of a client's tunnel (the
     * WAN's come through wan-classify): icmp4-input answers echo requests (RFC 1122 §3.2.2.6),
     * and each reply goes back into the vector routed like a forwarded packet, into the
     * requester's tunnel or out of a port, so that a client can ping its gateway and a LAN
     * monitor the appliance. Other ICMP is not answered; anything else is dropped, counted:
     * nothing else listens on the dataplane's addresses.
     */
    private void answerLocal(final PacketVector vector)
    {
        move(vector, side, Ipv4Forward.NEXT_LOCAL);
        if (side.size() == 0)
        {
            return;
        }
        for (int k = 0, size = side.size(); k < size; k++)
        {
            buffer.wrap(side.bufferAddress(k), side.bufferCapacity(k));
            if (Ipv4.protocol(buffer, side.offset(k)) != Icmp.PROTOCOL)
            {
                drop(side, k, WorkerCounter.LOCAL_NOT_SERVED);
            }
        }
        g.icmpInput().process(side);
        for (int k = 0, size = side.size(); k < size; k++)
        {
            if (side.next(k) != PacketVector.NEXT_FORWARD)
            {
                continue;
            }
            buffer.wrap(side.bufferAddress(k), side.bufferCapacity(k));
            final int route = g.routes().lookup(Ipv4.destination(buffer, side.offset(k)));
            final int kind = route < 0 ? RouteTable.KIND_LOCAL : g.routes().kind(route);
            if (kind == RouteTable.KIND_LOCAL)
            {
                drop(side, k, WorkerCounter.NO_ROUTE_OUT);
                continue;
            }
            final int j = vector.add(side.mbuf(k), side.bufferAddress(k), side.bufferCapacity(k), side.offset(k),
                side.length(k));
            vector.handle(j, route);
            vector.next(j, kind == RouteTable.KIND_CLIENT ? Ipv4Forward.NEXT_CLIENT : PacketVector.NEXT_FORWARD);
            side.next(k, NEXT_HANDED);
        }
        move(side, extra, NEXT_HANDED);
        extra.clear();         // the vector has those buffers now
        g.lan().transmit(side);  // frees the rest
    }

    /**
     * Client-bound packets with their session handle: l2tp-encap → esp4-encrypt → WAN, in
     * outer fragments where the encrypted packet exceeds the WAN route's MTU; those with DF set
     * that would need that are answered with ICMP first.
     */
    private void encapsulateAndSend(final PacketVector vector)
    {
        tooBigForTunnel(vector);
        g.l2tpEncap().process(vector);
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) == PacketVector.NEXT_FORWARD && vector.handle(i) == DataplaneCommands.NO_SA)
            {
                vector.next(i, NEXT_PLAIN_L2TP);  // a plain session: L2TP/UDP 1701 without ESP
            }
        }
        g.espOutbound().process(vector);
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) == NEXT_PLAIN_L2TP)
            {
                vector.next(i, PacketVector.NEXT_FORWARD);
            }
        }
        routeOut(vector, true);
        fragment(vector);
        g.wanEthernetOutput().process(vector);
        g.wan().transmit(vector);
    }

    /**
     * RFC 1191 at the tunnel's entry: an IPv4 packet with DF set that fits the client's route
     * (ip4-forward checked that) but whose encapsulation would exceed the MTU of the WAN route
     * to the client is replaced by an ICMP fragmentation needed whose next-hop MTU is the
     * largest inner packet the session's framing and SA leave room for. The error goes back
     * by its own route (into another client's tunnel stays in the vector).
     */
    private void tooBigForTunnel(final PacketVector vector)
    {
        int errors = 0;
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) != PacketVector.NEXT_FORWARD)
            {
                continue;
            }
            buffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
            final int ip = vector.offset(i);
            if (Ipv4.version(buffer, ip) != 4 ||
                (buffer.getShort(ip + Ipv4.FLAGS_FRAGMENT, ByteOrder.BIG_ENDIAN) & Ipv4.FLAG_DF) == 0)
            {
                continue;
            }
            final int session = vector.handle(i);
            final int mtu = tunnelMtu(session);
            if (mtu <= 0 || vector.length(i) <= mtu)
            {
                continue;
            }
            g.ipv4Forward().fragmentationNeeded(vector, i, mtu);
            if (vector.next(i) == PacketVector.NEXT_FORWARD)
            {
                vector.next(i, NEXT_ICMP);
                errors++;
            }
            else if (vector.next(i) == Ipv4Forward.NEXT_CLIENT)
            {
                vector.handle(i, g.routes().session(vector.handle(i)));
                vector.next(i, PacketVector.NEXT_FORWARD);
            }
        }
        if (errors > 0)
        {
            move(vector, side, NEXT_ICMP);
            sendByRoute(side);
        }
    }

    /**
     * The largest inner IPv4 packet {@code session}'s tunnel carries unfragmented: the WAN
     * route's MTU less l2tp-encap's headers and what esp4-encrypt adds (no ESP: plain L2TP);
     * 0 if that cannot be known (no session, no route).
     */
    private int tunnelMtu(final int session)
    {
        // Routes and SAs change between bursts, packets come by the million: cache per session.
        final long version = g.routes().version() + g.espOutbound().saVersion();  // both only grow
        final int cached = g.l2tpEncap().cachedTunnelMtu(session, version);
        if (cached >= 0)
        {
            return cached;
        }
        final int mtu = workOutTunnelMtu(session);
        g.l2tpEncap().cacheTunnelMtu(session, version, mtu);
        return mtu;
    }

    private int workOutTunnelMtu(final int session)
    {
        final int overhead = g.l2tpEncap().ipv4Overhead(session);
        final int route = overhead < 0 ? -1 : g.routes().lookup(g.l2tpEncap().peerAddress(session));
        if (route < 0 || g.routes().kind(route) != RouteTable.KIND_LAN || g.routes().mtu(route) <= 0)
        {
            return 0;
        }
        final int sa = g.l2tpEncap().espSaHandle(session);
        final int plain = sa == DataplaneCommands.NO_SA ? g.routes().mtu(route) :
            g.espOutbound().largestPlainPacket(sa, Ipv4.MIN_HEADER_LENGTH, g.routes().mtu(route));
        return plain < 0 ? 0 : plain - overhead;
    }

    /** Sends the vector's forward packets (LAN routes in their handles) out of their routes' ports. */
    private void sendByRoute(final PacketVector vector)
    {
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) == PacketVector.NEXT_FORWARD && g.routes().port(vector.handle(i)) == PORT_WAN)
            {
                vector.next(i, NEXT_WAN);
            }
        }
        move(vector, extra, NEXT_WAN);
        if (extra.size() > 0)
        {
            g.wanEthernetOutput().process(extra);
            g.wan().transmit(extra);
        }
        g.lanEthernetOutput().process(vector);
        g.lan().transmit(vector);
    }

    /**
     * RFC 1122 §2.3.2.2: the packets ethernet-output held for ARP leave once their next hop is
     * known, in the order they came, or are dropped (counted) when ARP gave up on it.
     */
    private int releaseHeld()
    {
        return release(g.wanEthernetOutput(), g.wan()) + release(g.lanEthernetOutput(), g.lan());
    }

    private int release(final EthernetOutput output, final Port port)
    {
        if (output.held() == 0)
        {
            return 0;
        }
        side.clear();
        final int released = output.release(side);
        port.transmit(side);
        return released;
    }

    /** Moves the packets whose session's SA another worker owns to that worker's hand-off ring. */
    private void handOff(final PacketVector vector)
    {
        if (handoff == null)
        {
            return;
        }
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) == PacketVector.NEXT_FORWARD && !handoff.isSelf(handoff.owner(vector.handle(i))))
            {
                vector.next(i, NEXT_HANDOFF);
            }
        }
        move(vector, side, NEXT_HANDOFF);
        if (side.size() == 0)
        {
            return;
        }
        for (int k = 0, size = side.size(); k < size; k++)
        {
            final int owner = handoff.owner(side.handle(k));
            if (owner >= 0 && handoff.handTo(owner, side, k))
            {
                side.next(k, NEXT_HANDED);
            }
            else
            {
                drop(side, k, owner < 0 ? WorkerCounter.HANDOFF_NO_SESSION : WorkerCounter.HANDOFF_RING_FULL);
            }
        }
        move(side, extra, NEXT_HANDED);
        g.counters().add(WorkerCounter.HANDOFF_SENT, extra.size());
        extra.clear();         // the owner has those buffers now
        g.wan().transmit(side);  // frees the ones that could not go
    }

    /**
     * Packets other workers handed over because this one owns their SA. Session handles are per
     * worker, so the client route is looked up again here.
     */
    private int fromOtherWorkers()
    {
        if (handoff == null)
        {
            return 0;
        }
        final int received = handoff.receive(handedIn);
        if (received == 0)
        {
            return 0;
        }
        g.counters().add(WorkerCounter.HANDOFF_RECEIVED, received);
        for (int i = 0, size = handedIn.size(); i < size; i++)
        {
            buffer.wrap(handedIn.bufferAddress(i), handedIn.bufferCapacity(i));
            final int route = g.routes().lookup(Ipv4.destination(buffer, handedIn.offset(i)));
            if (route < 0 || g.routes().kind(route) != RouteTable.KIND_CLIENT)
            {
                drop(handedIn, i, WorkerCounter.HANDOFF_NO_SESSION);  // the client left meanwhile
                continue;
            }
            handedIn.handle(i, g.routes().session(route));
        }
        encapsulateAndSend(handedIn);
        return received;
    }

    /**
     * SEND_UDP from the command ring (during {@code commands().poll}): RFC 768 and RFC 791
     * headers around the control plane's payload, checksummed, queued for {@link #sendInjected}.
     */
    @Override
    public void sendUdp(
        final DirectBuffer payload, final int offset, final int length, final int localAddress, final int localPort,
        final int remoteAddress, final int remotePort, final int espSaHandle)
    {
        final PacketVector vector = espSaHandle == DataplaneCommands.NO_SA ? injectClear : injectEsp;
        if (g.wan().allocate(vector, 1) != 1)
        {
            g.counters().increment(WorkerCounter.INJECT_FAILED);
            throw new IllegalArgumentException("no packet buffer for the datagram");
        }
        final int i = vector.size() - 1;
        injectBuffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
        final int ip = vector.offset(i);
        final int udpLength = UDP_HEADER_LENGTH + length;
        if (ip + Ipv4.MIN_HEADER_LENGTH + udpLength + INJECT_TAILROOM > vector.bufferCapacity(i))
        {
            vector.next(i, PacketVector.NEXT_DROP);  // freed with the next send
            g.counters().increment(WorkerCounter.INJECT_FAILED);
            throw new IllegalArgumentException("datagram of " + length + " bytes does not fit a packet buffer");
        }
        Ipv4.writeHeader(injectBuffer, ip, Ipv4.MIN_HEADER_LENGTH + udpLength, Ipv4.PROTOCOL_UDP, localAddress,
            remoteAddress, identification++, 0);
        final int udp = ip + Ipv4.MIN_HEADER_LENGTH;
        injectBuffer.putShort(udp, (short)localPort, ByteOrder.BIG_ENDIAN);
        injectBuffer.putShort(udp + 2, (short)remotePort, ByteOrder.BIG_ENDIAN);
        injectBuffer.putShort(udp + 4, (short)udpLength, ByteOrder.BIG_ENDIAN);
        injectBuffer.putShort(udp + 6, (short)0);
        injectBuffer.putBytes(udp + UDP_HEADER_LENGTH, payload, offset, length);
        final int checksum = io.portcullis.dataplane.esp.NatTraversal.transportChecksum(injectBuffer, udp, udpLength,
            Ipv4.PROTOCOL_UDP, localAddress, remoteAddress);
        // RFC 768: a computed zero is sent as all ones (zero means "no checksum").
        injectBuffer.putShort(udp + 6, (short)(checksum == 0 ? 0xFFFF : checksum), ByteOrder.BIG_ENDIAN);
        vector.data(i, ip, Ipv4.MIN_HEADER_LENGTH + udpLength);
        vector.handle(i, espSaHandle);
    }

    /** The control plane's datagrams queued by {@link #sendUdp}: through esp4-encrypt if they name an SA, then out. */
    private int sendInjected()
    {
        final int count = injectClear.size() + injectEsp.size();
        if (count == 0)
        {
            return 0;
        }
        if (injectEsp.size() > 0)
        {
            g.espOutbound().process(injectEsp);
            injectEsp.moveTo(PacketVector.NEXT_FORWARD, injectClear);
            g.wan().transmit(injectEsp);  // frees what esp4-encrypt dropped (unknown handle, expired SA)
        }
        routeOut(injectClear, false);
        g.wanEthernetOutput().process(injectClear);
        g.counters().add(WorkerCounter.INJECTED, g.wan().transmit(injectClear));
        return count;
    }

    /** The worker's own forks, above every node's next values. */
    private static final int NEXT_ICMP = 16;
    private static final int NEXT_WAN = 17;
    private static final int NEXT_HANDOFF = 18;
    private static final int NEXT_HANDED = 19;
    /** L2TP in clear, both ways, stepping around the ESP nodes. */
    private static final int NEXT_PLAIN_L2TP = 20;

    private static final int UDP_HEADER_LENGTH = 8;
    /** Room esp4-encrypt needs after a datagram: padding, ESP trailer and the longest ICV. */
    private static final int INJECT_TAILROOM = 64;

    /**
     * RFC 791 §3.2: packets bigger than their route's MTU (DF clear; ip4-forward answered the
     * others with ICMP) are cut into fragments in fresh buffers, which follow the first fragment
     * on the same route: into the client's tunnel, or out of a port.
     */
    private void fragment(final PacketVector vector)
    {
        final int size = vector.size();
        for (int i = 0; i < size; i++)
        {
            if (vector.next(i) != Ipv4Forward.NEXT_FRAGMENT)
            {
                continue;
            }
            final int route = vector.handle(i);
            final boolean toClient = g.routes().kind(route) == RouteTable.KIND_CLIENT;
            final int mtu = g.routes().mtu(route);
            buffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
            final int ip = vector.offset(i);
            final int length = vector.length(i);
            final int count = Ipv4Fragmenter.fragmentCount(buffer, ip, length, mtu);
            final Port port = toClient || g.routes().port(route) == PORT_WAN ? g.wan() : g.lan();
            extra.clear();
            if (count < 2 || vector.size() + count - 1 > PacketVector.MAX_SIZE || port.allocate(extra, count - 1) != count - 1)
            {
                for (int k = 0; k < extra.size(); k++)
                {
                    extra.next(k, PacketVector.NEXT_DROP);
                }
                port.transmit(extra);  // frees whatever was allocated
                drop(vector, i, WorkerCounter.FRAGMENT_FAILED);
                continue;
            }
            for (int k = 1; k < count; k++)
            {
                fragmentBuffer.wrap(extra.bufferAddress(k - 1), extra.bufferCapacity(k - 1));
                final int fragmentLength = Ipv4Fragmenter.writeFragment(buffer, ip, length, mtu, k, fragmentBuffer,
                    extra.offset(k - 1));
                extra.data(k - 1, extra.offset(k - 1), fragmentLength);
                extra.handle(k - 1, route);
                extra.next(k - 1, toClient ? Ipv4Forward.NEXT_CLIENT : PacketVector.NEXT_FORWARD);
            }
            vector.data(i, ip, Ipv4Fragmenter.truncateToFirst(buffer, ip, length, mtu));
            vector.next(i, toClient ? Ipv4Forward.NEXT_CLIENT : PacketVector.NEXT_FORWARD);
            g.counters().add(WorkerCounter.FRAGMENTS_MADE, count);
            for (int k = 0; k < count - 1; k++)
            {
                final int j = vector.add(extra.mbuf(k), extra.bufferAddress(k), extra.bufferCapacity(k),
                    extra.offset(k), extra.length(k));
                vector.handle(j, route);
                vector.next(j, extra.next(k));
            }
        }
    }

    /**
     * RFC 3193 §4: what the WAN side takes is IKE, ESP (plain or in UDP 4500) and ICMP, addressed
     * to the appliance's own addresses; L2TP only inside IPsec, unless the operator allowed plain L2TP: then
     * UDP 1701 goes to l2tp-decap as it came.
     */
    private void classifyWan(final PacketVector vector, final long nowNs)
    {
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) != PacketVector.NEXT_FORWARD)
            {
                continue;
            }
            buffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
            final int ip = vector.offset(i);
            // Only what is addressed to the appliance: nothing crosses from the WAN but through a
            // tunnel, and an echo reply's source is the address asked. The WAN address is the
            // usual one; any other of ours (a KIND_LOCAL route) costs a route lookup.
            final int destination = Ipv4.destination(buffer, ip);
            if (destination != wanAddress && !isLocal(destination))
            {
                drop(vector, i, WorkerCounter.WAN_NOT_FOR_US);
                continue;
            }
            final int protocol = Ipv4.protocol(buffer, ip);
            if (protocol == Ipv4.PROTOCOL_ESP)
            {
                continue;
            }
            if (protocol == 1)
            {
                vector.next(i, NEXT_ICMP);
                continue;
            }
            if (protocol == Ipv4.PROTOCOL_UDP && vector.length(i) >= Ipv4.headerLength(buffer, ip) + 8)
            {
                final int port = buffer.getShort(ip + Ipv4.headerLength(buffer, ip) + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                if (port == UDP_NATT)
                {
                    continue;
                }
                if (port == UDP_ISAKMP)
                {
                    puntOne(vector, i, PORT_WAN, PuntDescriptor.REASON_IKE, nowNs, 0);
                    continue;
                }
                if (port == UDP_L2TP)
                {
                    if (plainL2tp)
                    {
                        vector.next(i, NEXT_PLAIN_L2TP);
                    }
                    else
                    {
                        drop(vector, i, WorkerCounter.WAN_CLEARTEXT_L2TP);
                    }
                    continue;
                }
            }
            drop(vector, i, WorkerCounter.WAN_NOT_FOR_US);
        }
    }

    /** One of the appliance's own addresses (WAN, LAN, the clients' gateway). */
    private boolean isLocal(final int address)
    {
        final int route = g.routes().lookup(address);
        return route >= 0 && g.routes().kind(route) == RouteTable.KIND_LOCAL;
    }

    /**
     * Sets each forward packet's handle to the route of its (outer) destination, for
     * ethernet-output; with {@code fragmentOversize}, those longer than the route's MTU go to
     * fragmentation (in the same pass: one fewer over the vector at 64 B).
     */
    private void routeOut(final PacketVector vector, final boolean fragmentOversize)
    {
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) != PacketVector.NEXT_FORWARD)
            {
                continue;
            }
            buffer.wrap(vector.bufferAddress(i), vector.bufferCapacity(i));
            final int route = g.routes().lookup(Ipv4.destination(buffer, vector.offset(i)));
            if (route < 0 || g.routes().kind(route) != RouteTable.KIND_LAN)
            {
                drop(vector, i, WorkerCounter.NO_ROUTE_OUT);
                continue;
            }
            vector.handle(i, route);
            if (fragmentOversize)
            {
                final int mtu = g.routes().mtu(route);
                if (mtu > 0 && vector.length(i) > mtu)
                {
                    vector.next(i, Ipv4Forward.NEXT_FRAGMENT);
                }
            }
        }
    }

    private void answerArp(final PacketVector vector, final ArpInput arp, final Port port)
    {
        move(vector, side, EthernetInput.NEXT_ARP);
        if (side.size() > 0)
        {
            arp.process(side);
            port.transmit(side);
        }
    }

    /** Punts the vector's punt packets, with the SPI each came through (set after esp4-decrypt). */
    private void punt(final PacketVector vector, final int port, final int reason, final long nowNs)
    {
        for (int i = 0, size = vector.size(); i < size; i++)
        {
            if (vector.next(i) == PacketVector.NEXT_PUNT)
            {
                puntOne(vector, i, port, reason, nowNs, inboundSpi[i]);
            }
        }
    }

    private void puntOne(
        final PacketVector vector, final int i, final int port, final int reason, final long nowNs, final int spi)
    {
        if (g.punt().punt(vector, i, port, reason, nowNs, spi))
        {
            g.counters().increment(WorkerCounter.PUNTED);
            vector.next(i, PacketVector.NEXT_CONSUMED);
        }
        else
        {
            drop(vector, i, WorkerCounter.PUNT_RING_FULL);
        }
    }

    private void drop(final PacketVector vector, final int i, final WorkerCounter counter)
    {
        g.counters().increment(counter);
        vector.next(i, PacketVector.NEXT_DROP);
    }

    private static void move(final PacketVector from, final PacketVector to, final int next)
    {
        to.clear();
        from.moveTo(next, to);
    }
}
