package io.portcullis.dataplane.worker;

/**
 * The addresses every worker test uses: the appliance's WAN and LAN ports, the WAN gateway,
 * a LAN host, and a remote-access client with its public and its PPP address.
 */
final class TestNetwork
{
    static final long WAN_MAC = 0x02_00_00_00_00_01L;
    static final long LAN_MAC = 0x02_00_00_00_00_02L;
    static final long GATEWAY_MAC = 0x02_00_00_00_00_AAL;
    static final long HOST_MAC = 0x02_00_00_00_00_BBL;
    static final String WAN = "192.0.2.1";
    static final String GATEWAY = "192.0.2.254";
    static final String CLIENT = "198.51.100.7";
    static final String LAN = "10.1.0.1";
    static final String HOST = "10.1.0.5";
    static final String CLIENT_PPP = "10.99.0.2";

    private TestNetwork()
    {
    }
}
