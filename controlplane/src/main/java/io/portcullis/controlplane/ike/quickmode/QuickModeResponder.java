package io.portcullis.controlplane.ike.quickmode;

import java.util.ArrayList;
import java.util.List;

import io.portcullis.controlplane.ike.IkeFailure;
import io.portcullis.controlplane.ike.IkeSa;
import io.portcullis.controlplane.ike.Outgoing;
import io.portcullis.controlplane.ike.QuickModeRequest;
import io.portcullis.controlplane.ike.Task;
import io.portcullis.controlplane.ike.crypto.DiffieHellman;
import io.portcullis.controlplane.ike.crypto.ExchangeHashes;
import io.portcullis.controlplane.ike.isakmp.ExchangeType;
import io.portcullis.controlplane.ike.isakmp.Identification;
import io.portcullis.controlplane.ike.isakmp.IsakmpHeader;
import io.portcullis.controlplane.ike.isakmp.IsakmpMessage;
import io.portcullis.controlplane.ike.isakmp.NatOriginalAddress;
import io.portcullis.controlplane.ike.isakmp.NotifyType;
import io.portcullis.controlplane.ike.isakmp.OpaquePayload;
import io.portcullis.controlplane.ike.isakmp.Payload;
import io.portcullis.controlplane.ike.isakmp.PayloadType;
import io.portcullis.controlplane.ike.isakmp.Proposal;
import io.portcullis.controlplane.ike.isakmp.ReceivedPayloads;
import io.portcullis.controlplane.ike.isakmp.SecurityAssociation;
import io.portcullis.controlplane.ike.isakmp.Transform;
import io.portcullis.controlplane.ike.proposal.EspTransform;
import io.portcullis.controlplane.ike.proposal.ProposalPolicy;

/** Quick Mode, responder side (RFC 2409 §5.5), with PFS and NAT-T encapsulation (RFC 3947 §5). */
public final class QuickModeResponder implements Task
{
    private enum State { OFFER, CONFIRM, DONE }

    private final IkeSa sa;
    private State state = State.OFFER;
    private EspTransform transform;
    private int inboundSpi;
    private int outboundSpi;
    private byte[] niB;
    private byte[] nr;
    private byte[] gxy;
    private Identification idci;
    private Identification idcr;
    private int natOaInitiator;
    private OpaquePayload ourKe;
    private int startGeneration;

    public QuickModeResponder(final IkeSa sa)
    {
        this.sa = sa;
    }

    @Override
    public int exchangeType()
    {
        return ExchangeType.QUICK_MODE;
    }

    @Override
    public Outgoing process(final IsakmpHeader header, final ReceivedPayloads payloads) throws IkeFailure
    {
        return switch (state)
        {
            case OFFER -> offer(header, payloads);
            case CONFIRM -> confirm(header, payloads);
            case DONE -> null;
        };
    }

    /* HDR*, HASH(1), SA, Ni [, KE] [, IDci, IDcr] [, NAT-OAi, NAT-OAr] --> */
    private Outgoing offer(final IsakmpHeader header, final ReceivedPayloads payloads) throws IkeFailure
    {
        startGeneration = sa.childGeneration();
        final byte[] hash1 = QuickModeSupport.leadingHash(header.encrypted(), payloads, "HASH(1)");
        QuickModeSupport.checkHash(ExchangeHashes.quickModeHash1(sa.transform().hash(), sa.keys().skeyidA(),
            header.messageId(), payloads.rawFrom(1)), hash1, "HASH(1)");
        final SecurityAssociation offer = payloads.first(PayloadType.SA, SecurityAssociation.class);
        final int nonceIndex = payloads.indexOf(PayloadType.NONCE);
        if (offer == null || nonceIndex < 0)
        {
            throw new IkeFailure(NotifyType.PAYLOAD_MALFORMED, "RFC 2409 §5.5: Quick Mode's first message carries SA and Ni");
        }
        niB = payloads.rawBody(nonceIndex);
        final List<Payload> ids = payloads.all(PayloadType.ID);
        if (ids.size() != 0 && ids.size() != 2)
        {
            throw new IkeFailure(NotifyType.INVALID_ID_INFORMATION, "RFC 2409 §5.5: client IDs come in pairs, got " +
                ids.size());
        }
        idci = ids.isEmpty() ? null : (Identification) ids.get(0);
        idcr = ids.isEmpty() ? null : (Identification) ids.get(1);
        natOaInitiator = QuickModeSupport.natOa(sa, payloads, 0);
        final Proposal chosen = choose(offer);
        checkSelectors();
        agreePfs(payloads);
        return answer(header.messageId(), chosen, payloads);
    }

    private Proposal choose(final SecurityAssociation offer) throws IkeFailure
    {
        final ProposalPolicy policy = sa.context().config().policy();
        final List<String> offered = new ArrayList<>();
        for (final Proposal proposal : offer.proposals())
        {
            if (proposal.protocolId() != Proposal.PROTO_IPSEC_ESP)
            {
                continue;
            }
            for (final Transform t : proposal.transforms())
            {
                final EspTransform parsed = EspTransform.parse(t, policy.sha256Truncated96());
                offered.add(parsed == null ? "unsupported transform " + t.transformId() : parsed.toString());
                // RFC 3947 §5.1: UDP encapsulation exactly when a NAT was detected.
                if (policy.accepts(parsed) && parsed.encapsulation().udp() == sa.nat().detected())
                {
                    transform = parsed;
                    outboundSpi = QuickModeSupport.spi(proposal);
                    return new Proposal(proposal.number(), proposal.protocolId(), proposal.spi(), List.of(t));
                }
            }
        }
        throw new IkeFailure(NotifyType.NO_PROPOSAL_CHOSEN, "RFC 2409 §5.5: no acceptable ESP proposal among " + offered);
    }

    /**
     * RFC 2409 §5.5: the responder decides whether the client IDs are acceptable. Transport mode
     * protects the two IKE endpoints only: IDcr is our address, IDci the peer's (or, behind a
     * NAT, the original address it announced in NAT-OA, RFC 3947 §5.2).
     */
    private void checkSelectors() throws IkeFailure
    {
        final QuickModeRequest selectors = QuickModeSupport.selectors(transform, idcr, idci);
        if (!sa.context().config().selectors().accepts(selectors))
        {
            throw new IkeFailure(NotifyType.INVALID_ID_INFORMATION, "RFC 2409 §5.5: selectors " +
                QuickModeSupport.describe(idci) + " -> " + QuickModeSupport.describe(idcr) + " are not allowed here");
        }
        if (!transform.encapsulation().tunnel() && idci != null)
        {
            final int client = QuickModeSupport.address(idci);
            final int server = QuickModeSupport.address(idcr);
            final boolean clientOk = client == sa.endpoint().remoteAddress() || (client == natOaInitiator && client != 0) ||
                sa.nat().remoteBehindNat();
            if (server != sa.endpoint().localAddress() && !sa.nat().localBehindNat() || !clientOk)
            {
                throw new IkeFailure(NotifyType.INVALID_ID_INFORMATION,
                    "RFC 2409 §5.5: transport mode protects the IKE endpoints only, not " +
                    QuickModeSupport.describe(idci) + " -> " + QuickModeSupport.describe(idcr));
            }
        }
    }

    private void agreePfs(final ReceivedPayloads payloads) throws IkeFailure
    {
        final OpaquePayload ke = payloads.first(PayloadType.KE, OpaquePayload.class);
        if ((transform.pfsGroup() == null) != (ke == null))
        {
            throw new IkeFailure(NotifyType.INVALID_KEY_INFORMATION,
                "RFC 2409 §5.5: KE is present exactly when the SA names a group (PFS)");
        }
        if (ke == null)
        {
            return;
        }
        final DiffieHellman dh = transform.pfsGroup().generate();
        gxy = dh.sharedSecret(ke.data());
        if (gxy == null)
        {
            throw new IkeFailure(NotifyType.INVALID_KEY_INFORMATION, "RFC 2409 §5.5: KE is not a value of " +
                transform.pfsGroup());
        }
        ourKe = OpaquePayload.keyExchange(dh.publicValue());
    }

    /* <-- HDR*, HASH(2), SA, Nr [, KE] [, IDci, IDcr] [, NAT-OAi, NAT-OAr] */
    private Outgoing answer(final int messageId, final Proposal chosen, final ReceivedPayloads payloads)
    {
        inboundSpi = sa.context().spis().allocateSpi();
        nr = QuickModeSupport.nonce();
        final List<Payload> rest = new ArrayList<>();
        rest.add(SecurityAssociation.ipsec(List.of(new Proposal(chosen.number(), chosen.protocolId(),
            QuickModeSupport.spiBytes(inboundSpi), chosen.transforms()))));
        rest.add(OpaquePayload.nonce(nr));
        if (ourKe != null)
        {
            rest.add(ourKe);
        }
        if (idci != null)
        {
            rest.add(idci);
            rest.add(idcr);
        }
        if (transform.encapsulation().udp() && !transform.encapsulation().tunnel())
        {
            // RFC 3947 §5.2: in transport mode each side says what addresses it saw.
            rest.add(NatOriginalAddress.ipv4(sa.nat().natOaPayloadType(), sa.endpoint().remoteAddress()));
            rest.add(NatOriginalAddress.ipv4(sa.nat().natOaPayloadType(), sa.endpoint().localAddress()));
        }
        final byte[] hash2 = ExchangeHashes.quickModeHash2(sa.transform().hash(), sa.keys().skeyidA(), messageId, niB,
            IsakmpMessage.encodePayloads(rest));
        final List<Payload> message = new ArrayList<>();
        message.add(OpaquePayload.hash(hash2));
        message.addAll(rest);
        state = State.CONFIRM;
        return new Outgoing(message, true, true);
    }

    /* HDR*, HASH(3) --> */
    private Outgoing confirm(final IsakmpHeader header, final ReceivedPayloads payloads) throws IkeFailure
    {
        final byte[] hash3 = QuickModeSupport.leadingHash(header.encrypted(), payloads, "HASH(3)");
        QuickModeSupport.checkHash(ExchangeHashes.quickModeHash3(sa.transform().hash(), sa.keys().skeyidA(),
            header.messageId(), niB, nr), hash3, "HASH(3)");
        state = State.DONE;
        sa.childSaUp(QuickModeSupport.install(sa, transform, inboundSpi, outboundSpi, gxy, niB, nr, idcr, idci,
            false, startGeneration, natOaInitiator));
        return null;
    }

    @Override
    public boolean done()
    {
        return state == State.DONE;
    }
}
