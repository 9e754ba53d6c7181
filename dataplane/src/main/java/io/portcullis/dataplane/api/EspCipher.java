package io.portcullis.dataplane.api;

/** ESP encryption transforms (IKEv2 transform type 1 names; IKEv1 maps onto them). */
public enum EspCipher
{
    /** RFC 2410: no confidentiality, integrity only. */
    NULL(0, 0, 4),
    /** RFC 3602: 16- or 32-byte key, 16-byte IV. */
    AES_CBC(16, 16, 16),
    /** RFC 4106: 16- or 32-byte key plus a 4-byte salt, 8-byte IV, combined mode. */
    AES_GCM_16(8, 16, 4),
    /** RFC 2451: 24-byte key, 8-byte IV. Only for legacy clients that offer nothing better. */
    DES3_CBC(8, 8, 8);

    private final int ivLength;
    private final int icvLength;
    private final int blockSize;

    EspCipher(final int ivLength, final int icvLength, final int blockSize)
    {
        this.ivLength = ivLength;
        this.icvLength = icvLength;
        this.blockSize = blockSize;
    }

    public int ivLength()
    {
        return ivLength;
    }

    /** The ICV of a combined-mode cipher; 0 for ciphers that need an integrity transform. */
    public int aeadIcvLength()
    {
        return this == AES_GCM_16 ? icvLength : 0;
    }

    /** RFC 4303 §2.4: the ciphertext is a multiple of this, and at least 4. */
    public int blockSize()
    {
        return blockSize;
    }

    public boolean isAead()
    {
        return this == AES_GCM_16;
    }
}
