package io.portcullis.controlplane.ike.crypto;

/** One side's ephemeral key of a Diffie-Hellman exchange; single use. */
public interface DiffieHellman
{
    /** The public value as the KE payload carries it, padded to the group's length (RFC 2409 §5). */
    byte[] publicValue();

    /**
     * g^xy as IKE uses it, or null when {@code peerPublic} is not a valid public value of the
     * group (wrong length, out of range, not on the curve, or a small-order point).
     */
    byte[] sharedSecret(byte[] peerPublic);
}
