package io.portcullis.controlplane.ike;

/**
 * Main Mode must pick the pre-shared key before it sees the peer's identity (RFC 2409 §5.4: the
 * ID travels encrypted under a key derived from it), so the key is found by the peer's address.
 * Remote-access appliances usually answer every address with one group key.
 */
@FunctionalInterface
public interface PreSharedKeys
{
    /** The key for a peer at {@code remoteAddress} (host order), or null when we have none. */
    byte[] lookup(int remoteAddress);
}
