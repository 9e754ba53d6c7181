package io.portcullis.dataplane.api;

import java.util.Objects;

/**
 * What the control plane installs for one direction of an ESP SA (the "config record";
 * the dataplane keeps its own compact runtime record). Addresses are IPv4 in host order.
 *
 * @param spi                the SPI in the ESP header.
 * @param inbound            true for the SA we decrypt with.
 * @param mode               transport or tunnel.
 * @param cipher             encryption transform.
 * @param cipherKey          the key; for AES-GCM the AES key followed by the 4-byte salt (RFC 4106 §8.1).
 * @param integrity          integrity transform ({@link EspIntegrity#NONE} with AES-GCM).
 * @param integrityKey       HMAC key (empty with AES-GCM).
 * @param extendedSequenceNumbers RFC 4304 ESN negotiated.
 * @param replayWindow       inbound anti-replay window in packets (a multiple of 64, 0 disables the check).
 * @param localAddress       our address: outer source outbound, outer destination inbound.
 * @param remoteAddress      the peer's address (after NAT, as seen on the wire).
 * @param natT               UDP encapsulation (RFC 3948) ports, or null for plain ESP (IP protocol 50).
 * @param lifetime           soft and hard limits in bytes and packets.
 */
public record EspSaConfig(
    int spi,
    boolean inbound,
    EspMode mode,
    EspCipher cipher,
    byte[] cipherKey,
    EspIntegrity integrity,
    byte[] integrityKey,
    boolean extendedSequenceNumbers,
    int replayWindow,
    int localAddress,
    int remoteAddress,
    NatT natT,
    SaLifetime lifetime)
{
    public static final int DEFAULT_REPLAY_WINDOW = 1024;

    public EspSaConfig
    {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(cipherKey, "cipherKey");
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(integrityKey, "integrityKey");
        Objects.requireNonNull(lifetime, "lifetime");
        if (Integer.compareUnsigned(spi, 256) < 0)
        {
            throw new IllegalArgumentException("SPI values 0-255 are reserved (RFC 4303 §2.1): " + spi);
        }
        if (cipher.isAead() && integrity != EspIntegrity.NONE)
        {
            // RFC 4106 §7: a combined-mode cipher carries its own ICV.
            throw new IllegalArgumentException(cipher + " takes no integrity transform, got " + integrity);
        }
        if (cipher == EspCipher.NULL && integrity == EspIntegrity.NONE)
        {
            throw new IllegalArgumentException("ESP with neither encryption nor integrity (RFC 4303 §3.2)");
        }
        if (replayWindow < 0 || replayWindow % 64 != 0)
        {
            throw new IllegalArgumentException("replay window must be a non-negative multiple of 64: " + replayWindow);
        }
    }

    /** The ICV length on the wire. */
    public int icvLength()
    {
        return cipher.isAead() ? cipher.aeadIcvLength() : integrity.icvLength();
    }

    /**
     * RFC 3948 UDP encapsulation.
     *
     * @param localPort             our UDP port (4500).
     * @param remotePort            the peer's UDP port as seen after NAT.
     * @param originalSourceAddress NAT-OA: the address the sender put in its pseudo-header for
     *                              transport-mode checksums (RFC 3948 §3.1.2), 0 if unknown.
     * @param originalDestinationAddress NAT-OA of the other side, 0 if unknown.
     */
    public record NatT(int localPort, int remotePort, int originalSourceAddress, int originalDestinationAddress)
    {
        public static final int IKE_NATT_PORT = 4500;
    }

    @Override
    public String toString()
    {
        // Keys never reach logs.
        return "EspSaConfig[spi=0x" + Integer.toHexString(spi) + ", " + (inbound ? "in" : "out") + ", " + mode +
            ", " + cipher + "/" + (cipherKey.length * 8) + ", " + integrity + ", esn=" + extendedSequenceNumbers +
            ", window=" + replayWindow + ", natT=" + natT + ", " + lifetime + "]";
    }
}
