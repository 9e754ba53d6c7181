package io.portcullis.controlplane.launch;

import java.util.List;

import io.portcullis.controlplane.config.ConfigError;
import io.portcullis.controlplane.config.ConfigSchema;
import io.portcullis.controlplane.config.ConfigTree;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's reading of a configuration, and one test per rule it enforces, each naming its line. */
class DataplaneConfigTest
{
    private static final String BASE = """
        set system workers 2
        set system lcores 2,3
        set interfaces ethernet eth0 role wan
        set interfaces ethernet eth0 dpdk-devargs net_null0
        set interfaces ethernet eth0 address 192.0.2.1/24
        set interfaces ethernet eth0 hw-id 02:00:00:00:00:01
        set interfaces ethernet eth1 role lan
        set interfaces ethernet eth1 dpdk-devargs net_null1
        set interfaces ethernet eth1 address 10.1.0.1/16
        set interfaces ethernet eth1 mtu 9000
        set protocols static route 0.0.0.0/0 next-hop 192.0.2.254
        set protocols static route 172.16.0.0/12 next-hop 10.1.255.254
        set protocols static arp 192.0.2.254 hwaddr 02:00:00:00:00:aa
        set vpn ipsec manual-sa out spi 0x1000
        set vpn ipsec manual-sa out direction outbound
        set vpn ipsec manual-sa out encryption aes128gcm128
        set vpn ipsec manual-sa out encryption-key 0x00112233445566778899aabbccddeeff01020304
        set vpn l2tp remote-access static-session alice local-tunnel-id 1
        set vpn l2tp remote-access static-session alice local-session-id 2
        set vpn l2tp remote-access static-session alice peer-tunnel-id 3
        set vpn l2tp remote-access static-session alice peer-session-id 4
        set vpn l2tp remote-access static-session alice peer-address 198.51.100.7
        set vpn l2tp remote-access static-session alice client-address 10.99.0.2
        set vpn l2tp remote-access static-session alice outbound-sa out
        """;

    @Test
    void readsInterfacesRoutesNeighboursAndSessions() throws ConfigError
    {
        final DataplaneConfig config = read(BASE);
        assertEquals("net_null0", config.wan().devargs());
        assertEquals(0x02_00_00_00_00_01L, config.wan().mac());
        assertEquals(-1, config.lan().mac(), "the device's own MAC");
        assertEquals(9000, config.lan().mtu());
        assertEquals(List.of(2, 3), config.lcores());
        assertEquals("backoff", config.idleStrategy());
        assertEquals(List.of(
            new DataplaneConfig.Route(0xC000_0200, 24, 0, 0, 1500),
            new DataplaneConfig.Route(0x0A01_0000, 16, 0, 1, 9000),
            new DataplaneConfig.Route(0, 0, 0xC000_02FE, 0, 1500),
            new DataplaneConfig.Route(0xAC10_0000, 12, 0x0A01_FFFE, 1, 9000)), config.routes());
        assertEquals(List.of(new DataplaneConfig.Neighbour(0xC000_02FE, 0x02_00_00_00_00_AAL)), config.neighbours());
        final DataplaneConfig.StaticSession alice = config.sessions().getFirst();
        assertEquals("out", alice.outboundSa());
        assertEquals(2, alice.session().localSessionId());
        assertEquals(0x0A63_0002, alice.session().clientAddress());
        assertEquals(0xC000_0201, alice.session().localAddress());
    }

    @Test
    void failsWhenTwoInterfacesClaimTheWan()
    {
        fails(BASE + "set interfaces ethernet eth1 role wan\n", 25, "a second interface with role wan");
    }

    @Test
    void failsWhenNoInterfaceIsTheLan()
    {
        fails(BASE.replace("set interfaces ethernet eth1 role lan\n", ""), 0, "no interface has role lan");
    }

    @Test
    void failsWhenLcoresDoNotMatchTheWorkers()
    {
        fails(BASE.replace("lcores 2,3", "lcores 2"), 2, "one each");
    }

    @Test
    void failsWhenANextHopIsOnNoInterface()
    {
        fails(BASE + "set protocols static route 10.9.0.0/16 next-hop 203.0.113.1\n", 25, "on neither interface");
    }

    @Test
    void failsWhenARouteIsNotAPrefix()
    {
        fails(BASE + "set protocols static route 10.9.0.0 next-hop 192.0.2.254\n", 25, "not an IPv4 prefix");
    }

    @Test
    void failsWhenAStaticArpEntryIsNotAnAddress()
    {
        fails(BASE + "set protocols static arp gateway hwaddr 02:00:00:00:00:aa\n", 25, "not an IPv4 address");
    }

    @Test
    void failsWhenAMacIsMalformed()
    {
        fails(BASE + "set interfaces ethernet eth1 hw-id 02:00:00:00:00\n", 25, "not a MAC address");
    }

    @Test
    void failsWhenASessionNamesNoOutboundSa()
    {
        fails(BASE.replace("outbound-sa out", "outbound-sa missing"), 24, "no outbound manual-sa missing");
    }

    @Test
    void aSessionWithoutOutboundSaIsPlainWhenPlainL2tpIsAllowed() throws ConfigError
    {
        final String withoutSa = BASE.replace("set vpn l2tp remote-access static-session alice outbound-sa out\n", "");
        final DataplaneConfig config = read(withoutSa + "set vpn l2tp remote-access ipsec-settings mode optional\n");
        assertTrue(config.plainL2tp());
        assertTrue(config.sessions().getFirst().plain());
        assertEquals(0, config.sessions().getFirst().session().espSaHandle());
        assertFalse(read(BASE).sessions().getFirst().plain());
    }

    @Test
    void failsWhenASessionHasNoOutboundSaAndPlainL2tpIsNotAllowed()
    {
        fails(BASE.replace("set vpn l2tp remote-access static-session alice outbound-sa out\n", ""), 18,
            "set vpn l2tp remote-access ipsec-settings mode optional");
    }

    @Test
    void failsWhenASessionLacksAnId()
    {
        fails(BASE.replace("set vpn l2tp remote-access static-session alice peer-tunnel-id 3\n", ""), 18,
            "peer-tunnel-id");
    }

    private static DataplaneConfig read(final String text) throws ConfigError
    {
        return DataplaneConfig.from(ConfigTree.parse(text, ConfigSchema.dataplane()));
    }

    private static void fails(final String text, final int line, final String rule)
    {
        final ConfigError error = assertThrows(ConfigError.class, () -> read(text));
        assertEquals(line, error.line(), error.getMessage());
        assertTrue(error.getMessage().contains(rule), error.getMessage());
    }
}
