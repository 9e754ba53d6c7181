package io.portcullis.controlplane.l2tp;

/** The fixed header of a control message (RFC 2661 §3.1); {@code length} covers header and AVPs. */
public record ControlHeader(int length, int tunnelId, int sessionId, int ns, int nr)
{
    /** A Zero-Length Body message: an acknowledgement only (RFC 2661 §5.8). */
    public boolean zlb()
    {
        return length == AvpDescriptor.CONTROL_HEADER_LENGTH;
    }
}
