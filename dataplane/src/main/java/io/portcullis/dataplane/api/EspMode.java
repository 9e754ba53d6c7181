package io.portcullis.dataplane.api;

/** RFC 4301 §4.1: transport mode protects the payload, tunnel mode the whole inner packet. */
public enum EspMode
{
    TRANSPORT,
    TUNNEL
}
