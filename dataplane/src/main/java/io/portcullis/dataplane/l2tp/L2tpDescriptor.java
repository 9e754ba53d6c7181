package io.portcullis.dataplane.l2tp;

/**
 * L2TPv2 header layout (RFC 2661 §3.1), carried in UDP to port 1701 (RFC 2661 §8.1).
 * <pre>
 *  [IPv4 header][UDP header: source port, destination port 1701, length, checksum]
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |T|L|x|x|S|x|O|P|x|x|x|x|  Ver  |          Length (opt)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Tunnel ID           |           Session ID          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             Ns (opt)          |             Nr (opt)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Offset Size (opt)        |    Offset pad... (opt)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  then, in a data message, the PPP frame (see {@link Ppp}).
 * </pre>
 * T: control (1) or data (0) message. L: Length present (the whole L2TP message, header
 * included). S: Ns and Nr present (in data messages Nr is reserved and ignored). O: Offset Size
 * present; that many octets of padding follow it and the payload starts after them. P: priority
 * (data only; we queue nothing, so it changes nothing here). Ver: 2; other values are
 * discarded (1 would be L2F, 3 L2TPv3). Fields present are packed in this order, without gaps.
 */
final class L2tpDescriptor
{
    static final int FLAGS_VERSION = 0;
    static final int FLAG_TYPE = 0x8000;
    static final int FLAG_LENGTH = 0x4000;
    static final int FLAG_SEQUENCE = 0x0800;
    static final int FLAG_OFFSET = 0x0200;
    static final int FLAG_PRIORITY = 0x0100;
    static final int VERSION_MASK = 0x000F;
    static final int VERSION = 2;

    /** Flags/version, Tunnel ID, Session ID: a data header with no optional field. */
    static final int MIN_HEADER_LENGTH = 6;
    static final int LENGTH_FIELD_LENGTH = 2;
    /** Ns and Nr. */
    static final int SEQUENCE_FIELDS_LENGTH = 4;
    static final int OFFSET_SIZE_LENGTH = 2;

    static final int UDP_HEADER_LENGTH = 8;
    static final int UDP_SOURCE_PORT = 0;
    static final int UDP_DESTINATION_PORT = 2;
    static final int UDP_LENGTH = 4;
    static final int UDP_CHECKSUM = 6;

    private L2tpDescriptor()
    {
    }

    /** The length of a data header we send: optional Length, optional Ns/Nr, never an offset. */
    static int dataHeaderLength(final boolean lengthField, final boolean sequencing)
    {
        return MIN_HEADER_LENGTH + (lengthField ? LENGTH_FIELD_LENGTH : 0) +
            (sequencing ? SEQUENCE_FIELDS_LENGTH : 0);
    }
}
