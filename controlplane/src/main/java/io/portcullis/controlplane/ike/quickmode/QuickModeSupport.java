package io.portcullis.controlplane.ike.quickmode;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;

import io.portcullis.controlplane.ike.ChildSa;
import io.portcullis.controlplane.ike.ChildSaInstaller;
import io.portcullis.controlplane.ike.IkeFailure;
import io.portcullis.controlplane.ike.IkeSa;
import io.portcullis.controlplane.ike.QuickModeRequest;
import io.portcullis.controlplane.ike.crypto.IkeHash;
import io.portcullis.controlplane.ike.crypto.KeyDerivation;
import io.portcullis.controlplane.ike.isakmp.Identification;
import io.portcullis.controlplane.ike.isakmp.NotifyType;
import io.portcullis.controlplane.ike.isakmp.OpaquePayload;
import io.portcullis.controlplane.ike.isakmp.Payload;
import io.portcullis.controlplane.ike.isakmp.PayloadType;
import io.portcullis.controlplane.ike.isakmp.Proposal;
import io.portcullis.controlplane.ike.isakmp.ReceivedPayloads;
import io.portcullis.controlplane.ike.proposal.EspTransform;

/** What both roles of Quick Mode do alike: nonces, the leading HASH, KEYMAT and installation. */
final class QuickModeSupport
{
    private static final SecureRandom RANDOM = new SecureRandom();

    private QuickModeSupport()
    {
    }

    static byte[] nonce()
    {
        final byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** RFC 2409 §5.5: HASH comes first in every Quick Mode message, and the message is encrypted. */
    static byte[] leadingHash(final boolean encrypted, final ReceivedPayloads payloads, final String which)
        throws IkeFailure
    {
        if (!encrypted)
        {
            throw new IkeFailure(NotifyType.PAYLOAD_MALFORMED, "RFC 2409 §5.5: Quick Mode messages are encrypted");
        }
        if (payloads.payloads().isEmpty() || payloads.payloads().get(0).type() != PayloadType.HASH)
        {
            throw new IkeFailure(NotifyType.INVALID_HASH_INFORMATION,
                "RFC 2409 §5.5: " + which + " must be the first payload");
        }
        return ((OpaquePayload) payloads.payloads().get(0)).data();
    }

    static void checkHash(final byte[] expected, final byte[] received, final String which) throws IkeFailure
    {
        if (!MessageDigest.isEqual(expected, received))
        {
            throw new IkeFailure(NotifyType.AUTHENTICATION_FAILED, "RFC 2409 §5.5: " + which + " does not match");
        }
    }

    static int spi(final Proposal proposal) throws IkeFailure
    {
        if (proposal.spi().length != 4)
        {
            throw new IkeFailure(NotifyType.INVALID_SPI, "RFC 2407 §4.4.4: an ESP SPI is 4 bytes, got " +
                proposal.spi().length);
        }
        return ByteBuffer.wrap(proposal.spi()).getInt();
    }

    static byte[] spiBytes(final int spi)
    {
        return ByteBuffer.allocate(4).putInt(spi).array();
    }

    /** RFC 3947 §5.2: the peer's original address from its NAT-OA (the first one is the initiator's). */
    static int natOa(final IkeSa sa, final ReceivedPayloads payloads, final int index)
    {
        final List<Payload> oas = payloads.all(sa.nat().natOaPayloadType());
        if (oas.size() <= index)
        {
            return 0;
        }
        final byte[] address = ((io.portcullis.controlplane.ike.isakmp.NatOriginalAddress) oas.get(index)).address();
        return address.length == 4 ? ByteBuffer.wrap(address).getInt() : 0;
    }

    /** RFC 2409 §5.5: KEYMAT for each direction from its receiver's SPI, then the dataplane SAs. */
    static ChildSa install(final IkeSa sa, final EspTransform transform, final int inboundSpi, final int outboundSpi,
        final byte[] gxy, final byte[] ni, final byte[] nr, final Identification local, final Identification remote,
        final boolean initiator, final int startGeneration, final int natOaRemote)
    {
        final IkeHash prf = sa.transform().hash();
        final byte[] d = sa.keys().skeyidD();
        final int length = transform.keymatLength();
        final byte[] in = KeyDerivation.keymat(prf, d, gxy, Proposal.PROTO_IPSEC_ESP, inboundSpi, ni, nr, length);
        final byte[] out = KeyDerivation.keymat(prf, d, gxy, Proposal.PROTO_IPSEC_ESP, outboundSpi, ni, nr, length);
        return ChildSaInstaller.install(sa, transform, inboundSpi, outboundSpi, in, out,
            selectors(transform, local, remote), initiator, startGeneration, natOaRemote);
    }

    /** An ID_IPV4_ADDR's or subnet's address, 0 for other types. */
    static int address(final Identification id)
    {
        return id.data().length >= 4 && (id.idType() == Identification.ID_IPV4_ADDR ||
            id.idType() == Identification.ID_IPV4_ADDR_SUBNET) ? ByteBuffer.wrap(id.data()).getInt() : 0;
    }

    static String describe(final Identification id)
    {
        if (id == null)
        {
            return "(the IKE addresses)";
        }
        final String address = io.portcullis.controlplane.ike.Endpoint.address(address(id));
        if (id.idType() == Identification.ID_IPV4_ADDR_SUBNET)
        {
            return address + "/" + Integer.bitCount(ByteBuffer.wrap(id.data()).getInt(4));
        }
        return address + "[" + id.protocol() + "/" + id.port() + "]";
    }

    /** The negotiated selectors from our side (RFC 2409 §5.5: absent IDs mean the two IKE addresses). */
    static QuickModeRequest selectors(final EspTransform transform, final Identification local,
        final Identification remote)
    {
        if (local != null && local.idType() == Identification.ID_IPV4_ADDR_SUBNET &&
            remote.idType() == Identification.ID_IPV4_ADDR_SUBNET)
        {
            final ByteBuffer l = ByteBuffer.wrap(local.data());
            final ByteBuffer r = ByteBuffer.wrap(remote.data());
            return QuickModeRequest.tunnel(l.getInt(0), l.getInt(4), r.getInt(0), r.getInt(4))
                .withPfs(transform.pfsGroup());
        }
        return new QuickModeRequest(transform.encapsulation().tunnel(), local != null ? local.protocol() : 0,
            local != null ? local.port() : 0, remote != null ? remote.port() : 0, 0, 0, 0, 0, transform.pfsGroup());
    }
}
