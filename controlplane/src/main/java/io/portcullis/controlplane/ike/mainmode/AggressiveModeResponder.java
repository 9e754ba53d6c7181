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
import io.portcullis.controlplane.ike.isakmp.Transform;
import io.portcullis.controlplane.ike.proposal.Phase1Transform;
import io.portcullis.controlplane.ike.proposal.ProposalPolicy;

/**
 * Aggressive Mode with pre-shared keys, responder side (RFC 2409 §5.4): three messages instead
 * of six, identities in clear. Only reachable when the configuration enables it.
 */
public final class AggressiveModeResponder implements Task
{
    private enum State { OFFER, AUTH, DONE }

    private final IkeSa sa;
    private State state = State.OFFER;
    private byte[] saiB;
    private byte[] gxi;
    private byte[] gxr;
    private byte[] idiiB;

    public AggressiveModeResponder(final IkeSa sa)
    {
        this.sa = sa;
    }

    @Override
    public int exchangeType()
    {
        return ExchangeType.AGGRESSIVE;
    }

    @Override
    public Outgoing process(final IsakmpHeader header, final ReceivedPayloads payloads) throws IkeFailure
    {
        return switch (state)
        {
            case OFFER -> offer(payloads);
            case AUTH -> authenticate(payloads);
            case DONE -> null;
        };
    }

    /* HDR, SA, KE, Ni, IDii --> ;  <-- HDR, SA, KE, Nr, IDir, HASH_R [, NAT-D, NAT-D] */
    private Outgoing offer(final ReceivedPayloads payloads) throws IkeFailure
    {
        final SecurityAssociation offer = required(payloads, PayloadType.SA, SecurityAssociation.class,
            "RFC 2409 §5.4: Aggressive Mode's first message carries SA, KE, Ni and IDii");
        gxi = required(payloads, PayloadType.KE, OpaquePayload.class, "RFC 2409 §5.4: the first message carries KE").data();
        final int nonceIndex = payloads.indexOf(PayloadType.NONCE);
        final int idIndex = payloads.indexOf(PayloadType.ID);
        if (nonceIndex < 0 || idIndex < 0)
        {
            throw new IkeFailure(NotifyType.PAYLOAD_MALFORMED, "RFC 2409 §5.4: the first message carries Ni and IDii");
        }
        saiB = payloads.rawBody(payloads.indexOf(PayloadType.SA));
        idiiB = payloads.rawBody(idIndex);
        final Transform chosen = choose(offer);
        MainModeSupport.readVendorIds(sa, payloads);
        final DiffieHellman dh = sa.transform().group().generate();
        final byte[] gxy = dh.sharedSecret(gxi);
        if (gxy == null)
        {
            throw new IkeFailure(NotifyType.INVALID_KEY_INFORMATION,
                "RFC 2409 §5.4: KE is not a public value of " + sa.transform().group());
        }
        gxr = dh.publicValue();
        final byte[] nr = MainModeSupport.nonce();
        MainModeSupport.deriveKeys(sa, payloads.rawBody(nonceIndex), nr, gxi, gxr, gxy);
        sa.setPeerId(MainModeSupport.describe((Identification) payloads.payloads().get(idIndex)));
        final Identification idir = new PreSharedKeyAuthenticator().ourId(sa);
        final byte[] hashR = ExchangeHashes.hashR(sa.transform().hash(), sa.keys().skeyid(), gxi, gxr, sa.cookieI(),
            sa.cookieR(), saiB, idir.encodeBody());
        final List<Payload> reply = new ArrayList<>();
        reply.add(SecurityAssociation.ipsec(List.of(new Proposal(1, Proposal.PROTO_ISAKMP, new byte[0],
            List.of(chosen)))));
        reply.addAll(List.of(OpaquePayload.keyExchange(gxr), OpaquePayload.nonce(nr), idir, OpaquePayload.hash(hashR)));
        reply.addAll(MainModeSupport.ourVendorIds(sa.nat()));
        reply.addAll(MainModeSupport.natD(sa));
        state = State.AUTH;
        return new Outgoing(reply, false, false);
    }

    /** RFC 2409 §5.4: every transform of an Aggressive Mode offer shares the KE's group. */
    private Transform choose(final SecurityAssociation offer) throws IkeFailure
    {
        final ProposalPolicy policy = sa.context().config().policy();
        for (final Proposal proposal : offer.proposals())
        {
            for (final Transform transform : proposal.transforms())
            {
                final Phase1Transform parsed = Phase1Transform.parse(transform);
                if (proposal.protocolId() == Proposal.PROTO_ISAKMP && policy.accepts(parsed) &&
                    parsed.authMethod() == Phase1Transform.AUTH_PRE_SHARED_KEY)
                {
                    sa.setTransform(parsed.withLifetime(policy.phase1Lifetime(parsed.lifetimeSeconds())));
                    return transform;
                }
            }
        }
        throw new IkeFailure(NotifyType.NO_PROPOSAL_CHOSEN, "RFC 2409 §5.4: no acceptable Aggressive Mode proposal among " +
            MainModeResponder.describe(offer));
    }

    /* HDR[*], HASH_I [, NAT-D, NAT-D] --> */
    private Outgoing authenticate(final ReceivedPayloads payloads) throws IkeFailure
    {
        final byte[] hashI = required(payloads, PayloadType.HASH, OpaquePayload.class,
            "RFC 2409 §5.4: the third message carries HASH_I").data();
        MainModeSupport.detectNat(sa, payloads);
        final byte[] expected = ExchangeHashes.hashI(sa.transform().hash(), sa.keys().skeyid(), gxi, gxr, sa.cookieI(),
            sa.cookieR(), saiB, idiiB);
        if (!MessageDigest.isEqual(expected, hashI))
        {
            throw new IkeFailure(NotifyType.AUTHENTICATION_FAILED,
                "RFC 2409 §5.4: HASH_I does not match (a different pre-shared key?)");
        }
        state = State.DONE;
        return null;
    }

    @Override
    public boolean done()
    {
        return state == State.DONE;
    }
}
