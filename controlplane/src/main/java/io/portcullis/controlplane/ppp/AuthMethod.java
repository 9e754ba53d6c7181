package io.portcullis.controlplane.ppp;

/** Authentication protocols as the LCP Authentication-Protocol option names them (RFC 1661 §6.2). */
public enum AuthMethod
{
    PAP(PppProtocol.PAP, -1),
    CHAP_MD5(PppProtocol.CHAP, 5),
    MSCHAP_V2(PppProtocol.CHAP, 0x81),
    EAP(PppProtocol.EAP, -1);

    private final int protocol;
    private final int algorithm;

    AuthMethod(final int protocol, final int algorithm)
    {
        this.protocol = protocol;
        this.algorithm = algorithm;
    }

    public int protocol()
    {
        return protocol;
    }

    public ConfigOption option()
    {
        final byte[] data = algorithm < 0 ? new byte[2] : new byte[3];
        data[0] = (byte)(protocol >>> 8);
        data[1] = (byte)protocol;
        if (algorithm >= 0)
        {
            data[2] = (byte)algorithm;
        }
        return new ConfigOption(Lcp.AUTHENTICATION_PROTOCOL, data);
    }

    /** The method an Authentication-Protocol option names, or null if we do not speak it. */
    public static AuthMethod of(final ConfigOption option)
    {
        if (option.data().length < 2)
        {
            return null;
        }
        final int protocol = option.u16();
        final int algorithm = option.data().length > 2 ? option.data()[2] & 0xFF : -1;
        for (final AuthMethod method : values())
        {
            if (method.protocol == protocol && method.algorithm == algorithm &&
                option.data().length == (algorithm < 0 ? 2 : 3))
            {
                return method;
            }
        }
        return null;
    }
}
