package io.portcullis.controlplane.ike;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

import io.portcullis.controlplane.ike.isakmp.Notification;
import io.portcullis.controlplane.ike.isakmp.NotifyType;
import io.portcullis.controlplane.ike.isakmp.Proposal;
import io.portcullis.controlplane.ike.isakmp.SecurityAssociation;
import io.portcullis.controlplane.runtime.Scheduler;

/**
 * Dead Peer Detection (RFC 3706 §5): when the peer has been quiet for the interval we ask
 * R-U-THERE; with no R-U-THERE-ACK carrying our sequence number within the timeout, the peer is dead.
 */
final class Dpd
{
    private final IkeSa sa;
    private int sequence = new SecureRandom().nextInt() & 0x7fffffff;
    private int outstanding = -1;
    private long askedMs;
    private Scheduler.Timer timer;

    Dpd(final IkeSa sa)
    {
        this.sa = sa;
    }

    void arm()
    {
        timer = sa.context().scheduler().schedule(sa.context().config().dpdIntervalMs(), this::check);
    }

    void cancel()
    {
        if (timer != null)
        {
            timer.cancel();
        }
    }

    private void check()
    {
        final long nowMs = sa.context().scheduler().nowMs();
        final IkeConfig config = sa.context().config();
        if (outstanding >= 0 && nowMs - askedMs >= config.dpdTimeoutMs())
        {
            sa.close("RFC 3706: no R-U-THERE-ACK for " + (nowMs - askedMs) + " ms, peer is dead");
            return;
        }
        if (nowMs - sa.lastInboundMs() >= config.dpdIntervalMs())
        {
            if (outstanding < 0)
            {
                askedMs = nowMs;
            }
            outstanding = ++sequence;
            sa.sendInformational(notification(NotifyType.R_U_THERE, outstanding));
        }
        arm();
    }

    /** An R-U-THERE-ACK arrived. RFC 3706 §5: only the sequence number we sent counts. */
    void acknowledged(final int acknowledged)
    {
        if (acknowledged == outstanding)
        {
            outstanding = -1;
        }
    }

    Notification notification(final int type, final int number)
    {
        final byte[] spi = ByteBuffer.allocate(16).putLong(sa.cookieI()).putLong(sa.cookieR()).array();
        return new Notification(SecurityAssociation.DOI_IPSEC, Proposal.PROTO_ISAKMP, spi, type,
            ByteBuffer.allocate(4).putInt(number).array());
    }
}
