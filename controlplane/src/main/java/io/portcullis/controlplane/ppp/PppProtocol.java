package io.portcullis.controlplane.ppp;

/** PPP protocol numbers the control plane handles (IANA "PPP DLL Protocol Numbers"). */
public final class PppProtocol
{
    public static final int IPV4 = 0x0021;
    public static final int IPV6 = 0x0057;
    public static final int IPCP = 0x8021;
    public static final int IPV6CP = 0x8057;
    public static final int LCP = 0xC021;
    public static final int PAP = 0xC023;
    public static final int CHAP = 0xC223;
    public static final int EAP = 0xC227;

    private PppProtocol()
    {
    }
}
