package io.portcullis.controlplane.ike;

import io.portcullis.controlplane.ike.isakmp.IsakmpHeader;
import io.portcullis.controlplane.ike.isakmp.ReceivedPayloads;

/**
 * One exchange of an IKE SA, strongSwan style: the role picks the implementation when the task
 * is made (MainModeInitiator or MainModeResponder...), so the logic never asks which side it is.
 */
public interface Task
{
    int exchangeType();

    /** The initiator's first message of exchange {@code messageId}; responders send nothing first. */
    default Outgoing start(final int messageId) throws IkeFailure
    {
        return null;
    }

    /** Handles the peer's next message of this exchange; returns the answer, or null when none is due. */
    Outgoing process(IsakmpHeader header, ReceivedPayloads payloads) throws IkeFailure;

    /** The exchange is complete (its last message sent or received). */
    boolean done();
}
