package io.portcullis.controlplane.ppp;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a peer's Configure-Request (RFC 1661 §5.2-§5.4): Reject the options we do not
 * know or will not negotiate, else Nak the values we cannot take (with the ones we would), else
 * Ack the request as it came.
 */
public final class ConfigVerdict
{
    private final List<ConfigOption> naks = new ArrayList<>();
    private final List<ConfigOption> nakked = new ArrayList<>();
    private final List<ConfigOption> rejects = new ArrayList<>();

    /** The peer's {@code original} option is not acceptable; {@code suggestion} would be. */
    public void nak(final ConfigOption original, final ConfigOption suggestion)
    {
        nakked.add(original);
        naks.add(suggestion);
    }

    public void reject(final ConfigOption option)
    {
        rejects.add(option);
    }

    public boolean acceptable()
    {
        return naks.isEmpty() && rejects.isEmpty();
    }

    /** The reply packet's code and options; past Max-Failure a Nak becomes a Reject (§4.6). */
    ControlPacket reply(final int identifier, final byte[] request, final boolean nakAsReject)
    {
        if (!rejects.isEmpty() || (!naks.isEmpty() && nakAsReject))
        {
            final List<ConfigOption> all = new ArrayList<>(rejects);
            if (rejects.isEmpty())
            {
                all.addAll(nakked);  // §4.6 Max-Failure: reject, copied from the request as §5.4 says
            }
            return new ControlPacket(ControlPacket.CONFIGURE_REJECT, identifier, ConfigOption.writeAll(all));
        }
        if (!naks.isEmpty())
        {
            return new ControlPacket(ControlPacket.CONFIGURE_NAK, identifier, ConfigOption.writeAll(naks));
        }
        return new ControlPacket(ControlPacket.CONFIGURE_ACK, identifier, request);
    }
}
