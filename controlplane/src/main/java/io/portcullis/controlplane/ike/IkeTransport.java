package io.portcullis.controlplane.ike;

/**
 * Where IKE messages leave: a UDP socket in tests, {@code DataplaneCommands.sendUdp} on the
 * appliance. The transport adds the non-ESP marker on port 4500 (RFC 3948 §2.2).
 */
@FunctionalInterface
public interface IkeTransport
{
    /** Sends one ISAKMP message from {@code endpoint}'s local side to its remote side. */
    void send(Endpoint endpoint, byte[] message);

    /** RFC 3948 §2.2: four zero bytes in front of IKE on port 4500 tell it from ESP. */
    static byte[] withNonEspMarker(final byte[] message)
    {
        final byte[] out = new byte[4 + message.length];
        System.arraycopy(message, 0, out, 4, message.length);
        return out;
    }
}
