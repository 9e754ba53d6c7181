package io.portcullis.controlplane.ike;

import io.portcullis.controlplane.ike.crypto.IvChain;
import io.portcullis.controlplane.runtime.Scheduler;

/**
 * One exchange (one message ID) of an IKE SA: its task, its CBC IV chain, and what it takes to
 * retransmit our last message or recognise the peer's retransmission of theirs.
 */
final class Exchange
{
    final int messageId;
    final Task task;
    /** Null for phase 1, which uses the IKE SA's chain. */
    IvChain chain;
    byte[] lastReceivedDigest;
    byte[] lastSent;
    Scheduler.Timer retransmit;
    int tries;

    Exchange(final int messageId, final Task task, final IvChain chain)
    {
        this.messageId = messageId;
        this.task = task;
        this.chain = chain;
    }

    void cancelRetransmit()
    {
        if (retransmit != null)
        {
            retransmit.cancel();
            retransmit = null;
        }
    }
}
