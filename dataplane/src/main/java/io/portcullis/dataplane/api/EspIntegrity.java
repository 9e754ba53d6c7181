package io.portcullis.dataplane.api;

/** ESP integrity transforms, with the ICV length each puts on the wire. */
public enum EspIntegrity
{
    /** Combined-mode ciphers carry their own ICV. */
    NONE(0, 0),
    /** RFC 2404. */
    HMAC_SHA1_96(20, 12),
    /** RFC 4868. */
    HMAC_SHA256_128(32, 16),
    /**
     * HMAC-SHA-256 truncated to 96 bits, as draft-ietf-ipsec-ciph-sha-256-00 had it and old
     * Android (and Linux before 2.6.33) clients still negotiate. Only as an explicit per-SA option.
     */
    HMAC_SHA256_96(32, 12);

    private final int keyLength;
    private final int icvLength;

    EspIntegrity(final int keyLength, final int icvLength)
    {
        this.keyLength = keyLength;
        this.icvLength = icvLength;
    }

    public int keyLength()
    {
        return keyLength;
    }

    public int icvLength()
    {
        return icvLength;
    }
}
