package io.portcullis.controlplane.ike;

import java.util.List;

import io.portcullis.controlplane.ike.isakmp.ExchangeType;
import io.portcullis.controlplane.ike.isakmp.IsakmpHeader;
import io.portcullis.controlplane.ike.isakmp.Notification;
import io.portcullis.controlplane.ike.isakmp.Payload;
import io.portcullis.controlplane.ike.isakmp.Proposal;
import io.portcullis.controlplane.ike.isakmp.ReceivedPayloads;
import io.portcullis.controlplane.ike.isakmp.SecurityAssociation;

/**
 * An unprotected Informational exchange carrying an error notification (RFC 2408 §3.14.1),
 * sent or received before phase-1 keys exist: NO-PROPOSAL-CHOSEN and the like. Being
 * unauthenticated, a received one ends only an SA that is still negotiating.
 */
final class RefusalNotice implements Task
{
    /** RFC 2408 §3.14.1: types below 8192 are errors; 16384 and up are status. */
    private static final int LAST_ERROR_TYPE = 8191;

    private final IkeSa sa;

    RefusalNotice(final IkeSa sa)
    {
        this.sa = sa;
    }

    static Notification notification(final IkeSa sa, final int notifyType)
    {
        return new Notification(SecurityAssociation.DOI_IPSEC, Proposal.PROTO_ISAKMP, new byte[0], notifyType,
            new byte[0]);
    }

    static Outgoing refuse(final IkeSa sa, final int notifyType)
    {
        return new Outgoing(List.of(notification(sa, notifyType)), false, false);
    }

    @Override
    public int exchangeType()
    {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Outgoing process(final IsakmpHeader header, final ReceivedPayloads payloads)
    {
        for (final Payload payload : payloads.payloads())
        {
            if (payload instanceof Notification n && n.notifyType() <= LAST_ERROR_TYPE)
            {
                sa.close("peer refused with notify " + n.notifyType() + " (RFC 2408 §3.14.1)");
                return null;
            }
        }
        return null;
    }

    @Override
    public boolean done()
    {
        return true;
    }
}
