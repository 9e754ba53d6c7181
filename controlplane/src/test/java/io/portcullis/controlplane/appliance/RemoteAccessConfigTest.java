package io.portcullis.controlplane.appliance;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.portcullis.controlplane.config.ConfigError;
import io.portcullis.controlplane.config.ConfigSchema;
import io.portcullis.controlplane.config.ConfigTree;
import io.portcullis.controlplane.ike.proposal.ProposalPolicy;
import io.portcullis.controlplane.launch.DataplaneConfig;
import io.portcullis.controlplane.ppp.AuthMethod;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remote-access service's reading of a configuration, and one test per rule, each naming its line or path. */
class RemoteAccessConfigTest
{
    /** The two ports every configuration here starts with. */
    static final String PORTS = """
        set interfaces ethernet wan role wan
        set interfaces ethernet wan dpdk-devargs net_null0
        set interfaces ethernet wan address 192.0.2.1/24
        set interfaces ethernet lan role lan
        set interfaces ethernet lan dpdk-devargs net_null1
        set interfaces ethernet lan address 10.0.2.1/24
        """;

    private static final String SERVICE = """
        set vpn l2tp remote-access gateway-address 10.0.3.1
        set vpn l2tp remote-access client-ip-pool start 10.0.3.10
        set vpn l2tp remote-access client-ip-pool stop 10.0.3.50
        set vpn l2tp remote-access dns-servers server-1 10.0.2.53
        set vpn l2tp remote-access dns-servers server-2 10.0.2.54
        set vpn l2tp remote-access authentication protocols mschap-v2,pap
        set vpn l2tp remote-access authentication local-users username alice password "correct horse"
        set vpn l2tp remote-access authentication local-users username bob password s3cret
        set vpn l2tp remote-access authentication local-users username bob static-ip 10.0.3.99
        set vpn l2tp remote-access ipsec-settings authentication pre-shared-secret "group key"
        set vpn l2tp remote-access ipsec-settings dpd delay 5
        set vpn l2tp remote-access ipsec-settings dpd timeout 15
        """;

    @Test
    void readsTheService() throws ConfigError
    {
        final RemoteAccessConfig config = read(PORTS + SERVICE);
        assertEquals(0xC0000201, config.outsideAddress());
        assertEquals(0x0A000301, config.gatewayAddress());
        assertEquals(0x0A00030A, config.poolStart());
        assertEquals(0x0A000332, config.poolStop());
        assertArrayEquals(new int[] {0x0A000235, 0x0A000236}, config.dnsServers());
        assertEquals(List.of(AuthMethod.MSCHAP_V2, AuthMethod.PAP), config.authentication());
        assertEquals(2, config.users().size());
        assertEquals("alice", config.users().get(0).name());
        assertEquals(0x0A000363, config.users().get(1).staticAddress());
        assertArrayEquals("group key".getBytes(StandardCharsets.UTF_8), config.preSharedKey());
        assertEquals(5_000, config.dpdDelayMs());
        assertEquals(15_000, config.dpdTimeoutMs());
        assertEquals(ProposalPolicy.defaults(), config.proposals());
        assertNull(config.lnsSecret());
        assertEquals(1400, config.mtu());
    }

    @Test
    void defaultsToMsChapV2ThenChap() throws ConfigError
    {
        final RemoteAccessConfig config = read(PORTS + SERVICE.replace(
            "set vpn l2tp remote-access authentication protocols mschap-v2,pap\n", ""));
        assertEquals(List.of(AuthMethod.MSCHAP_V2, AuthMethod.CHAP_MD5), config.authentication());
    }

    @Test
    void strictProposalsAreOneLineAway() throws ConfigError
    {
        final RemoteAccessConfig config = read(PORTS + SERVICE + "set vpn l2tp remote-access ipsec-settings proposals strict\n");
        assertEquals(ProposalPolicy.strict(), config.proposals());
    }

    @Test
    void readsSha256AsTruncatedTo96BitsOnlyWhenAsked() throws ConfigError
    {
        assertFalse(read(PORTS + SERVICE).proposals().sha256Truncated96());
        assertTrue(read(PORTS + SERVICE + "set vpn l2tp remote-access ipsec-settings sha256-96 enable\n")
            .proposals().sha256Truncated96());
    }

    @Test
    void noServiceMeansADataplaneAlone() throws ConfigError
    {
        assertNull(read(PORTS));
        assertNull(read(PORTS + "set vpn l2tp remote-access tcp-mss 1360\n"));
        // bin/portcullis-dataplane's file for static sessions in clear: still no service.
        assertNull(read(PORTS + "set vpn l2tp remote-access ipsec-settings mode optional\n"));
        // Any other ipsec-settings leaf is the service's, which then needs its pool and gateway.
        final ConfigError error = assertThrows(ConfigError.class, () -> read(PORTS +
            "set vpn l2tp remote-access ipsec-settings mode optional\n" +
            "set vpn l2tp remote-access ipsec-settings dpd delay 5\n"));
        assertTrue(error.getMessage().contains("client-ip-pool"), error.getMessage());
    }

    @Test
    void neverPrintsSecrets() throws ConfigError
    {
        final String text = read(PORTS + SERVICE).toString();
        assertFalse(text.contains("group key"), text);
        assertFalse(text.contains("s3cret"), text);
        assertTrue(text.contains("10.0.3.10-10.0.3.50"), text);
    }

    @Test
    void plainL2tpIsOffUnlessIpsecIsMadeOptional() throws ConfigError
    {
        assertFalse(read(PORTS + SERVICE).plainL2tp());
        assertFalse(DataplaneConfig.from(tree(PORTS + SERVICE)).plainL2tp(), "the dataplane drops L2TP in clear");
        assertFalse(read(PORTS + SERVICE + "set vpn l2tp remote-access ipsec-settings mode required\n").plainL2tp());

        final String optional = PORTS + SERVICE + "set vpn l2tp remote-access ipsec-settings mode optional\n";
        final RemoteAccessConfig config = read(optional);
        assertTrue(config.plainL2tp());
        assertArrayEquals("group key".getBytes(StandardCharsets.UTF_8), config.preSharedKey(), "IKE still served");
        assertTrue(DataplaneConfig.from(tree(optional)).plainL2tp(), "the dataplane takes L2TP in clear");
        assertTrue(config.toString().contains("IPsec optional"), config.toString());
    }

    @Test
    void plainL2tpAloneNeedsNoPreSharedKey() throws ConfigError
    {
        final RemoteAccessConfig config = read(PORTS + withoutIpsec(SERVICE) +
            "set vpn l2tp remote-access ipsec-settings mode optional\n");
        assertTrue(config.plainL2tp());
        assertNull(config.preSharedKey(), "no IKE without a pre-shared secret");
        assertTrue(config.toString().contains("plain L2TP only"), config.toString());
    }

    @Test
    void idleTimeoutAndInterimAccountingAreOffUnlessSet() throws ConfigError
    {
        final RemoteAccessConfig none = read(PORTS + SERVICE);
        assertEquals(0, none.idleTimeoutMs());
        assertEquals(0, none.interimIntervalMs());
        final RemoteAccessConfig set = read(PORTS + SERVICE + "set vpn l2tp remote-access idle 1800\n" +
            "set vpn l2tp remote-access accounting interim-interval 300\n");
        assertEquals(1_800_000, set.idleTimeoutMs());
        assertEquals(300_000, set.interimIntervalMs());
    }

    @Test
    void failsOnANegativeIdleTimeoutOrAnIntervalLongerThanADay()
    {
        final ConfigError idle = assertThrows(ConfigError.class, () -> read(PORTS + SERVICE +
            "set vpn l2tp remote-access idle -5\n"));
        assertEquals(19, idle.line());
        final ConfigError interim = assertThrows(ConfigError.class, () -> read(PORTS + SERVICE +
            "set vpn l2tp remote-access accounting interim-interval 86401\n"));
        assertEquals(19, interim.line());
        assertTrue(interim.getMessage().contains("86401"), interim.getMessage());
    }

    /** RFC 2661 §8.1: UDP checksums on data messages are the default; an operator may turn them off. */
    @Test
    void dataChecksumsAreOnUnlessDisabled() throws ConfigError
    {
        assertTrue(read(PORTS + SERVICE).l2tpDataChecksum());
        assertFalse(read(PORTS + SERVICE + "set vpn l2tp remote-access lns data-checksum disable\n").l2tpDataChecksum());
        assertTrue(read(PORTS + SERVICE + "set vpn l2tp remote-access lns data-checksum enable\n").l2tpDataChecksum());
        final ConfigError error = assertThrows(ConfigError.class, () -> read(PORTS + SERVICE +
            "set vpn l2tp remote-access lns data-checksum off\n"));
        assertEquals(19, error.line());
        assertTrue(error.getMessage().contains("off"), error.getMessage());
    }

    @Test
    void failsOnAnUnknownIpsecMode()
    {
        final ConfigError error = assertThrows(ConfigError.class, () -> read(PORTS + SERVICE +
            "set vpn l2tp remote-access ipsec-settings mode sometimes\n"));
        assertEquals(19, error.line());
        assertTrue(error.getMessage().contains("sometimes"), error.getMessage());
    }

    @Test
    void failsWhenThePreSharedKeyIsMissingAndIpsecIsRequired()
    {
        final ConfigError error = assertThrows(ConfigError.class, () -> read(PORTS + withoutIpsec(SERVICE) +
            "set vpn l2tp remote-access ipsec-settings mode required\n"));
        assertTrue(error.getMessage().contains("pre-shared-secret") && error.getMessage().contains("mode optional"),
            error.getMessage());
    }

    private static String withoutIpsec(final String service)
    {
        return service.lines().filter(line -> !line.contains("ipsec-settings")).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void failsWhenThePreSharedKeyIsMissing()
    {
        final ConfigError error = assertThrows(ConfigError.class, () -> read(PORTS + SERVICE.replace(
            "set vpn l2tp remote-access ipsec-settings authentication pre-shared-secret \"group key\"\n", "")));
        assertTrue(error.getMessage().contains("pre-shared-secret") && error.getMessage().contains("RFC 3193"),
            error.getMessage());
    }

    @Test
    void failsWhenNoUserCouldLogIn()
    {
        final String noUsers = SERVICE.lines().filter(line -> !line.contains("local-users"))
            .reduce("", (a, b) -> a + b + "\n");
        final ConfigError error = assertThrows(ConfigError.class, () -> read(PORTS + noUsers));
        assertTrue(error.getMessage().contains("nobody could log in"), error.getMessage());
    }

    @Test
    void failsWhenAUserHasNoPassword()
    {
        final ConfigError error = assertThrows(ConfigError.class, () -> read(PORTS + SERVICE +
            "set vpn l2tp remote-access authentication local-users username carol static-ip 10.0.3.98\n"));
        assertEquals(19, error.line());
        assertTrue(error.getMessage().contains("'carol' has no password"), error.getMessage());
    }

    @Test
    void failsWhenThePoolRunsBackwards()
    {
        final ConfigError error = assertThrows(ConfigError.class, () -> read(PORTS + SERVICE.replace(
            "stop 10.0.3.50", "stop 10.0.3.5")));
        assertEquals(9, error.line());
    }

    @Test
    void failsWhenTheGatewayIsInsideThePool()
    {
        final ConfigError error = assertThrows(ConfigError.class, () -> read(PORTS + SERVICE.replace(
            "gateway-address 10.0.3.1", "gateway-address 10.0.3.20")));
        assertEquals(7, error.line());
    }

    @Test
    void failsWhenThePoolIsMissing()
    {
        final ConfigError error = assertThrows(ConfigError.class, () -> read(PORTS + SERVICE.replace(
            "set vpn l2tp remote-access client-ip-pool start 10.0.3.10\n", "")));
        assertTrue(error.getMessage().contains("client-ip-pool start"), error.getMessage());
    }

    @Test
    void failsWhenTheOutsideAddressIsNotTheWans()
    {
        final ConfigError error = assertThrows(ConfigError.class, () -> read(PORTS + SERVICE +
            "set vpn l2tp remote-access outside-address 192.0.2.9\n"));
        assertEquals(19, error.line());
    }

    @Test
    void failsOnAnUnknownOrRepeatedAuthenticationProtocol()
    {
        assertThrows(ConfigError.class, () -> read(PORTS + SERVICE.replace("mschap-v2,pap", "mschap-v2,ntlm")));
        final ConfigError repeated = assertThrows(ConfigError.class,
            () -> read(PORTS + SERVICE.replace("mschap-v2,pap", "pap,pap")));
        assertEquals(12, repeated.line());
        assertTrue(repeated.getMessage().contains("repeated"), repeated.getMessage());
    }

    static RemoteAccessConfig read(final String text) throws ConfigError
    {
        final ConfigTree tree = tree(text);
        return RemoteAccessConfig.from(tree, DataplaneConfig.from(tree));
    }

    private static ConfigTree tree(final String text) throws ConfigError
    {
        return ConfigTree.parse(text, ConfigSchema.appliance());
    }
}
