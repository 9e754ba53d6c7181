package io.portcullis.controlplane.ike.isakmp;

/** Next Payload values: RFC 2408 §3.1, RFC 3947 §3.2 and §5.2 (and the draft numbers clients still send). */
public final class PayloadType
{
    public static final int NONE = 0;
    public static final int SA = 1;
    public static final int PROPOSAL = 2;
    public static final int TRANSFORM = 3;
    public static final int KE = 4;
    public static final int ID = 5;
    public static final int CERT = 6;
    public static final int CERTREQ = 7;
    public static final int HASH = 8;
    public static final int SIG = 9;
    public static final int NONCE = 10;
    public static final int NOTIFY = 11;
    public static final int DELETE = 12;
    public static final int VENDOR_ID = 13;
    /** RFC 3947 §3.2. */
    public static final int NAT_D = 20;
    /** RFC 3947 §5.2. */
    public static final int NAT_OA = 21;
    /** draft-ietf-ipsec-nat-t-ike-02/03 private-use numbers, still sent by old Windows and Apple clients. */
    public static final int NAT_D_DRAFT = 130;
    public static final int NAT_OA_DRAFT = 131;

    private PayloadType()
    {
    }

    /** Payload types that may follow another in a message chain (not Proposal/Transform, which live inside SA). */
    static boolean isMessageLevel(final int type)
    {
        return (type >= SA && type <= VENDOR_ID && type != PROPOSAL && type != TRANSFORM) ||
            type == NAT_D || type == NAT_OA || type == NAT_D_DRAFT || type == NAT_OA_DRAFT;
    }

    public static String name(final int type)
    {
        return switch (type)
        {
            case NONE -> "NONE";
            case SA -> "SA";
            case PROPOSAL -> "P";
            case TRANSFORM -> "T";
            case KE -> "KE";
            case ID -> "ID";
            case CERT -> "CERT";
            case CERTREQ -> "CR";
            case HASH -> "HASH";
            case SIG -> "SIG";
            case NONCE -> "NONCE";
            case NOTIFY -> "N";
            case DELETE -> "D";
            case VENDOR_ID -> "VID";
            case NAT_D, NAT_D_DRAFT -> "NAT-D";
            case NAT_OA, NAT_OA_DRAFT -> "NAT-OA";
            default -> "payload-" + type;
        };
    }
}
