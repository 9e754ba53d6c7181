package io.portcullis.dataplane.port;

/** A port's link as the device reports it; virtual devices report a nominal speed. */
public record LinkStatus(boolean up, int speedMbps, boolean fullDuplex, boolean autonegotiated)
{
}
