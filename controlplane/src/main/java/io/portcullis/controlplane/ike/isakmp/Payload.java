package io.portcullis.controlplane.ike.isakmp;

/**
 * One message-level ISAKMP payload. The generic payload header (RFC 2408 §3.2: next payload,
 * reserved, length) is the message's business; a payload knows only its type and its body.
 */
public sealed interface Payload permits SecurityAssociation, OpaquePayload, Identification, Certificate,
    CertificateRequest, Notification, Delete, NatOriginalAddress
{
    int type();

    /** The payload body after the 4-byte generic header, as it goes on the wire. */
    byte[] encodeBody();
}
