package io.portcullis.controlplane.ike;

/**
 * Where IKE messages leave: a UDP socket in tests, {@code DataplaneCommands.sendUdp} on the
 * appliance. The transport adds the non-ESP marker on port 4500 (RFC 3948 §2.2).
 */
public interface IkeTransport
{
    /** RFC 3948 §2.3: a NAT-keepalive is one 0xFF byte on the NAT-T port. */
    byte[] NAT_KEEPALIVE = {(byte) 0xff};

    /** Sends one ISAKMP message from {@code endpoint}'s local side to its remote side. */
    void send(Endpoint endpoint, byte[] message);

    /** Sends a NAT-keepalive (RFC 3948 §2.3, without the non-ESP marker) to keep our NAT's mapping open. */
    void sendNatKeepalive(Endpoint endpoint);

    /** RFC 3948 §2.2: four zero bytes in front of IKE on port 4500 tell it from ESP. */
    static byte[] withNonEspMarker(final byte[] message)
    {
        final byte[] out = new byte[4 + message.length];
        System.arraycopy(message, 0, out, 4, message.length);
        return out;
    }
}
