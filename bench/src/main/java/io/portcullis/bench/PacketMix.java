package io.portcullis.bench;

import io.portcullis.dataplane.esp.Packets;

/**
 * The plaintext packet sizes of a benchmark's vectors: one fixed IPv4 total length, or IMIX.
 *
 * <p>IMIX is the simple 7:4:1 mix of 64-, 576- and 1500-byte packets, as a fixed 12-packet
 * cycle ({@link #IMIX_CYCLE}). Twelve does not divide a {@link #BURST} of 64, so an IMIX
 * benchmark keeps {@code 12 / gcd(12, 64) = 3} vectors and takes them in turn: every three
 * invocations carry exactly 16 cycles, 112 + 64 + 16 packets, and the average size is the
 * true 7:4:1 one (4252 / 12 = 354.33 bytes) rather than a rounded 64-packet approximation.
 */
public final class PacketMix
{
    /** Packets per vector, and so per benchmark invocation. */
    public static final int BURST = 64;

    /** The {@code size} parameter values every benchmark takes. */
    public static final String IMIX = "IMIX";

    /** 7 × 64, 4 × 576, 1 × 1500, spread out so that no two large packets sit together. */
    static final int[] IMIX_CYCLE = {64, 576, 64, 1500, 64, 576, 64, 64, 576, 64, 576, 64};

    /** Bytes of IPv4 and UDP header in front of the payload of every packet we build. */
    private static final int IP_UDP_HEADER_LENGTH = 20 + 8;

    private final String name;
    private final int fixedSize;

    private PacketMix(final String name, final int fixedSize)
    {
        this.name = name;
        this.fixedSize = fixedSize;
    }

    /** {@code "64"}, {@code "512"}, {@code "1408"}, … or {@code "IMIX"}. */
    public static PacketMix of(final String size)
    {
        if (IMIX.equals(size))
        {
            return new PacketMix(IMIX, 0);
        }
        final int bytes = Integer.parseInt(size);
        if (bytes < IP_UDP_HEADER_LENGTH || bytes > 1500)
        {
            throw new IllegalArgumentException("packet size must be 28..1500 bytes (IPv4 + UDP + payload): " + size);
        }
        return new PacketMix(size, bytes);
    }

    public String name()
    {
        return name;
    }

    /** How many vectors of {@link #BURST} packets make the mix repeat exactly. */
    public int vectors()
    {
        return fixedSize == 0 ? 3 : 1;
    }

    /** IPv4 total length of packet {@code i} of vector {@code vector}. */
    public int size(final int vector, final int i)
    {
        return fixedSize == 0 ? IMIX_CYCLE[(vector * BURST + i) % IMIX_CYCLE.length] : fixedSize;
    }

    /** The mean IPv4 total length over {@link #vectors()} vectors: what Gbit/s are computed from. */
    public double averageSize()
    {
        long sum = 0;
        for (int v = 0; v < vectors(); v++)
        {
            for (int i = 0; i < BURST; i++)
            {
                sum += size(v, i);
            }
        }
        return (double)sum / (vectors() * BURST);
    }

    /**
     * What a transport-mode AES-GCM ESP SA encrypts of a packet of {@code size} bytes: the IP
     * payload plus the 2-byte trailer, padded to 4 bytes (RFC 4303 §2.4, RFC 4106 §3).
     */
    public static int gcmTransportCiphertextLength(final int size)
    {
        return (size - 20 + 2 + 3) & ~3;
    }

    /** An IPv4/UDP packet of {@code size} bytes (L2TP's port 1701), checksums right. */
    public static byte[] udpPacket(final int size, final int seed)
    {
        final byte[] payload = new byte[size - IP_UDP_HEADER_LENGTH];
        for (int k = 0; k < payload.length; k++)
        {
            payload[k] = (byte)(k * 31 + seed);
        }
        return Packets.udp("192.0.2.1", "198.51.100.7", 1701, 1701, payload);
    }
}
