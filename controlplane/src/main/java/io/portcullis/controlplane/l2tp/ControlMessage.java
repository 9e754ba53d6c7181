package io.portcullis.controlplane.l2tp;

import java.util.ArrayList;
import java.util.List;

/**
 * A decoded control message: its type and AVPs (values in clear), addressed to {@code tunnelId}
 * and {@code sessionId} (the receiver's ids, RFC 2661 §3.1). Ns and Nr belong to the control
 * channel, which fills them in when it sends.
 */
public record ControlMessage(MessageType type, int tunnelId, int sessionId, List<Avp> avps)
{
    public ControlMessage
    {
        avps = List.copyOf(avps);
    }

    /** Starts a message: the Message Type AVP first, as RFC 2661 §4.4.1 requires. */
    public static Builder builder(final MessageType type, final int tunnelId, final int sessionId)
    {
        return new Builder(type, tunnelId, sessionId);
    }

    /** The first AVP of this type, or null. */
    public Avp find(final AvpType type)
    {
        for (final Avp avp : avps)
        {
            if (avp.knownType() == type)
            {
                return avp;
            }
        }
        return null;
    }

    public boolean has(final AvpType type)
    {
        return find(type) != null;
    }

    public int u16(final AvpType type)
    {
        return find(type).u16();
    }

    public long u32(final AvpType type)
    {
        return find(type).u32();
    }

    public byte[] bytes(final AvpType type)
    {
        return find(type).value();
    }

    public static final class Builder
    {
        private final MessageType type;
        private final int tunnelId;
        private final int sessionId;
        private final List<Avp> avps = new ArrayList<>();

        private Builder(final MessageType type, final int tunnelId, final int sessionId)
        {
            this.type = type;
            this.tunnelId = tunnelId;
            this.sessionId = sessionId;
            avps.add(Avp.u16(AvpType.MESSAGE_TYPE, true, type.code()));
        }

        public Builder add(final Avp avp)
        {
            avps.add(avp);
            return this;
        }

        public ControlMessage build()
        {
            return new ControlMessage(type, tunnelId, sessionId, avps);
        }
    }
}
