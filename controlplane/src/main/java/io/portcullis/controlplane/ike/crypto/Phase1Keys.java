package io.portcullis.controlplane.ike.crypto;

/** SKEYID and its three children (RFC 2409 §5) and the phase-1 cipher key. Never printed. */
public record Phase1Keys(byte[] skeyid, byte[] skeyidD, byte[] skeyidA, byte[] skeyidE, byte[] cipherKey)
{
    @Override
    public String toString()
    {
        return "Phase1Keys[secret]";
    }
}
