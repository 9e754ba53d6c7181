package io.portcullis.controlplane.ike.mainmode;

import static io.portcullis.controlplane.ike.mainmode.MainModeSupport.required;

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
import io.portcullis.controlplane.ike.isakmp.Notification;
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

/** Main Mode with pre-shared keys, responder side (RFC 2409 §5, §5.4). */
public final class MainModeResponder implements Task
{
    private enum State { SA, KEY_EXCHANGE, AUTH, DONE }

    private final IkeSa sa;
    private State state = State.SA;
    private byte[] saiB;
    private byte[] ni;
    private byte[] nr;
    private byte[] gxi;
    private byte[] gxr;

    public MainModeResponder(final IkeSa sa)
    {
        this.sa = sa;
    }

    @Override
    public int exchangeType()
    {
        return ExchangeType.MAIN_MODE;
    }

    @Override
    public Outgoing process(final IsakmpHeader header, final ReceivedPayloads payloads) throws IkeFailure
    {
        return switch (state)
        {
            case SA -> securityAssociation(payloads);
            case KEY_EXCHANGE -> keyExchange(header, payloads);
            case AUTH -> authenticate(header, payloads);
            case DONE -> null;
        };
    }

    /* HDR, SA [, VID...] --> ;  <-- HDR, SA [, VID...] */
    private Outgoing securityAssociation(final ReceivedPayloads payloads) throws IkeFailure
    {
        final SecurityAssociation offer = required(payloads, PayloadType.SA, SecurityAssociation.class,
            "RFC 2409 §5: Main Mode's first message carries the SA payload");
        saiB = payloads.rawBody(payloads.indexOf(PayloadType.SA));
        final ProposalPolicy policy = sa.context().config().policy();
        for (final Proposal proposal : offer.proposals())
        {
            if (proposal.protocolId() != Proposal.PROTO_ISAKMP)
            {
                continue;
            }
            for (final Transform transform : proposal.transforms())
            {
                final Phase1Transform parsed = Phase1Transform.parse(transform);
                if (policy.accepts(parsed) && Phase1Authenticator.supports(sa, parsed.authMethod()))
                {
                    sa.setTransform(parsed.withLifetime(policy.phase1Lifetime(parsed.lifetimeSeconds())));
                    MainModeSupport.readVendorIds(sa, payloads);
                    state = State.KEY_EXCHANGE;
                    // RFC 2408 §4.2: the responder returns the one transform it chose, as offered.
                    final Proposal chosen = new Proposal(proposal.number(), proposal.protocolId(), proposal.spi(),
                        List.of(transform));
                    final List<Payload> reply = new ArrayList<>();
                    reply.add(SecurityAssociation.ipsec(List.of(chosen)));
                    reply.addAll(MainModeSupport.ourVendorIds(sa.nat()));
                    return new Outgoing(reply, false, false);
                }
            }
        }
        throw new IkeFailure(NotifyType.NO_PROPOSAL_CHOSEN, "RFC 2409 §5: no acceptable phase-1 proposal among " +
            describe(offer));
    }

    /* HDR, KE, Ni [, NAT-D, NAT-D] --> ;  <-- HDR, KE, Nr [, NAT-D, NAT-D] */
    private Outgoing keyExchange(final IsakmpHeader header, final ReceivedPayloads payloads) throws IkeFailure
    {
        gxi = required(payloads, PayloadType.KE, OpaquePayload.class, "RFC 2409 §5: message 3 carries KE").data();
        ni = payloads.rawBody(payloads.indexOf(required(payloads, PayloadType.NONCE, OpaquePayload.class,
            "RFC 2409 §5: message 3 carries a nonce").type()));
        final DiffieHellman dh = sa.transform().group().generate();
        final byte[] gxy = dh.sharedSecret(gxi);
        if (gxy == null)
        {
            throw new IkeFailure(NotifyType.INVALID_KEY_INFORMATION,
                "RFC 2409 §5: KE is not a public value of " + sa.transform().group());
        }
        gxr = dh.publicValue();
        nr = MainModeSupport.nonce();
        MainModeSupport.detectNat(sa, payloads);
        MainModeSupport.deriveKeys(sa, ni, nr, gxi, gxr, gxy);
        state = State.AUTH;
        final List<Payload> reply = new ArrayList<>(List.of(OpaquePayload.keyExchange(gxr), OpaquePayload.nonce(nr)));
        reply.addAll(MainModeSupport.natD(sa));
        reply.addAll(Phase1Authenticator.of(sa).certificateRequests(sa));
        return new Outgoing(reply, false, false);
    }

    /* HDR*, IDii, HASH_I --> ;  <-- HDR*, IDir, HASH_R */
    private Outgoing authenticate(final IsakmpHeader header, final ReceivedPayloads payloads) throws IkeFailure
    {
        if (!header.encrypted())
        {
            throw new IkeFailure(NotifyType.PAYLOAD_MALFORMED, "RFC 2409 §5: Main Mode message 5 is encrypted");
        }
        final Identification idii = required(payloads, PayloadType.ID, Identification.class,
            "RFC 2409 §5: message 5 carries IDii");
        final Phase1Authenticator authenticator = Phase1Authenticator.of(sa);
        final byte[] skeyid = sa.keys().skeyid();
        authenticator.verify(sa, payloads, idii, ExchangeHashes.hashI(sa.transform().hash(), skeyid, gxi, gxr,
            sa.cookieI(), sa.cookieR(), saiB, payloads.rawBody(payloads.indexOf(PayloadType.ID))), "HASH_I");
        sa.setPeerId(MainModeSupport.describe(idii));
        for (final Payload payload : payloads.all(PayloadType.NOTIFY))
        {
            if (((Notification) payload).notifyType() == NotifyType.INITIAL_CONTACT)
            {
                sa.setInitialContact();
            }
        }
        final Identification idir = authenticator.ourId(sa);
        final byte[] hashR = ExchangeHashes.hashR(sa.transform().hash(), skeyid, gxi, gxr, sa.cookieI(), sa.cookieR(),
            saiB, idir.encodeBody());
        state = State.DONE;
        return new Outgoing(authenticator.prove(sa, idir, hashR), true, false);
    }

    @Override
    public boolean done()
    {
        return state == State.DONE;
    }

    static String describe(final SecurityAssociation offer)
    {
        final List<String> offered = new ArrayList<>();
        for (final Proposal proposal : offer.proposals())
        {
            for (final Transform transform : proposal.transforms())
            {
                final Phase1Transform parsed = Phase1Transform.parse(transform);
                offered.add(parsed == null ? "unsupported transform " + transform.number() : parsed +
                    (parsed.authMethod() != Phase1Transform.AUTH_PRE_SHARED_KEY ? "/auth-" + parsed.authMethod() : ""));
            }
        }
        return offered.toString();
    }
}
