package io.portcullis.controlplane.ike.isakmp;

/** Exchange types: RFC 2408 §3.1 and RFC 2409 §5 (Main, Aggressive) and §5.5 (Quick Mode). */
public final class ExchangeType
{
    public static final int BASE = 1;
    /** RFC 2408's Identity Protection exchange: IKE's Main Mode. */
    public static final int MAIN_MODE = 2;
    public static final int AUTHENTICATION_ONLY = 3;
    public static final int AGGRESSIVE = 4;
    public static final int INFORMATIONAL = 5;
    public static final int QUICK_MODE = 32;
    public static final int NEW_GROUP_MODE = 33;

    private ExchangeType()
    {
    }

    /** RFC 2408 §3.1: values 6-31 are reserved, 32-239 DOI specific, 240-255 private use. */
    static boolean isKnown(final int type)
    {
        return (type >= BASE && type <= INFORMATIONAL) || type == QUICK_MODE || type == NEW_GROUP_MODE;
    }
}
