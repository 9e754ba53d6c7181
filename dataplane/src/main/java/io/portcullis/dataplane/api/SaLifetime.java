package io.portcullis.dataplane.api;

/**
 * RFC 4301 §4.4.2.1 lifetimes counted by the dataplane; time lifetimes are the control plane's.
 * Zero means no limit. Crossing a soft limit signals once; a hard limit ends the SA.
 */
public record SaLifetime(long softBytes, long hardBytes, long softPackets, long hardPackets)
{
    public static final SaLifetime UNLIMITED = new SaLifetime(0, 0, 0, 0);

    public SaLifetime
    {
        if (softBytes < 0 || hardBytes < 0 || softPackets < 0 || hardPackets < 0)
        {
            throw new IllegalArgumentException("lifetimes are non-negative");
        }
    }
}
