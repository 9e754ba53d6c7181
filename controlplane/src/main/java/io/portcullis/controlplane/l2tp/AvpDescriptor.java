package io.portcullis.controlplane.l2tp;

/**
 * Layout of the control message header (RFC 2661 §3.1) and of an AVP (§4.1).
 *
 * <pre>
 *   control message header (12 bytes; T, L and S set, O and P clear, Ver 2)
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   |T|L|x|x|S|x|O|P|x|x|x|x|  Ver  |          Length               |
 *   |           Tunnel ID           |           Session ID          |
 *   |               Ns              |               Nr              |
 *
 *   AVP
 *   |M|H| rsvd  |      Length       |           Vendor ID           |
 *   |         Attribute Type        |        Attribute Value ...
 *
 *   hidden AVP value (§4.3), before the MD5 keystream is applied
 *   | Original Length (2) | Original Attribute Value ... | Padding ...
 * </pre>
 */
public final class AvpDescriptor
{
    public static final int T_BIT = 0x8000;
    public static final int L_BIT = 0x4000;
    public static final int S_BIT = 0x0800;
    public static final int O_BIT = 0x0200;
    public static final int P_BIT = 0x0100;
    public static final int VERSION_MASK = 0x000F;
    public static final int VERSION = 2;
    /** Flags and version of every control message we send. */
    public static final int CONTROL_FLAGS = T_BIT | L_BIT | S_BIT | VERSION;

    public static final int CONTROL_HEADER_LENGTH = 12;
    public static final int LENGTH_OFFSET = 2;
    public static final int TUNNEL_ID_OFFSET = 4;
    public static final int SESSION_ID_OFFSET = 6;
    public static final int NS_OFFSET = 8;
    public static final int NR_OFFSET = 10;

    public static final int M_BIT = 0x8000;
    public static final int H_BIT = 0x4000;
    public static final int AVP_RESERVED_MASK = 0x3C00;
    public static final int AVP_LENGTH_MASK = 0x03FF;
    public static final int HEADER_LENGTH = 6;
    public static final int MAX_LENGTH = AVP_LENGTH_MASK;

    private AvpDescriptor()
    {
    }
}
