package io.portcullis.dataplane.worker;

/**
 * A punted packet on the ring: a header of metadata, then the packet from its IPv4 header on.
 * <pre>
 * arrivalNs:long port:int reason:int sourceAddress:int destinationAddress:int
 * sourcePort:short destinationPort:short length:int inboundSpi:int pad:int | packet bytes
 * </pre>
 * {@code inboundSpi} is the SPI of the ESP SA the packet was decrypted with, 0 when it came
 * in clear: the control plane ties an L2TP tunnel to the IKE peer protecting it (RFC 3193 §4).
 * Addresses and ports are copied out of the packet (host order) so handlers can key peers by
 * address and port without parsing; the packet itself is still all there.
 */
public final class PuntDescriptor
{
    public static final int PUNTED_PACKET = 1;

    public static final int ARRIVAL_NS = 0;
    public static final int PORT = 8;
    public static final int REASON = 12;
    public static final int SOURCE_ADDRESS = 16;
    public static final int DESTINATION_ADDRESS = 20;
    public static final int SOURCE_PORT = 24;
    public static final int DESTINATION_PORT = 26;
    public static final int LENGTH = 28;
    public static final int INBOUND_SPI = 32;
    public static final int HEADER_LENGTH = 40;

    /** Why a packet was punted (the reason field). */
    public static final int REASON_IKE = 1;
    public static final int REASON_IKE_NATT = 2;
    public static final int REASON_L2TP_CONTROL = 3;
    public static final int REASON_PPP_CONTROL = 4;

    private PuntDescriptor()
    {
    }
}
