package io.portcullis.controlplane.config;

import java.util.List;

import io.portcullis.dataplane.api.EspCipher;
import io.portcullis.dataplane.api.EspIntegrity;
import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.esp.EspTestBed;
import io.portcullis.dataplane.esp.Packets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest
{
    private static final String GCM_KEY = "0x" + "11".repeat(16) + "cafebabe";
    private static final String SITE = """
        # site-to-site without IKE: one SA each way
        set system workers 2
        set interfaces ethernet wan dpdk-devargs "net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap"
        set interfaces ethernet wan address 192.0.2.1/24
        set protocols static route 0.0.0.0/0 next-hop 192.0.2.254
        set vpn ipsec manual-sa to-branch spi 0x1001
        set vpn ipsec manual-sa to-branch direction outbound
        set vpn ipsec manual-sa to-branch mode tunnel
        set vpn ipsec manual-sa to-branch encryption aes128gcm128
        set vpn ipsec manual-sa to-branch encryption-key %1$s
        set vpn ipsec manual-sa to-branch local-address 192.0.2.1
        set vpn ipsec manual-sa to-branch remote-address 198.51.100.7
        set vpn ipsec manual-sa to-branch esn enable
        set vpn ipsec manual-sa from-branch spi 0x1001
        set vpn ipsec manual-sa from-branch direction inbound
        set vpn ipsec manual-sa from-branch mode tunnel
        set vpn ipsec manual-sa from-branch encryption aes128gcm128
        set vpn ipsec manual-sa from-branch encryption-key %1$s
        set vpn ipsec manual-sa from-branch esn enable
        set vpn ipsec manual-sa from-branch replay-window 2048
        """.formatted(GCM_KEY);

    @Test
    void manualSasBecomeWorkingDataplaneSas() throws ConfigError
    {
        final ConfigTree tree = ConfigTree.parse(SITE, ConfigSchema.dataplane());
        assertEquals("net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap", tree.get("interfaces ethernet wan dpdk-devargs").text());
        assertEquals("192.0.2.254", tree.get("protocols static route 0.0.0.0/0 next-hop").text());
        final List<ManualSa> sas = ManualSa.from(tree);
        assertEquals(List.of("to-branch", "from-branch"), sas.stream().map(ManualSa::name).toList());
        final ManualSa out = sas.get(0);
        assertEquals(6, out.line());
        assertEquals(EspCipher.AES_GCM_16, out.config().cipher());
        assertEquals(EspIntegrity.NONE, out.config().integrity());
        assertEquals(EspMode.TUNNEL, out.config().mode());
        assertTrue(out.config().extendedSequenceNumbers());
        assertEquals(2048, sas.get(1).config().replayWindow());

        try (EspTestBed bed = new EspTestBed())
        {
            final int handle = bed.addOutbound(out.config());
            bed.addInbound(sas.get(1).config());
            final byte[] inner = Packets.udp("10.1.0.5", "10.2.0.9", 5000, 6000, "through the tunnel".getBytes());
            final byte[] wire = bed.encrypt(handle, inner);
            assertEquals(Packets.address("198.51.100.7"), java.nio.ByteBuffer.wrap(wire).getInt(16));
            assertArrayEquals(inner, bed.decrypt(wire).packet());
        }
    }

    @Test
    void errorsNameTheLineAndTheRule()
    {
        assertError("set vpn ipsec manual-sa a spi 12", 1, "out of range 256..");
        assertError("\n\nset interfaces ethernet wan address 10.0.0.1", 3, "not an IPv4 prefix");
        assertError("set interfaces ethernet wan speed 10g", 1, "unknown path 'interfaces ethernet wan speed'");
        assertError("set vpn ipsec manual-sa a spi", 1, "needs a value");
        assertError("delete system workers", 1, "expected 'set'");
        assertError("set system workers \"2", 1, "unterminated quote");
        assertError("""
            set vpn ipsec manual-sa a spi 300
            set vpn ipsec manual-sa a direction inbound
            set vpn ipsec manual-sa a encryption aes256
            set vpn ipsec manual-sa a encryption-key 0x0011
            """, 4, "key must be 32 bytes, got 2");
        assertError("""
            set vpn ipsec manual-sa a spi 300
            set vpn ipsec manual-sa a direction inbound
            set vpn ipsec manual-sa a encryption aes128
            set vpn ipsec manual-sa a encryption-key 0x%s
            """.formatted("00".repeat(16)), 1, "manual-sa a has no integrity");
        assertError("""
            set vpn ipsec manual-sa a spi 300
            set vpn ipsec manual-sa a direction inbound
            set vpn ipsec manual-sa a encryption aes128gcm128
            set vpn ipsec manual-sa a encryption-key %s
            set vpn ipsec manual-sa a integrity sha1
            """.formatted(GCM_KEY), 5, "carries its own ICV");
    }

    @Test
    void keysNeverAppearInErrors()
    {
        final String key = "0x" + "ab".repeat(15);
        final ConfigError error = assertThrows(ConfigError.class, () -> ManualSa.from(ConfigTree.parse("""
            set vpn ipsec manual-sa a spi 300
            set vpn ipsec manual-sa a direction inbound
            set vpn ipsec manual-sa a encryption aes128
            set vpn ipsec manual-sa a encryption-key %s
            """.formatted(key), ConfigSchema.dataplane())));
        assertFalse(error.getMessage().contains("abab"), error.getMessage());
    }

    @Test
    void settingALeafAgainReplacesIt() throws ConfigError
    {
        final ConfigTree tree = ConfigTree.parse("set system workers 2\nset system workers 4 # more\n",
            ConfigSchema.dataplane());
        assertEquals(new ConfigTree.Value("4", 2), tree.get("system workers"));
        assertNull(tree.get("system"));
    }

    private static void assertError(final String text, final int line, final String message)
    {
        final ConfigError error = assertThrows(ConfigError.class,
            () -> ManualSa.from(ConfigTree.parse(text, ConfigSchema.dataplane())));
        assertEquals(line, error.line(), error.getMessage());
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }
}
