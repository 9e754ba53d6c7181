package io.portcullis.controlplane.ike;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.portcullis.controlplane.ike.crypto.IvChain;
import io.portcullis.controlplane.ike.crypto.Phase1Keys;
import io.portcullis.controlplane.ike.isakmp.Delete;
import io.portcullis.controlplane.ike.isakmp.ExchangeType;
import io.portcullis.controlplane.ike.isakmp.IsakmpException;
import io.portcullis.controlplane.ike.isakmp.IsakmpHeader;
import io.portcullis.controlplane.ike.isakmp.IsakmpMessage;
import io.portcullis.controlplane.ike.isakmp.Payload;
import io.portcullis.controlplane.ike.isakmp.PayloadReader;
import io.portcullis.controlplane.ike.isakmp.PayloadVerifier;
import io.portcullis.controlplane.ike.isakmp.Proposal;
import io.portcullis.controlplane.ike.isakmp.ReceivedPayloads;
import io.portcullis.controlplane.ike.isakmp.SecurityAssociation;
import io.portcullis.controlplane.ike.proposal.Phase1Transform;

/**
 * One ISAKMP SA (RFC 2408 §2.5.3: named by its two cookies) and the exchanges running on it.
 * It owns encryption, retransmission and the IV chains; what each exchange says is its
 * {@link Task}'s business. Single threaded: it lives on its context's scheduler.
 */
public final class IkeSa
{
    private static final System.Logger LOG = System.getLogger(IkeSa.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long an old inbound SA outlives its replacement, for packets already on their way. */
    static final long REKEY_OVERLAP_MS = 2_000;

    private final IkeContext context;
    private final boolean initiator;
    private final long cookieI;
    private long cookieR;
    private Endpoint endpoint;
    private final Map<Integer, Exchange> exchanges = new HashMap<>();
    private final ArrayDeque<Task> waitingForPhase1 = new ArrayDeque<>();
    private final List<ChildSa> childSas = new ArrayList<>();
    /** Install order of each Quick Mode SA pair: a Quick Mode may renew only pairs older than itself. */
    private final Map<ChildSa, Integer> generations = new java.util.IdentityHashMap<>();
    private int childGeneration;
    private Consumer<IkeSa> onClosed = sa -> { };
    private Consumer<IkeSa> onInitialContact = sa -> { };
    private Consumer<IkeSa> onPeerRenewal = sa -> { };
    private Consumer<IkeSa> onRekeyDue = sa -> { };
    private java.util.function.Function<IkeSa, IkeSa> successor = sa -> null;
    private IkeSa replaces;
    private boolean sendInitialContact = true;
    private boolean initialContact;

    private Phase1Transform transform;
    private Phase1Keys keys;
    private IvChain phase1Chain;
    private byte[] phase1LastBlock;
    private final NatState nat = new NatState();
    private boolean peerSupportsDpd;
    private Dpd dpd;
    private String peerId = "?";
    private boolean established;
    private boolean closed;
    private long lastInboundMs;
    private final io.portcullis.controlplane.runtime.Scheduler.Timer setupTimer;

    public IkeSa(final IkeContext context, final boolean initiator, final long cookieI, final long cookieR,
        final Endpoint endpoint)
    {
        this.context = context;
        this.initiator = initiator;
        this.cookieI = cookieI;
        this.cookieR = cookieR;
        this.endpoint = endpoint;
        this.lastInboundMs = context.scheduler().nowMs();
        // Phase 1 must finish within the initiator's retransmission budget, or the half-done SA goes.
        final long budgetMs = context.config().retransmitMs() << Math.min(context.config().retransmitTries() + 1, 16);
        this.setupTimer = context.scheduler().schedule(budgetMs, () ->
        {
            if (!established)
            {
                close("phase 1 not complete after " + budgetMs + " ms");
            }
        });
    }

    static long newCookie()
    {
        long cookie;
        do
        {
            cookie = RANDOM.nextLong();
        }
        while (cookie == 0);
        return cookie;
    }

    // ---- state the tasks read and set ----

    public IkeContext context()
    {
        return context;
    }

    public boolean initiator()
    {
        return initiator;
    }

    public long cookieI()
    {
        return cookieI;
    }

    public long cookieR()
    {
        return cookieR;
    }

    void setCookieR(final long cookie)
    {
        this.cookieR = cookie;
    }

    public Endpoint endpoint()
    {
        return endpoint;
    }

    public NatState nat()
    {
        return nat;
    }

    public Phase1Transform transform()
    {
        return transform;
    }

    public void setTransform(final Phase1Transform transform)
    {
        this.transform = transform;
    }

    public Phase1Keys keys()
    {
        return keys;
    }

    /** Phase-1 keys are known: later phase-1 messages are encrypted, starting at {@code iv} (RFC 2409 Appendix B). */
    public void setKeys(final Phase1Keys keys, final IvChain chain)
    {
        this.keys = keys;
        this.phase1Chain = chain;
    }

    /** The identity the peer proved (its ID payload, for the events). */
    public void setPeerId(final String id)
    {
        this.peerId = id;
    }

    public void setPeerSupportsDpd(final boolean supports)
    {
        this.peerSupportsDpd = supports;
    }

    public boolean peerSupportsDpd()
    {
        return peerSupportsDpd;
    }

    public boolean established()
    {
        return established;
    }

    public List<ChildSa> childSas()
    {
        return List.copyOf(childSas);
    }

    void onClosed(final Consumer<IkeSa> callback)
    {
        this.onClosed = callback;
    }

    void onInitialContact(final Consumer<IkeSa> callback)
    {
        this.onInitialContact = callback;
    }

    /** Called when the peer's Main Mode without INITIAL-CONTACT completes: it may be renewing an older SA. */
    void onPeerRenewal(final Consumer<IkeSa> callback)
    {
        this.onPeerRenewal = callback;
    }

    /** Phase-1 rekey hooks: who starts the new Main Mode, and which SA inherits our Quick Mode SAs. */
    void onRekey(final Consumer<IkeSa> rekeyDue, final java.util.function.Function<IkeSa, IkeSa> successorOf)
    {
        this.onRekeyDue = rekeyDue;
        this.successor = successorOf;
    }

    /** This SA renews {@code old} (RFC 2409 has no rekey exchange: a new Main Mode replaces the old SA). */
    void replaces(final IkeSa old)
    {
        this.replaces = old;
        this.sendInitialContact = false;
    }

    /** Whether our Main Mode says INITIAL-CONTACT: not when renewing an SA the peer must keep until we move. */
    public boolean sendsInitialContact()
    {
        return sendInitialContact;
    }

    /** RFC 2407 §4.6.3.3: the peer says it has no other SA with us; ours with it are stale. */
    public void setInitialContact()
    {
        this.initialContact = true;
    }

    public boolean closed()
    {
        return closed;
    }

    /** The initiator moves to port 4500 once a NAT is found (RFC 3947 §4). */
    public void floatToNatTPort()
    {
        endpoint = endpoint.floated();
    }

    /** Phase 1 is complete: record where phase-2 IVs start, tell the world, run what waited. */
    private void phase1Complete()
    {
        established = true;
        setupTimer.cancel();
        phase1LastBlock = phase1Chain.iv();
        context.events().publish(new IkeSaUp(endpoint, peerId, transform.toString(), nat.detected(), initiator));
        if (initialContact)
        {
            onInitialContact.accept(this);
        }
        else if (!initiator)
        {
            onPeerRenewal.accept(this);
        }
        if (replaces != null)
        {
            replaces.handOver(this, "rekeyed by our new Main Mode");
        }
        schedulePhase1Lifetime();
        if (nat.localBehindNat())
        {
            keepalive();
        }
        if (peerSupportsDpd && context.config().dpdIntervalMs() > 0)
        {
            dpd = new Dpd(this);
            dpd.arm();
        }
        while (!waitingForPhase1.isEmpty())
        {
            startExchange(waitingForPhase1.poll(), newMessageId());
        }
    }

    /**
     * A Quick Mode SA pair is installed. When it renews a pair with the same selectors (a rekey,
     * ours or the peer's) the old pair has already lost its outbound SA to the new one; its
     * inbound SA stays a little for packets in flight, and the peer is told to delete it.
     */
    public void childSaUp(final ChildSa sa)
    {
        generations.put(sa, ++childGeneration);
        final ChildSa renewed = childSas.stream().filter(c -> c.outboundHandle() == sa.outboundHandle()).findFirst()
            .orElse(null);
        childSas.add(sa);
        if (renewed != null)
        {
            childSas.remove(renewed);
            generations.remove(renewed);
            // After our Quick Mode's last message, so the peer renews before it hears the old pair go.
            context.scheduler().execute(() -> sendDelete(renewed));
            context.scheduler().schedule(REKEY_OVERLAP_MS, () ->
            {
                ChildSaInstaller.uninstallInbound(context, renewed);
                // Its inbound SPI is gone: whoever maps SPIs to peers (the L2TP side) forgets it now.
                context.childSaListener().onChildSaDown(renewed, "renewed by Quick Mode SA in 0x" +
                    Integer.toHexString(sa.inboundSpi()));
            });
            context.events().publish(new QuickModeSaRekeyed(renewed, sa));
        }
        else
        {
            context.events().publish(new QuickModeSaUp(sa));
        }
        context.childSaListener().onChildSaUp(sa);
        scheduleLifetime(sa);
    }

    /** The Quick Mode initiator renews at 90% of the lifetime; either side removes the pair at 100%. */
    private void scheduleLifetime(final ChildSa sa)
    {
        final long lifetimeMs = sa.transform().lifetimeSeconds() * 1000L;
        if (lifetimeMs <= 0)
        {
            return;
        }
        if (sa.initiator())
        {
            context.scheduler().schedule(lifetimeMs * 9 / 10, () ->
            {
                if (childSas.contains(sa) && !closed)
                {
                    rekey(sa);
                }
            });
        }
        context.scheduler().schedule(lifetimeMs, () ->
        {
            if (childSas.contains(sa))
            {
                sendDelete(sa);
                removeChildSa(sa, "lifetime of " + sa.transform().lifetimeSeconds() + " s ended");
            }
        });
    }

    /** How many pairs have been installed so far; a Quick Mode notes it when it starts. */
    public int childGeneration()
    {
        return childGeneration;
    }

    /**
     * The pair a Quick Mode that started at {@code startGeneration} renews: one with the same
     * selectors installed before it started. Pairs installed while it ran come from a colliding
     * rekey by the peer; both new pairs are kept (RFC 2409 defines no tie-break) and agree on both sides.
     */
    public ChildSa renewable(final QuickModeRequest selectors, final int startGeneration)
    {
        return childSas.stream().filter(c -> c.selectors().equals(selectors) &&
            generations.getOrDefault(c, 0) <= startGeneration).findFirst().orElse(null);
    }

    /** Starts a Quick Mode for the same selectors; the new pair replaces {@code sa} when it is up. */
    public void rekey(final ChildSa sa)
    {
        initiate(TaskFactory.quickModeInitiator(this, sa.selectors()));
    }

    /** RFC 3948 §4: behind a NAT we send a keepalive every 20 seconds, so its mapping stays open. */
    static final long NAT_KEEPALIVE_MS = 20_000;

    private void keepalive()
    {
        context.scheduler().schedule(NAT_KEEPALIVE_MS, () ->
        {
            if (!closed)
            {
                context.transport().sendNatKeepalive(endpoint);
                keepalive();
            }
        });
    }

    /** The initiator renews phase 1 at 90% of its lifetime; at 100% an SA not yet renewed goes. */
    private void schedulePhase1Lifetime()
    {
        final long lifetimeMs = transform.lifetimeSeconds() * 1000L;
        if (lifetimeMs <= 0)
        {
            return;
        }
        if (initiator)
        {
            context.scheduler().schedule(lifetimeMs * 9 / 10, () ->
            {
                if (!closed)
                {
                    onRekeyDue.accept(this);
                }
            });
        }
        context.scheduler().schedule(lifetimeMs, this::lifetimeEnded);
    }

    /**
     * The phase-1 lifetime is over. When the peer has already renewed phase 1 (a responder sees
     * a new Main Mode from the same peer before the old SA runs out), the Quick Mode SAs move to
     * the new ISAKMP SA (RFC 2409 §5.5: they do not depend on the SA that made them), so L2TP
     * keeps flowing; otherwise everything is deleted, telling the peer.
     */
    private void lifetimeEnded()
    {
        if (closed)
        {
            return;
        }
        final String reason = "phase-1 lifetime of " + transform.lifetimeSeconds() + " s ended";
        final IkeSa next = successor.apply(this);
        if (next != null)
        {
            next.replaces = null;
            handOver(next, reason + "; the peer had renewed it");
            return;
        }
        delete(reason);
    }

    /**
     * Moves our Quick Mode SAs to {@code next} (they do not depend on the ISAKMP SA that made
     * them, RFC 2409 §5.5) and removes this SA, telling the peer when we are the one moving.
     */
    void handOver(final IkeSa next, final String reason)
    {
        if (closed)
        {
            return;
        }
        for (final ChildSa sa : List.copyOf(childSas))
        {
            next.adopt(sa);
        }
        childSas.clear();
        generations.clear();
        if (next.initiator())
        {
            sendInformational(new Delete(SecurityAssociation.DOI_IPSEC, Proposal.PROTO_ISAKMP, 16,
                List.of(ByteBuffer.allocate(16).putLong(cookieI).putLong(cookieR).array())));
        }
        context.events().publish(new IkeSaRekeyed(endpoint, next.endpoint(), reason));
        closeQuietly();
    }

    /**
     * Generations count Quick Modes on this ISAKMP SA; an adopted SA is older than all of them
     * (generation 0), so the peer's first Quick Mode here renews it under its outbound handle.
     */
    private void adopt(final ChildSa sa)
    {
        childSas.add(sa);
        generations.put(sa, 0);
    }

    /** The peer deleted this ISAKMP SA: if it renewed it, our Quick Mode SAs live on under the new one. */
    void peerDeleted()
    {
        final IkeSa next = successor.apply(this);
        if (next != null)
        {
            next.replaces = null;
            handOver(next, "the peer renewed phase 1");
        }
        else
        {
            close("peer deleted the IKE SA");
        }
    }

    /** RFC 2408 §3.15: tells the peer our inbound SPI of {@code sa} is gone. */
    private void sendDelete(final ChildSa sa)
    {
        sendInformational(new Delete(SecurityAssociation.DOI_IPSEC, Proposal.PROTO_IPSEC_ESP, 4,
            List.of(ByteBuffer.allocate(4).putInt(sa.inboundSpi()).array())));
    }

    /** Deletes the IKE SA and its Quick Mode SAs, telling the peer (RFC 2408 §3.15, RFC 2409 §5.7). */
    public void delete(final String reason)
    {
        if (closed)
        {
            return;
        }
        for (final ChildSa sa : List.copyOf(childSas))
        {
            sendDelete(sa);
        }
        sendInformational(new Delete(SecurityAssociation.DOI_IPSEC, Proposal.PROTO_ISAKMP, 16,
            List.of(ByteBuffer.allocate(16).putLong(cookieI).putLong(cookieR).array())));
        close(reason);
    }

    public void removeChildSa(final ChildSa sa, final String reason)
    {
        if (childSas.remove(sa))
        {
            generations.remove(sa);
            ChildSaInstaller.uninstall(context, sa);
            context.childSaListener().onChildSaDown(sa, reason);
        }
    }

    // ---- exchanges ----

    /** Starts an exchange we initiate, after phase 1 when it needs the keys. */
    public void initiate(final Task task)
    {
        if (task.exchangeType() == ExchangeType.MAIN_MODE || task.exchangeType() == ExchangeType.AGGRESSIVE)
        {
            startExchange(task, 0);
        }
        else if (established)
        {
            startExchange(task, newMessageId());
        }
        else
        {
            waitingForPhase1.add(task);
        }
    }

    private int newMessageId()
    {
        int id;
        do
        {
            id = RANDOM.nextInt();
        }
        while (id == 0 || exchanges.containsKey(id));
        return id;
    }

    private void startExchange(final Task task, final int messageId)
    {
        final Exchange exchange = new Exchange(messageId, task, messageId == 0 ? null : phase2Chain(messageId));
        exchanges.put(messageId, exchange);
        try
        {
            send(exchange, task.start(messageId));
        }
        catch (final IkeFailure e)
        {
            fail(exchange, e);
        }
    }

    IvChain phase2Chain(final int messageId)
    {
        return IvChain.exchange(transform.hash(), transform.cipher(), phase1LastBlock, messageId);
    }

    /** A datagram for this SA (cookies matched) arrived from {@code from}. */
    void receive(final IsakmpHeader header, final byte[] datagram, final Endpoint from)
    {
        if (closed)
        {
            return;
        }
        Exchange exchange = exchanges.get(header.messageId());
        if (exchange != null && exchange.task.exchangeType() != header.exchangeType())
        {
            exchange = null;
        }
        final byte[] digest = digest(datagram);
        if (exchange != null && Arrays.equals(digest, exchange.lastReceivedDigest))
        {
            // RFC 2408 §5: the peer did not hear us; answer its retransmission with ours, unchanged.
            if (exchange.lastSent != null)
            {
                context.transport().send(endpoint, exchange.lastSent);
            }
            return;
        }
        if (exchange == null)
        {
            exchange = responderExchange(header);
            if (exchange == null)
            {
                return;
            }
        }
        final ReceivedPayloads payloads = open(exchange, header, datagram);
        if (payloads == null)
        {
            return;
        }
        exchange.lastReceivedDigest = digest;
        exchange.cancelRetransmit();
        lastInboundMs = context.scheduler().nowMs();
        try
        {
            final Outgoing reply = exchange.task.process(header, payloads);
            if (header.encrypted() && !from.equals(endpoint))
            {
                // RFC 3947 §4/§5: an authenticated message from a new address or port moves the SA there.
                endpoint = from;
            }
            send(exchange, reply);
            if (exchange.messageId == 0 && exchange.task.done() && !established)
            {
                phase1Complete();
            }
            else if (exchange.messageId != 0 && exchange.task.done())
            {
                // Keep answering the peer's retransmissions of this exchange for a while (RFC 2408 §5).
                expireExchange(exchange.messageId, 8 * context.config().retransmitMs() << 2);
            }
        }
        catch (final IkeFailure e)
        {
            fail(exchange, e);
        }
    }

    /** The exchange a message the peer starts belongs to: Quick Mode or Informational after phase 1. */
    private Exchange responderExchange(final IsakmpHeader header)
    {
        if (!established && !header.encrypted() && header.exchangeType() == ExchangeType.INFORMATIONAL)
        {
            return new Exchange(header.messageId(), new RefusalNotice(this), null);
        }
        if (!established || !header.encrypted())
        {
            drop(header, "no exchange " + Integer.toHexString(header.messageId()) + " in this state");
            return null;
        }
        final Task task = switch (header.exchangeType())
        {
            case ExchangeType.QUICK_MODE -> TaskFactory.quickModeResponder(this);
            case ExchangeType.INFORMATIONAL -> new Informational(this);
            default -> null;
        };
        if (task == null)
        {
            drop(header, "RFC 2408 §3.1: exchange type " + header.exchangeType() + " not supported");
            return null;
        }
        final Exchange exchange = new Exchange(header.messageId(), task, phase2Chain(header.messageId()));
        if (header.exchangeType() == ExchangeType.QUICK_MODE)
        {
            exchanges.put(header.messageId(), exchange);
        }
        return exchange;
    }

    /** Decrypts (when flagged) and verifies; null when the message is to be dropped. */
    private ReceivedPayloads open(final Exchange exchange, final IsakmpHeader header, final byte[] datagram)
    {
        ByteBuffer body = IsakmpMessage.bodyOf(ByteBuffer.wrap(datagram), header);
        IvChain chain = null;
        if (header.encrypted())
        {
            if (keys == null)
            {
                drop(header, "RFC 2408 §3.1: encrypted before keys were agreed");
                return null;
            }
            chain = (exchange.chain != null ? exchange.chain : phase1Chain).copy();
            final byte[] ciphertext = new byte[body.remaining()];
            body.get(ciphertext);
            final byte[] plain = chain.decrypt(keys.cipherKey(), ciphertext);
            if (plain == null)
            {
                drop(header, "RFC 2409 Appendix B: encrypted body is not a whole number of blocks");
                return null;
            }
            body = ByteBuffer.wrap(plain);
        }
        try
        {
            PayloadVerifier.verify(body.duplicate(), header.nextPayload(), header.encrypted());
        }
        catch (final IsakmpException e)
        {
            if (header.encrypted() && exchange.messageId == 0 && !established)
            {
                // Main Mode message 5 or 6 that decrypts to nonsense: the two sides derived different
                // keys, and with the DH exchange done that leaves the pre-shared key (RFC 2409 §5.4).
                close("RFC 2409 §5.4: encrypted " + ExchangeNames.of(header.exchangeType()) +
                    " message does not decrypt to valid payloads (" + e.getMessage() + "): a different pre-shared key?");
            }
            else
            {
                drop(header, e.getMessage());
            }
            return null;
        }
        if (chain != null)
        {
            if (exchange.chain != null)
            {
                exchange.chain = chain;
            }
            else
            {
                phase1Chain = chain;
            }
        }
        return PayloadReader.read(body, header.nextPayload());
    }

    private void send(final Exchange exchange, final Outgoing outgoing)
    {
        if (outgoing == null)
        {
            return;
        }
        final int exchangeType = exchange.task.exchangeType();
        final IsakmpHeader header = new IsakmpHeader(cookieI, cookieR, 0, exchangeType,
            outgoing.encrypted() ? IsakmpHeader.FLAG_ENCRYPTION : 0, exchange.messageId, 0);
        final byte[] message;
        if (outgoing.encrypted())
        {
            final IvChain chain = exchange.chain != null ? exchange.chain : phase1Chain;
            final byte[] plain = IsakmpMessage.encodePayloads(outgoing.payloads());
            message = IsakmpMessage.encode(header, outgoing.payloads().get(0).type(), chain.encrypt(keys.cipherKey(), plain));
        }
        else
        {
            message = IsakmpMessage.encode(header, outgoing.payloads());
        }
        exchange.lastSent = message;
        exchange.tries = 0;
        context.transport().send(endpoint, message);
        if (outgoing.expectsReply())
        {
            scheduleRetransmit(exchange);
        }
    }

    private void scheduleRetransmit(final Exchange exchange)
    {
        exchange.cancelRetransmit();
        final long delayMs = context.config().retransmitMs() << Math.min(exchange.tries, 16);
        exchange.retransmit = context.scheduler().schedule(delayMs, () -> retransmit(exchange));
    }

    private void retransmit(final Exchange exchange)
    {
        exchange.retransmit = null;
        if (closed)
        {
            return;
        }
        if (exchange.tries >= context.config().retransmitTries())
        {
            final String reason = "peer did not answer " + ExchangeNames.of(exchange.task.exchangeType()) +
                " after " + exchange.tries + " retransmissions";
            if (exchange.messageId == 0)
            {
                close(reason);
            }
            else
            {
                exchanges.remove(exchange.messageId);
                context.events().publish(new QuickModeFailed(endpoint, reason));
            }
            return;
        }
        exchange.tries++;
        context.transport().send(endpoint, exchange.lastSent);
        scheduleRetransmit(exchange);
    }

    /** Sends a one-message informational exchange (RFC 2409 §5.7), protected when phase 1 is up. */
    public void sendInformational(final Payload payload)
    {
        if (!established)
        {
            return;
        }
        final int messageId = newMessageId();
        final Exchange exchange = new Exchange(messageId, new Informational(this), phase2Chain(messageId));
        send(exchange, Informational.protect(this, messageId, payload));
    }

    private void fail(final Exchange exchange, final IkeFailure failure)
    {
        exchange.cancelRetransmit();
        if (exchange.messageId == 0 || !established)
        {
            if (keys == null && !initiator)
            {
                // RFC 2408 §5.1 ff.: an error before keys exist goes back unprotected.
                send(new Exchange(newMessageId(), new RefusalNotice(this), null),
                    RefusalNotice.refuse(this, failure.notifyType()));
            }
            close(failure.getMessage());
        }
        else
        {
            exchanges.remove(exchange.messageId);
            if (exchange.task.exchangeType() == ExchangeType.QUICK_MODE)
            {
                sendInformational(RefusalNotice.notification(this, failure.notifyType()));
                context.events().publish(new QuickModeFailed(endpoint, failure.getMessage()));
            }
        }
    }

    /** The peer refused what we asked for in a pending Quick Mode: stop waiting for it. */
    void phase2Refused(final String reason)
    {
        for (final Exchange exchange : List.copyOf(exchanges.values()))
        {
            if (exchange.messageId != 0 && !exchange.task.done() && exchange.lastSent != null &&
                exchange.task.exchangeType() == ExchangeType.QUICK_MODE)
            {
                exchange.cancelRetransmit();
                exchanges.remove(exchange.messageId);
                context.events().publish(new QuickModeFailed(endpoint, reason));
            }
        }
    }

    /** Removes the SA, its child SAs and its timers, and says why. */
    public void close(final String reason)
    {
        if (closed)
        {
            return;
        }
        for (final ChildSa sa : List.copyOf(childSas))
        {
            removeChildSa(sa, reason);
        }
        closeQuietly();
        context.events().publish(new IkeSaDown(endpoint, reason));
    }

    /** Ends this SA's timers and exchanges; its Quick Mode SAs have been handed over or removed. */
    private void closeQuietly()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        setupTimer.cancel();
        exchanges.values().forEach(Exchange::cancelRetransmit);
        if (dpd != null)
        {
            dpd.cancel();
        }
        onClosed.accept(this);
    }

    /** Forgets a finished exchange's retransmission state once the peer can no longer retransmit into it. */
    void expireExchange(final int messageId, final long afterMs)
    {
        context.scheduler().schedule(afterMs, () -> exchanges.remove(messageId));
    }

    long lastInboundMs()
    {
        return lastInboundMs;
    }

    Dpd dpd()
    {
        return dpd;
    }

    private void drop(final IsakmpHeader header, final String reason)
    {
        LOG.log(System.Logger.Level.INFO, "{0}: dropped {1} message: {2}", endpoint,
            ExchangeNames.of(header.exchangeType()), reason);
    }

    private static byte[] digest(final byte[] datagram)
    {
        try
        {
            return MessageDigest.getInstance("SHA-1").digest(datagram);
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString()
    {
        return "IkeSa[" + endpoint + ", " + (initiator ? "initiator" : "responder") + ", " +
            (established ? "established" : "negotiating") + "]";
    }
}
