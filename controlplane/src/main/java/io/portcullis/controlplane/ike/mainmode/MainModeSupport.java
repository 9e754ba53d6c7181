package io.portcullis.controlplane.ike.mainmode;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import io.portcullis.controlplane.ike.Endpoint;
import io.portcullis.controlplane.ike.IkeFailure;
import io.portcullis.controlplane.ike.IkeSa;
import io.portcullis.controlplane.ike.NatState;
import io.portcullis.controlplane.ike.crypto.IkeHash;
import io.portcullis.controlplane.ike.crypto.IvChain;
import io.portcullis.controlplane.ike.crypto.KeyDerivation;
import io.portcullis.controlplane.ike.crypto.Phase1Keys;
import io.portcullis.controlplane.ike.isakmp.Identification;
import io.portcullis.controlplane.ike.isakmp.NotifyType;
import io.portcullis.controlplane.ike.isakmp.OpaquePayload;
import io.portcullis.controlplane.ike.isakmp.Payload;
import io.portcullis.controlplane.ike.isakmp.Proposal;
import io.portcullis.controlplane.ike.isakmp.ReceivedPayloads;
import io.portcullis.controlplane.ike.isakmp.SecurityAssociation;
import io.portcullis.controlplane.ike.isakmp.Transform;
import io.portcullis.controlplane.ike.proposal.Phase1Transform;
import io.portcullis.controlplane.ike.isakmp.VendorId;

/** What both roles of Main Mode do alike: nonces, NAT-D, keys, identities, vendor IDs. */
final class MainModeSupport
{
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int NONCE_LENGTH = 32;

    private MainModeSupport()
    {
    }

    static byte[] nonce()
    {
        final byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** One ISAKMP proposal with our transforms, numbered in preference order (RFC 2408 §3.5, §3.6). */
    static SecurityAssociation offer(final List<Phase1Transform> transforms)
    {
        final List<Transform> numbered = new ArrayList<>();
        for (int i = 0; i < transforms.size(); i++)
        {
            numbered.add(transforms.get(i).toTransform(i + 1));
        }
        return SecurityAssociation.ipsec(List.of(new Proposal(1, Proposal.PROTO_ISAKMP, new byte[0], numbered)));
    }

    /** Vendor IDs we announce: NAT-T (RFC 3947 and the drafts clients still look for) and DPD (RFC 3706). */
    static List<Payload> ourVendorIds(final NatState peerNat)
    {
        final List<Payload> ids = new ArrayList<>();
        if (peerNat == null)
        {
            for (final VendorId id : List.of(VendorId.RFC3947, VendorId.NAT_T_DRAFT_03, VendorId.NAT_T_DRAFT_02_N,
                VendorId.NAT_T_DRAFT_02))
            {
                ids.add(OpaquePayload.vendorId(id.bytes()));
            }
        }
        else if (peerNat.negotiated())
        {
            ids.add(OpaquePayload.vendorId(peerNat.version().bytes()));
        }
        ids.add(OpaquePayload.vendorId(VendorId.DPD.bytes()));
        return ids;
    }

    static void readVendorIds(final IkeSa sa, final ReceivedPayloads payloads)
    {
        for (final Payload payload : payloads.all(io.portcullis.controlplane.ike.isakmp.PayloadType.VENDOR_ID))
        {
            final VendorId id = VendorId.of(((OpaquePayload) payload).data());
            if (id == VendorId.DPD)
            {
                sa.setPeerSupportsDpd(true);
            }
            else if (id != null)
            {
                sa.nat().peerVendorId(id);
            }
        }
    }

    /** RFC 3947 §3.2: NAT-D of the peer's address as we see it first, then ours. */
    static List<Payload> natD(final IkeSa sa)
    {
        if (!sa.nat().negotiated())
        {
            return List.of();
        }
        final IkeHash hash = sa.transform().hash();
        final Endpoint e = sa.endpoint();
        final int type = sa.nat().natDPayloadType();
        return List.of(
            OpaquePayload.natD(type, NatState.natD(hash, sa.cookieI(), sa.cookieR(), e.remoteAddress(), e.remotePort())),
            OpaquePayload.natD(type, NatState.natD(hash, sa.cookieI(), sa.cookieR(), e.localAddress(), e.localPort())));
    }

    /**
     * RFC 3947 §3.2: the peer's first NAT-D is our address as it saw it; a mismatch means we are
     * behind a NAT. None of its others matching its address as we see it means it is.
     */
    static void detectNat(final IkeSa sa, final ReceivedPayloads payloads)
    {
        if (!sa.nat().negotiated())
        {
            return;
        }
        final List<Payload> natDs = payloads.all(sa.nat().natDPayloadType());
        if (natDs.size() < 2)
        {
            return;
        }
        final IkeHash hash = sa.transform().hash();
        final Endpoint e = sa.endpoint();
        final byte[] us = NatState.natD(hash, sa.cookieI(), sa.cookieR(), e.localAddress(), e.localPort());
        final byte[] them = NatState.natD(hash, sa.cookieI(), sa.cookieR(), e.remoteAddress(), e.remotePort());
        final boolean local = !java.util.Arrays.equals(us, ((OpaquePayload) natDs.get(0)).data());
        boolean remote = true;
        for (int i = 1; i < natDs.size(); i++)
        {
            remote &= !java.util.Arrays.equals(them, ((OpaquePayload) natDs.get(i)).data());
        }
        sa.nat().detected(local, remote);
    }

    /** RFC 2409 §5: SKEYID (by the authentication method), its children, and the phase-1 IV hash(g^xi | g^xr). */
    static void deriveKeys(final IkeSa sa, final byte[] ni, final byte[] nr, final byte[] gxi, final byte[] gxr,
        final byte[] gxy) throws IkeFailure
    {
        final IkeHash prf = sa.transform().hash();
        final byte[] skeyid = Phase1Authenticator.of(sa).skeyid(sa, ni, nr, gxy);
        final Phase1Keys keys = KeyDerivation.phase1(prf, skeyid, gxy, sa.cookieI(), sa.cookieR(),
            sa.transform().keyLength());
        sa.setKeys(keys, IvChain.phase1(prf, sa.transform().cipher(), gxi, gxr));
    }


    static String describe(final Identification id)
    {
        if (id.idType() == Identification.ID_IPV4_ADDR)
        {
            return Endpoint.address(java.nio.ByteBuffer.wrap(id.data()).getInt());
        }
        if (id.idType() == Identification.ID_FQDN || id.idType() == Identification.ID_USER_FQDN)
        {
            return new String(id.data(), java.nio.charset.StandardCharsets.US_ASCII).replaceAll("[^\\x20-\\x7e]", "?");
        }
        if (id.idType() == Identification.ID_DER_ASN1_DN)
        {
            return new javax.security.auth.x500.X500Principal(id.data()).getName();
        }
        return "ID type " + id.idType();
    }

    static <T extends Payload> T required(final ReceivedPayloads payloads, final int type, final Class<T> kind,
        final String rule) throws IkeFailure
    {
        final T payload = payloads.first(type, kind);
        if (payload == null)
        {
            throw new IkeFailure(NotifyType.PAYLOAD_MALFORMED, rule);
        }
        return payload;
    }
}
