package io.portcullis.controlplane.ike.quickmode;

import java.util.ArrayList;
import java.util.List;

import io.portcullis.controlplane.ike.Endpoint;
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

/** Quick Mode, initiator side (RFC 2409 §5.5). */
public final class QuickModeInitiator implements Task
{
    private enum State { OFFER, DONE }

    private final IkeSa sa;
    private final QuickModeRequest request;
    private State state = State.OFFER;
    private List<EspTransform> offered;
    private int inboundSpi;
    private byte[] ni;
    private DiffieHellman dh;
    private Identification idci;
    private Identification idcr;
    private int startGeneration;

    public QuickModeInitiator(final IkeSa sa, final QuickModeRequest request)
    {
        this.sa = sa;
        this.request = request;
    }

    @Override
    public int exchangeType()
    {
        return ExchangeType.QUICK_MODE;
    }

    /* HDR*, HASH(1), SA, Ni [, KE] , IDci, IDcr [, NAT-OAi, NAT-OAr] --> */
    @Override
    public Outgoing start(final int messageId)
    {
        startGeneration = sa.childGeneration();
        final EspTransform.Encapsulation encapsulation = sa.nat().encapsulation(request.tunnel());
        offered = new ArrayList<>();
        final List<Transform> transforms = new ArrayList<>();
        for (final EspTransform t : sa.context().config().policy().espOffer())
        {
            final EspTransform mine = new EspTransform(t.cipher(), t.keyLengthBits(), t.integrity(), request.pfsGroup(),
                encapsulation, t.lifetimeSeconds());
            offered.add(mine);
            transforms.add(mine.toTransform(transforms.size() + 1));
        }
        inboundSpi = sa.context().spis().allocateSpi();
        ni = QuickModeSupport.nonce();
        final List<Payload> rest = new ArrayList<>();
        rest.add(SecurityAssociation.ipsec(List.of(new Proposal(1, Proposal.PROTO_IPSEC_ESP,
            QuickModeSupport.spiBytes(inboundSpi), transforms))));
        rest.add(OpaquePayload.nonce(ni));
        if (request.pfsGroup() != null)
        {
            dh = request.pfsGroup().generate();
            rest.add(OpaquePayload.keyExchange(dh.publicValue()));
        }
        final Endpoint e = sa.endpoint();
        idci = request.tunnel() ? Identification.ipv4Subnet(request.localSubnet(), request.localMask()) :
            Identification.ipv4(e.localAddress(), request.protocol(), request.localPort());
        idcr = request.tunnel() ? Identification.ipv4Subnet(request.remoteSubnet(), request.remoteMask()) :
            Identification.ipv4(e.remoteAddress(), request.protocol(), request.remotePort());
        rest.add(idci);
        rest.add(idcr);
        if (encapsulation.udp() && !encapsulation.tunnel())
        {
            rest.add(NatOriginalAddress.ipv4(sa.nat().natOaPayloadType(), e.localAddress()));
            rest.add(NatOriginalAddress.ipv4(sa.nat().natOaPayloadType(), e.remoteAddress()));
        }
        final byte[] hash1 = ExchangeHashes.quickModeHash1(sa.transform().hash(), sa.keys().skeyidA(), messageId,
            IsakmpMessage.encodePayloads(rest));
        final List<Payload> message = new ArrayList<>();
        message.add(OpaquePayload.hash(hash1));
        message.addAll(rest);
        return new Outgoing(message, true, true);
    }

    /* <-- HDR*, HASH(2), SA, Nr [, KE] [, IDci, IDcr] ;  HDR*, HASH(3) --> */
    @Override
    public Outgoing process(final IsakmpHeader header, final ReceivedPayloads payloads) throws IkeFailure
    {
        if (state == State.DONE)
        {
            return null;
        }
        final byte[] hash2 = QuickModeSupport.leadingHash(header.encrypted(), payloads, "HASH(2)");
        QuickModeSupport.checkHash(ExchangeHashes.quickModeHash2(sa.transform().hash(), sa.keys().skeyidA(),
            header.messageId(), ni, payloads.rawFrom(1)), hash2, "HASH(2)");
        final SecurityAssociation answer = payloads.first(PayloadType.SA, SecurityAssociation.class);
        final int nonceIndex = payloads.indexOf(PayloadType.NONCE);
        if (answer == null || nonceIndex < 0 || answer.proposals().size() != 1 ||
            answer.proposals().get(0).transforms().size() != 1)
        {
            throw new IkeFailure(NotifyType.BAD_PROPOSAL_SYNTAX,
                "RFC 2409 §5.5: the answer carries one SA with one chosen transform, and Nr");
        }
        final Proposal proposal = answer.proposals().get(0);
        final EspTransform chosen = EspTransform.parse(proposal.transforms().get(0),
            sa.context().config().policy().sha256Truncated96());
        if (chosen == null || offered.stream().noneMatch(t -> sameExceptLifetime(t, chosen)))
        {
            throw new IkeFailure(NotifyType.NO_PROPOSAL_CHOSEN, "RFC 2409 §5.5: the responder chose a transform we did not offer");
        }
        final byte[] gxy = pfs(payloads);
        final byte[] nrB = payloads.rawBody(nonceIndex);
        state = State.DONE;
        sa.childSaUp(QuickModeSupport.install(sa, chosen, inboundSpi, QuickModeSupport.spi(proposal), gxy, ni, nrB,
            idci, idcr, true, startGeneration, QuickModeSupport.natOa(sa, payloads, 1)));
        final byte[] hash3 = ExchangeHashes.quickModeHash3(sa.transform().hash(), sa.keys().skeyidA(),
            header.messageId(), ni, nrB);
        return new Outgoing(List.of(OpaquePayload.hash(hash3)), true, false);
    }

    private byte[] pfs(final ReceivedPayloads payloads) throws IkeFailure
    {
        if (dh == null)
        {
            return null;
        }
        final OpaquePayload ke = payloads.first(PayloadType.KE, OpaquePayload.class);
        final byte[] gxy = ke == null ? null : dh.sharedSecret(ke.data());
        if (gxy == null)
        {
            throw new IkeFailure(NotifyType.INVALID_KEY_INFORMATION, "RFC 2409 §5.5: PFS was asked for, KE is missing or invalid");
        }
        return gxy;
    }

    private static boolean sameExceptLifetime(final EspTransform a, final EspTransform b)
    {
        return a.cipher() == b.cipher() && a.keyLengthBits() == b.keyLengthBits() && a.integrity() == b.integrity() &&
            a.pfsGroup() == b.pfsGroup() && a.encapsulation() == b.encapsulation();
    }

    @Override
    public boolean done()
    {
        return state == State.DONE;
    }
}
