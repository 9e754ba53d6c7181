package io.portcullis.controlplane.ike;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import io.portcullis.controlplane.ike.crypto.ExchangeHashes;
import io.portcullis.controlplane.ike.isakmp.Delete;
import io.portcullis.controlplane.ike.isakmp.ExchangeType;
import io.portcullis.controlplane.ike.isakmp.IsakmpHeader;
import io.portcullis.controlplane.ike.isakmp.IsakmpMessage;
import io.portcullis.controlplane.ike.isakmp.Notification;
import io.portcullis.controlplane.ike.isakmp.NotifyType;
import io.portcullis.controlplane.ike.isakmp.OpaquePayload;
import io.portcullis.controlplane.ike.isakmp.Payload;
import io.portcullis.controlplane.ike.isakmp.PayloadType;
import io.portcullis.controlplane.ike.isakmp.Proposal;
import io.portcullis.controlplane.ike.isakmp.ReceivedPayloads;

/**
 * A protected Informational exchange (RFC 2409 §5.7): HASH(1) then notifications or deletes.
 * Handles DPD (RFC 3706), INITIAL-CONTACT (RFC 2407 §4.6.3.3) and Delete (RFC 2408 §3.15).
 */
final class Informational implements Task
{
    private final IkeSa sa;
    private boolean done;

    Informational(final IkeSa sa)
    {
        this.sa = sa;
    }

    /** HDR*, HASH(1), payload with HASH(1) = prf(SKEYID_a, M-ID | payload). */
    static Outgoing protect(final IkeSa sa, final int messageId, final Payload payload)
    {
        final byte[] hash = ExchangeHashes.informational(sa.transform().hash(), sa.keys().skeyidA(), messageId,
            IsakmpMessage.encodePayloads(List.of(payload)));
        return new Outgoing(List.of(OpaquePayload.hash(hash), payload), true, false);
    }

    @Override
    public int exchangeType()
    {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Outgoing process(final IsakmpHeader header, final ReceivedPayloads payloads) throws IkeFailure
    {
        done = true;
        if (payloads.payloads().isEmpty() || payloads.payloads().get(0).type() != PayloadType.HASH)
        {
            throw new IkeFailure(NotifyType.INVALID_HASH_INFORMATION, "RFC 2409 §5.7: Informational without HASH(1) first");
        }
        final byte[] expected = ExchangeHashes.informational(sa.transform().hash(), sa.keys().skeyidA(),
            header.messageId(), payloads.rawFrom(1));
        if (!MessageDigest.isEqual(expected, ((OpaquePayload) payloads.payloads().get(0)).data()))
        {
            throw new IkeFailure(NotifyType.AUTHENTICATION_FAILED, "RFC 2409 §5.7: Informational HASH(1) does not match");
        }
        for (final Payload payload : payloads.payloads())
        {
            if (payload instanceof Notification n)
            {
                notification(n);
            }
            else if (payload instanceof Delete d)
            {
                delete(d);
            }
        }
        return null;
    }

    private void notification(final Notification n)
    {
        switch (n.notifyType())
        {
            case NotifyType.R_U_THERE -> sa.sendInformational(new Notification(n.doi(), n.protocolId(), n.spi(),
                NotifyType.R_U_THERE_ACK, n.data()));
            case NotifyType.R_U_THERE_ACK ->
            {
                if (sa.dpd() != null && n.data().length == 4)
                {
                    sa.dpd().acknowledged(ByteBuffer.wrap(n.data()).getInt());
                }
            }
            default ->
            {
                // RFC 2408 §3.14.1: an error (below 8192) answers something we asked, here a Quick Mode.
                if (n.notifyType() < 8192)
                {
                    sa.phase2Refused("peer refused with notify " + n.notifyType());
                }
            }
        }
    }

    private void delete(final Delete d)
    {
        if (d.protocolId() == Proposal.PROTO_ISAKMP)
        {
            sa.peerDeleted();
            return;
        }
        if (d.protocolId() != Proposal.PROTO_IPSEC_ESP || d.spiSize() != 4)
        {
            return;
        }
        final List<ChildSa> gone = new ArrayList<>();
        for (final byte[] spi : d.spis())
        {
            final int value = ByteBuffer.wrap(spi).getInt();
            sa.childSas().stream().filter(c -> c.outboundSpi() == value).forEach(gone::add);
        }
        gone.forEach(c -> sa.removeChildSa(c, "peer deleted SPI 0x" + Integer.toHexString(c.outboundSpi())));
    }

    @Override
    public boolean done()
    {
        return done;
    }
}
