package io.portcullis.controlplane.ike.mainmode;

import static io.portcullis.controlplane.ike.mainmode.MainModeSupport.required;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import io.portcullis.controlplane.ike.IkeFailure;
import io.portcullis.controlplane.ike.IkeSa;
import io.portcullis.controlplane.ike.Outgoing;
import io.portcullis.controlplane.ike.Task;
import io.portcullis.controlplane.ike.crypto.DiffieHellman;
import io.portcullis.controlplane.ike.crypto.ExchangeHashes;
import io.portcullis.controlplane.ike.isakmp.ExchangeType;
import io.portcullis.controlplane.ike.isakmp.Identification;
import io.portcullis.controlplane.ike.isakmp.IsakmpHeader;
import io.portcullis.controlplane.ike.isakmp.NotifyType;
import io.portcullis.controlplane.ike.isakmp.OpaquePayload;
import io.portcullis.controlplane.ike.isakmp.Payload;
import io.portcullis.controlplane.ike.isakmp.PayloadType;
import io.portcullis.controlplane.ike.isakmp.Proposal;
import io.portcullis.controlplane.ike.isakmp.ReceivedPayloads;
import io.portcullis.controlplane.ike.isakmp.SecurityAssociation;
import io.portcullis.controlplane.ike.proposal.Phase1Transform;

/** Aggressive Mode with pre-shared keys, initiator side (RFC 2409 §5.4). */
public final class AggressiveModeInitiator implements Task
{
    private enum State { OFFER, DONE }

    private final IkeSa sa;
    private State state = State.OFFER;
    private List<Phase1Transform> offered;
    private byte[] saiB;
    private DiffieHellman dh;
    private byte[] ni;
    private byte[] gxi;
    private byte[] idiiB;

    public AggressiveModeInitiator(final IkeSa sa)
    {
        this.sa = sa;
    }

    @Override
    public int exchangeType()
    {
        return ExchangeType.AGGRESSIVE;
    }

    /* HDR, SA, KE, Ni, IDii, VID... --> (one KE: every transform offered uses the first offer's group) */
    @Override
    public Outgoing start(final int messageId)
    {
        final List<Phase1Transform> all = sa.context().config().policy().phase1Offer();
        offered = all.stream().filter(t -> t.group() == all.get(0).group()).toList();
        final SecurityAssociation offer = MainModeSupport.offer(offered);
        saiB = offer.encodeBody();
        dh = offered.get(0).group().generate();
        gxi = dh.publicValue();
        ni = MainModeSupport.nonce();
        final Identification idii = new PreSharedKeyAuthenticator().ourId(sa);
        idiiB = idii.encodeBody();
        final List<Payload> payloads = new ArrayList<>(List.of(offer, OpaquePayload.keyExchange(gxi),
            OpaquePayload.nonce(ni), idii));
        payloads.addAll(MainModeSupport.ourVendorIds(null));
        return new Outgoing(payloads, false, true);
    }

    /* <-- HDR, SA, KE, Nr, IDir, HASH_R [, NAT-D, NAT-D] ;  HDR*, HASH_I [, NAT-D, NAT-D] --> */
    @Override
    public Outgoing process(final IsakmpHeader header, final ReceivedPayloads payloads) throws IkeFailure
    {
        if (state == State.DONE)
        {
            return null;
        }
        final SecurityAssociation answer = required(payloads, PayloadType.SA, SecurityAssociation.class,
            "RFC 2409 §5.4: the second message carries SA, KE, Nr, IDir and HASH_R");
        final Phase1Transform chosen = answer.proposals().size() == 1 &&
            answer.proposals().get(0).transforms().size() == 1 ?
            Phase1Transform.parse(answer.proposals().get(0).transforms().get(0)) : null;
        if (chosen == null || offered.stream().noneMatch(t -> t.withLifetime(0).equals(chosen.withLifetime(0))))
        {
            throw new IkeFailure(NotifyType.NO_PROPOSAL_CHOSEN, "RFC 2408 §4.2: the responder chose a transform we did not offer");
        }
        sa.setTransform(chosen);
        MainModeSupport.readVendorIds(sa, payloads);
        final byte[] gxr = required(payloads, PayloadType.KE, OpaquePayload.class, "RFC 2409 §5.4: KE").data();
        final int nonceIndex = payloads.indexOf(PayloadType.NONCE);
        final int idIndex = payloads.indexOf(PayloadType.ID);
        final byte[] hashR = required(payloads, PayloadType.HASH, OpaquePayload.class, "RFC 2409 §5.4: HASH_R").data();
        final byte[] gxy = dh.sharedSecret(gxr);
        if (nonceIndex < 0 || idIndex < 0 || gxy == null)
        {
            throw new IkeFailure(NotifyType.INVALID_KEY_INFORMATION, "RFC 2409 §5.4: Nr, IDir or a valid KE is missing");
        }
        MainModeSupport.deriveKeys(sa, ni, payloads.rawBody(nonceIndex), gxi, gxr, gxy);
        final byte[] expected = ExchangeHashes.hashR(sa.transform().hash(), sa.keys().skeyid(), gxi, gxr, sa.cookieI(),
            sa.cookieR(), saiB, payloads.rawBody(idIndex));
        if (!MessageDigest.isEqual(expected, hashR))
        {
            throw new IkeFailure(NotifyType.AUTHENTICATION_FAILED,
                "RFC 2409 §5.4: HASH_R does not match (a different pre-shared key?)");
        }
        sa.setPeerId(MainModeSupport.describe((Identification) payloads.payloads().get(idIndex)));
        MainModeSupport.detectNat(sa, payloads);
        final List<Payload> reply = new ArrayList<>();
        reply.add(OpaquePayload.hash(ExchangeHashes.hashI(sa.transform().hash(), sa.keys().skeyid(), gxi, gxr,
            sa.cookieI(), sa.cookieR(), saiB, idiiB)));
        reply.addAll(MainModeSupport.natD(sa));
        if (sa.nat().detected())
        {
            sa.floatToNatTPort();
        }
        state = State.DONE;
        return new Outgoing(reply, true, false);
    }

    @Override
    public boolean done()
    {
        return state == State.DONE;
    }
}
