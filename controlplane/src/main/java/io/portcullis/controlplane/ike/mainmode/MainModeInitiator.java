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
import io.portcullis.controlplane.ike.proposal.Phase1Transform;

/** Main Mode with pre-shared keys, initiator side (RFC 2409 §5, §5.4). */
public final class MainModeInitiator implements Task
{
    private enum State { SA, KEY_EXCHANGE, AUTH, DONE }

    private final IkeSa sa;
    private State state = State.SA;
    private List<Phase1Transform> offered;
    private byte[] saiB;
    private DiffieHellman dh;
    private byte[] ni;
    private byte[] gxi;
    private byte[] gxr;
    private byte[] idiiB;

    public MainModeInitiator(final IkeSa sa)
    {
        this.sa = sa;
    }

    @Override
    public int exchangeType()
    {
        return ExchangeType.MAIN_MODE;
    }

    /* HDR, SA, VID... --> */
    @Override
    public Outgoing start(final int messageId)
    {
        offered = sa.context().config().policy().phase1Offer();
        final SecurityAssociation offer = MainModeSupport.offer(offered);
        saiB = offer.encodeBody();
        final List<Payload> payloads = new ArrayList<>();
        payloads.add(offer);
        payloads.addAll(MainModeSupport.ourVendorIds(null));
        return new Outgoing(payloads, false, true);
    }

    @Override
    public Outgoing process(final IsakmpHeader header, final ReceivedPayloads payloads) throws IkeFailure
    {
        return switch (state)
        {
            case SA -> securityAssociation(payloads);
            case KEY_EXCHANGE -> keyExchange(payloads);
            case AUTH -> authenticate(header, payloads);
            case DONE -> null;
        };
    }

    /* <-- HDR, SA, VID... ;  HDR, KE, Ni [, NAT-D, NAT-D] --> */
    private Outgoing securityAssociation(final ReceivedPayloads payloads) throws IkeFailure
    {
        final SecurityAssociation answer = required(payloads, PayloadType.SA, SecurityAssociation.class,
            "RFC 2409 §5: Main Mode's second message carries the SA payload");
        if (answer.proposals().size() != 1 || answer.proposals().get(0).transforms().size() != 1)
        {
            throw new IkeFailure(NotifyType.BAD_PROPOSAL_SYNTAX,
                "RFC 2408 §4.2: the responder must choose exactly one transform");
        }
        final Phase1Transform chosen = Phase1Transform.parse(answer.proposals().get(0).transforms().get(0));
        final Phase1Transform ours = chosen == null ? null : offered.stream()
            .filter(t -> t.withLifetime(0).equals(chosen.withLifetime(0))).findFirst().orElse(null);
        if (ours == null)
        {
            throw new IkeFailure(NotifyType.NO_PROPOSAL_CHOSEN, "RFC 2408 §4.2: the responder chose a transform we did not offer");
        }
        sa.setTransform(chosen.lifetimeSeconds() == 0 ? ours : chosen);
        MainModeSupport.readVendorIds(sa, payloads);
        dh = sa.transform().group().generate();
        gxi = dh.publicValue();
        ni = MainModeSupport.nonce();
        state = State.KEY_EXCHANGE;
        final List<Payload> reply = new ArrayList<>(List.of(OpaquePayload.keyExchange(gxi), OpaquePayload.nonce(ni)));
        reply.addAll(MainModeSupport.natD(sa));
        reply.addAll(Phase1Authenticator.of(sa).certificateRequests(sa));
        return new Outgoing(reply, false, true);
    }

    /* <-- HDR, KE, Nr [, NAT-D, NAT-D] ;  HDR*, IDii, HASH_I --> */
    private Outgoing keyExchange(final ReceivedPayloads payloads) throws IkeFailure
    {
        gxr = required(payloads, PayloadType.KE, OpaquePayload.class, "RFC 2409 §5: message 4 carries KE").data();
        final byte[] nr = payloads.rawBody(payloads.indexOf(required(payloads, PayloadType.NONCE, OpaquePayload.class,
            "RFC 2409 §5: message 4 carries a nonce").type()));
        final byte[] gxy = dh.sharedSecret(gxr);
        if (gxy == null)
        {
            throw new IkeFailure(NotifyType.INVALID_KEY_INFORMATION,
                "RFC 2409 §5: KE is not a public value of " + sa.transform().group());
        }
        MainModeSupport.detectNat(sa, payloads);
        MainModeSupport.deriveKeys(sa, ni, nr, gxi, gxr, gxy);
        if (sa.nat().detected())
        {
            // RFC 3947 §4: with a NAT in the path the initiator moves to port 4500 for message 5 on.
            sa.floatToNatTPort();
        }
        final Phase1Authenticator authenticator = Phase1Authenticator.of(sa);
        final Identification idii = authenticator.ourId(sa);
        idiiB = idii.encodeBody();
        final byte[] hashI = ExchangeHashes.hashI(sa.transform().hash(), sa.keys().skeyid(), gxi, gxr, sa.cookieI(),
            sa.cookieR(), saiB, idiiB);
        state = State.AUTH;
        // RFC 2407 §4.6.3.3: we hold no other SA with this peer; it may drop any it kept from us.
        final Notification initialContact = new Notification(SecurityAssociation.DOI_IPSEC, Proposal.PROTO_ISAKMP,
            java.nio.ByteBuffer.allocate(16).putLong(sa.cookieI()).putLong(sa.cookieR()).array(),
            NotifyType.INITIAL_CONTACT, new byte[0]);
        final List<Payload> message = new ArrayList<>(authenticator.prove(sa, idii, hashI));
        if (sa.sendsInitialContact())
        {
            message.add(initialContact);
        }
        return new Outgoing(message, true, true);
    }

    /* <-- HDR*, IDir, HASH_R */
    private Outgoing authenticate(final IsakmpHeader header, final ReceivedPayloads payloads) throws IkeFailure
    {
        if (!header.encrypted())
        {
            throw new IkeFailure(NotifyType.PAYLOAD_MALFORMED, "RFC 2409 §5: Main Mode message 6 is encrypted");
        }
        final Identification idir = required(payloads, PayloadType.ID, Identification.class,
            "RFC 2409 §5: message 6 carries IDir");
        Phase1Authenticator.of(sa).verify(sa, payloads, idir, ExchangeHashes.hashR(sa.transform().hash(),
            sa.keys().skeyid(), gxi, gxr, sa.cookieI(), sa.cookieR(), saiB,
            payloads.rawBody(payloads.indexOf(PayloadType.ID))), "HASH_R");
        sa.setPeerId(MainModeSupport.describe(idir));
        state = State.DONE;
        return null;
    }

    @Override
    public boolean done()
    {
        return state == State.DONE;
    }
}
