package io.portcullis.controlplane.ike;

import java.nio.ByteBuffer;

import io.portcullis.controlplane.ike.crypto.IkeHash;
import io.portcullis.controlplane.ike.isakmp.PayloadType;
import io.portcullis.controlplane.ike.isakmp.VendorId;
import io.portcullis.controlplane.ike.proposal.EspTransform;

/**
 * NAT traversal as negotiated (RFC 3947, or the drafts older clients speak): which payload
 * numbers and encapsulation values to use, and which side is behind a NAT.
 */
public final class NatState
{
    private VendorId version;
    private boolean localBehindNat;
    private boolean remoteBehindNat;

    /** Vendor IDs seen in the peer's first message; RFC 3947 wins over the drafts. */
    public void peerVendorId(final VendorId id)
    {
        if (id == VendorId.RFC3947 || (version == null && (id == VendorId.NAT_T_DRAFT_02 ||
            id == VendorId.NAT_T_DRAFT_02_N || id == VendorId.NAT_T_DRAFT_03)))
        {
            version = id;
        }
    }

    public VendorId version()
    {
        return version;
    }

    public boolean negotiated()
    {
        return version != null;
    }

    public int natDPayloadType()
    {
        return version == VendorId.RFC3947 ? PayloadType.NAT_D : PayloadType.NAT_D_DRAFT;
    }

    public int natOaPayloadType()
    {
        return version == VendorId.RFC3947 ? PayloadType.NAT_OA : PayloadType.NAT_OA_DRAFT;
    }

    public void detected(final boolean local, final boolean remote)
    {
        this.localBehindNat = local;
        this.remoteBehindNat = remote;
    }

    public boolean detected()
    {
        return localBehindNat || remoteBehindNat;
    }

    public boolean localBehindNat()
    {
        return localBehindNat;
    }

    public boolean remoteBehindNat()
    {
        return remoteBehindNat;
    }

    /** The Encapsulation Mode to propose: UDP-encapsulated (RFC 3947 §5.1, or the draft value) when a NAT is in the way. */
    public EspTransform.Encapsulation encapsulation(final boolean tunnel)
    {
        if (!detected())
        {
            return tunnel ? EspTransform.Encapsulation.TUNNEL : EspTransform.Encapsulation.TRANSPORT;
        }
        final boolean rfc = version == VendorId.RFC3947;
        if (tunnel)
        {
            return rfc ? EspTransform.Encapsulation.UDP_TUNNEL : EspTransform.Encapsulation.UDP_TUNNEL_DRAFT;
        }
        return rfc ? EspTransform.Encapsulation.UDP_TRANSPORT : EspTransform.Encapsulation.UDP_TRANSPORT_DRAFT;
    }

    /** RFC 3947 §3.2: HASH = hash(CKY-I | CKY-R | IP | Port) with the negotiated hash. */
    public static byte[] natD(final IkeHash hash, final long cookieI, final long cookieR, final int address,
        final int port)
    {
        return hash.hash(ByteBuffer.allocate(22).putLong(cookieI).putLong(cookieR).putInt(address)
            .putShort((short) port).array());
    }
}
