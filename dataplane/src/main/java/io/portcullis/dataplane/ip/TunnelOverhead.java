package io.portcullis.dataplane.ip;

/**
 * How many bytes of an egress MTU an L2TP/IPsec tunnel leaves for the client's own IPv4 packet,
 * and so what TCP MSS fits without fragmenting the encrypted packet.
 *
 * <pre>
 *  outer IPv4 header                        20
 *  UDP 4500 (NAT-T, RFC 3948)                8   only behind NAT
 *  ESP header: SPI + sequence number         8
 *  IV                                        ivLength (GCM 8, AES-CBC 16, 3DES 8)
 *  ---- encrypted, padded to blockSize ----
 *  UDP 1701                                  8
 *  L2TP data header (RFC 2661 §3.1)          6 minimum (flags/version, tunnel id, session id);
 *                                            +2 with L, +4 with Ns/Nr, +2 (+pad) with an offset
 *  PPP                                       2 (protocol) or 4 (FF 03 + protocol, no ACFC)
 *  inner IPv4 header                        20   \ these two are what the MSS excludes
 *  inner TCP header                         20   /
 *  padding                                   0..blockSize-1, so that the next two bytes end a block
 *  pad length + next header (ESP trailer)    2
 *  ---- end of encryption ----
 *  ICV                                       icvLength (GCM 16, HMAC-SHA1-96 12, HMAC-SHA-256-128 16)
 * </pre>
 *
 * The ciphertext must be a multiple of the block size (RFC 4303 §2.4: 4 for GCM and for the
 * alignment rule, 16 for AES-CBC, 8 for 3DES), so the room left after the fixed headers is
 * rounded down to a block and the 2-byte trailer taken off: that is the largest plaintext
 * (UDP + L2TP + PPP + inner packet) that needs no outer fragmentation.
 */
public final class TunnelOverhead
{
    public static final int OUTER_IPV4 = 20;
    public static final int NAT_T_UDP = 8;
    public static final int ESP_HEADER = 8;
    public static final int ESP_TRAILER = 2;
    public static final int L2TP_UDP = 8;
    public static final int L2TP_DATA_HEADER_MIN = 6;
    /** L, S and O bits all set (length, Ns, Nr, offset size) with no offset pad. */
    public static final int L2TP_DATA_HEADER_MAX = 14;
    public static final int PPP_PROTOCOL_ONLY = 2;
    public static final int PPP_WITH_ADDRESS_CONTROL = 4;
    public static final int INNER_IPV4 = 20;
    public static final int TCP = 20;

    private TunnelOverhead()
    {
    }

    /**
     * The largest inner IPv4 packet that travels in one outer packet of at most {@code egressMtu}
     * bytes. {@code blockSize} is a power of two (4 for AES-GCM per RFC 4303 §2.4).
     */
    public static int innerMtu(
        final int egressMtu, final boolean natT, final int ivLength, final int blockSize, final int icvLength,
        final int l2tpHeaderLength, final int pppHeaderLength)
    {
        if (blockSize < 4 || Integer.bitCount(blockSize) != 1)
        {
            throw new IllegalArgumentException("block size must be a power of two >= 4: " + blockSize);
        }
        final int ciphertextRoom = egressMtu - OUTER_IPV4 - (natT ? NAT_T_UDP : 0) - ESP_HEADER - ivLength - icvLength;
        final int plaintext = (ciphertextRoom & -blockSize) - ESP_TRAILER;
        final int inner = plaintext - L2TP_UDP - l2tpHeaderLength - pppHeaderLength;
        if (inner < 68)  // RFC 791: every internet module must forward a 68-byte datagram unfragmented
        {
            throw new IllegalArgumentException("egress MTU " + egressMtu + " leaves " + inner + " bytes inside");
        }
        return inner;
    }

    /**
     * The inner MTU under the costliest framing Portcullis accepts: NAT-T, AES-CBC (16-byte IV and
     * blocks) with HMAC-SHA-256-128 (16-byte ICV), an L2TP header with every optional field and
     * PPP with address and control: 1396 for a 1500-byte egress MTU.
     */
    public static int worstCaseInnerMtu(final int egressMtu)
    {
        return innerMtu(egressMtu, true, 16, 16, 16, L2TP_DATA_HEADER_MAX, PPP_WITH_ADDRESS_CONTROL);
    }
}
