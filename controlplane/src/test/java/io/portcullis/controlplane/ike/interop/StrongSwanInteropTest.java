package io.portcullis.controlplane.ike.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.portcullis.controlplane.events.RecordingEventSink;
import io.portcullis.controlplane.ike.ChildSa;
import io.portcullis.controlplane.ike.ChildSaListener;
import io.portcullis.controlplane.ike.DatagramChannelTransport;
import io.portcullis.controlplane.ike.Endpoint;
import io.portcullis.controlplane.ike.IkeConfig;
import io.portcullis.controlplane.ike.IkeContext;
import io.portcullis.controlplane.ike.IkeService;
import io.portcullis.controlplane.ike.QuickModeRequest;
import io.portcullis.controlplane.ike.SelectorPolicy;
import io.portcullis.controlplane.ike.SpiAllocator;
import io.portcullis.controlplane.ike.cert.TestPki;
import io.portcullis.controlplane.ike.proposal.ProposalPolicy;
import io.portcullis.controlplane.runtime.EventLoop;
import io.portcullis.dataplane.api.DataplaneCommands;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.L2tpSessionConfig;

/**
 * PSK Main Mode + Quick Mode transport (L2TP selectors) against strongSwan 5.9's charon running
 * in a network namespace, both directions, with the proposal sets of Windows, Apple and Android
 * clients, and through a MASQUERADE NAT. Both sides must report the same SPIs and algorithms,
 * and charon's debug log must show the ESP keys we installed.
 */
class StrongSwanInteropTest
{
    static final byte[] PSK = "correct horse battery staple".getBytes(StandardCharsets.US_ASCII);
    static final String WINDOWS_IKE = "aes256-sha1-modp2048,aes128-sha1-modp2048,3des-sha1-modp2048,3des-sha1-modp1024";
    static final String WINDOWS_ESP = "aes256-sha1,aes128-sha1,3des-sha1";
    static final String APPLE_IKE = "aes256-sha256-modp2048,aes256-sha1-modp2048,aes128-sha1-modp1536,3des-sha1-modp1024";
    static final String APPLE_ESP = "aes256-sha1,aes128-sha1,3des-sha1";
    static final String ANDROID_IKE = "aes256-sha256-modp1024,aes128-sha1-modp1024,3des-sha1-modp1024";
    /** IKEv1 has one value for HMAC-SHA2-256; charon drops its sha256_96 variant from IKEv1 proposals. */
    static final String ANDROID_ESP = "aes256-sha256,aes128-sha1";

    @BeforeAll
    static void requireCharonAndRoot()
    {
        Assumptions.assumeTrue(Files.isExecutable(Charon.CHARON), "strongSwan's charon is not installed " +
            "(Debian strongswan-charon, strongswan-swanctl, libstrongswan-standard-plugins, libcharon-extra-plugins)");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
    }

    /** A fake dataplane that records what IKE installs. */
    static final class Installed implements DataplaneCommands
    {
        final List<EspSaConfig> sas = new CopyOnWriteArrayList<>();

        @Override
        public void addSa(final int handle, final EspSaConfig sa)
        {
            sas.add(sa);
        }

        @Override
        public void removeSa(final int handle, final int spi, final boolean inbound)
        {
        }

        @Override
        public void addClient(final L2tpSessionConfig session, final int mtu)
        {
        }

        @Override
        public void removeClient(final int localTunnelId, final int localSessionId)
        {
        }

        @Override
        public void sendUdp(final int localAddress, final int localPort, final int remoteAddress, final int remotePort,
            final java.nio.ByteBuffer payload, final int espSaHandle)
        {
        }
    }

    /** Our side: an IkeService on its own event loop and UDP sockets on the veth address. */
    static final class Portcullis implements AutoCloseable
    {
        final EventLoop loop = new EventLoop("ike-interop");
        final Installed dataplane = new Installed();
        final RecordingEventSink events = new RecordingEventSink();
        final List<ChildSa> up = new CopyOnWriteArrayList<>();
        final DatagramChannelTransport transport;
        final IkeService service;

        Portcullis(final int address, final ProposalPolicy policy) throws Exception
        {
            this(address, policy, null);
        }

        Portcullis(final int address, final ProposalPolicy policy,
            final io.portcullis.controlplane.ike.cert.Credentials credentials) throws Exception
        {
            transport = new DatagramChannelTransport(address);
            // charon's site-to-site tests: its 192.168.10.0/24 behind it, our 192.168.20.0/24.
            final IkeConfig config = IkeConfig.withPsk(PSK, policy).withSelectors(SelectorPolicy.l2tpOnly()
                .withTunnel(new SelectorPolicy.Tunnel(0xc0a81400, 0xffffff00, 0xc0a80a00, 0xffffff00)))
                .withCredentials(credentials);
            service = new IkeService(new IkeContext(config, loop, transport, dataplane, events,
                new SpiAllocator(), new ChildSaListener()
                {
                    @Override
                    public void onChildSaUp(final ChildSa sa)
                    {
                        up.add(sa);
                    }

                    @Override
                    public void onChildSaDown(final ChildSa sa, final String reason)
                    {
                    }
                }));
            transport.startReceiving(service);
        }

        ChildSa awaitChildSa(final Charon charon) throws Exception
        {
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (up.isEmpty() && System.nanoTime() < deadline)
            {
                Thread.sleep(50);
            }
            if (up.isEmpty())
            {
                fail("no Quick Mode SA; our events: " + events.events().stream().map(e -> e.describe()).toList() +
                    "\ncharon's log:\n" + tail(charon.log()));
            }
            return up.get(0);
        }

        @Override
        public void close() throws Exception
        {
            transport.close();
            loop.close();
        }
    }

    static String tail(final String log)
    {
        final String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 60), lines.length));
    }

    /** The first match of {@code regex}'s group 1 in charon's SA listing. */
    static String listed(final String listing, final String regex)
    {
        final Matcher m = Pattern.compile(regex).matcher(listing);
        assertTrue(m.find(), "no " + regex + " in:\n" + listing);
        return m.group(1);
    }

    /** Checks charon's installed SA pair against ours: SPIs, mode, algorithms (swanctl --list-sas). */
    static void assertSameInstalledSa(final Charon charon, final ChildSa sa, final String espAlgorithms,
        final String mode, final boolean udpEncapsulated) throws Exception
    {
        String listing = "";
        for (int i = 0; i < 50 && !listing.contains("INSTALLED"); i++)
        {
            listing = charon.swanctl("--list-sas");
            Thread.sleep(100);
        }
        assertEquals(String.format("%08x", sa.outboundSpi()), listed(listing, "\\bin\\s+([0-9a-f]{8})"), listing);
        assertEquals(String.format("%08x", sa.inboundSpi()), listed(listing, "\\bout\\s+([0-9a-f]{8})"), listing);
        assertTrue(listing.contains("ESP:" + espAlgorithms), "charon uses " + listing);
        assertTrue(listing.contains(mode), listing);
        assertEquals(udpEncapsulated, listing.contains("-in-UDP"), listing);
    }

    /**
     * charon logs (chd level 4) each SA it adds ("adding inbound ESP SA", "SPI 0x...") and the
     * keys it derived ("encryption initiator key => ..."); ours must be among them, SPI by SPI.
     */
    static void assertSameKeysInLog(final Charon charon, final Portcullis us, final ChildSa sa) throws Exception
    {
        final String raw = charon.log();
        assertTrue(raw.contains("SPI 0x" + String.format("%08x", sa.inboundSpi())), "charon never added our SPI");
        assertTrue(raw.contains("SPI 0x" + String.format("%08x", sa.outboundSpi())), "charon never added its SPI");
        final String log = raw.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        assertEquals(2, us.dataplane.sas.size());
        for (final EspSaConfig installed : us.dataplane.sas)
        {
            assertTrue(log.contains(spaced(installed.cipherKey())), "charon's log lacks our cipher key of SPI " +
                Integer.toHexString(installed.spi()));
            assertTrue(log.contains(spaced(installed.integrityKey())), "charon's log lacks our integrity key of SPI " +
                Integer.toHexString(installed.spi()));
        }
    }

    /** strongSwan's %B hex dump prints 16 bytes per line as "XX XX ..."; compare the first line's worth. */
    static String spaced(final byte[] key)
    {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(key, 0, Math.min(16, key.length));
    }

    /** charon initiates a site-to-site tunnel (which its userspace ESP can install) to us. */
    private static void charonInitiatesTunnel(final String ike, final String esp, final ProposalPolicy policy,
        final String expectedEsp, final boolean nat) throws Exception
    {
        try (Charon charon = new Charon(nat))
        {
            charon.start(ike, esp, "tunnel", "192.168.10.0/24", "192.168.20.0/24");
            try (Portcullis us = new Portcullis(charon.rootAddress(), policy))
            {
                final String initiated = charon.swanctl("--initiate", "--ike", "pc", "--child", "l2tp", "--timeout", "30");
                final ChildSa sa = us.awaitChildSa(charon);
                assertTrue(initiated.contains("initiate completed successfully"), initiated);
                assertTrue(sa.transform().encapsulation().tunnel(), sa.toString());
                assertEquals(charon.seenAddress(), sa.peer().remoteAddress());
                // charon's userspace ESP always wants UDP encapsulation: it fakes a NAT (and floats) even without one.
                assertEquals(Endpoint.NAT_T_PORT, sa.peer().localPort(), "charon floated to 4500");
                assertSameInstalledSa(charon, sa, expectedEsp, "TUNNEL", true);
                assertSameKeysInLog(charon, us, sa);
            }
        }
    }

    @Test
    void charonInitiatesWithWindowsProposals() throws Exception
    {
        charonInitiatesTunnel(WINDOWS_IKE, WINDOWS_ESP, ProposalPolicy.defaults(), "AES_CBC-256/HMAC_SHA1_96", false);
    }

    @Test
    void charonInitiatesWithAppleProposals() throws Exception
    {
        charonInitiatesTunnel(APPLE_IKE, APPLE_ESP, ProposalPolicy.defaults(), "AES_CBC-256/HMAC_SHA1_96", false);
    }

    @Test
    void charonInitiatesWithAndroidProposals() throws Exception
    {
        charonInitiatesTunnel(ANDROID_IKE, ANDROID_ESP, ProposalPolicy.defaults(), "AES_CBC-256/HMAC_SHA2_256_128",
            false);
    }

    @Test
    void charonInitiatesThroughNat() throws Exception
    {
        charonInitiatesTunnel(WINDOWS_IKE, WINDOWS_ESP, ProposalPolicy.defaults(), "AES_CBC-256/HMAC_SHA1_96", true);
    }

    @Test
    void charonAuthenticatesWithRsaCertificates() throws Exception
    {
        final java.security.KeyPair caKeys = TestPki.rsa();
        final java.security.KeyPair charonKeys = TestPki.rsa();
        final java.security.KeyPair ourKeys = TestPki.rsa();
        final java.security.cert.X509Certificate ca = TestPki.certificate("CN=Interop CA", caKeys, "CN=Interop CA",
            caKeys.getPrivate(), true);
        final java.security.cert.X509Certificate charonCert = TestPki.certificate("CN=charon.example", charonKeys,
            "CN=Interop CA", caKeys.getPrivate(), false);
        final java.security.cert.X509Certificate ourCert = TestPki.certificate("CN=portcullis.example", ourKeys,
            "CN=Interop CA", caKeys.getPrivate(), false);
        try (Charon charon = new Charon(false))
        {
            charon.startWithCertificates("aes256-sha256-modp2048", "aes256-sha1", TestPki.pem("CERTIFICATE", ca.getEncoded()),
                TestPki.pem("CERTIFICATE", charonCert.getEncoded()), TestPki.pem("PRIVATE KEY", charonKeys.getPrivate().getEncoded()),
                "CN=charon.example", "CN=portcullis.example");
            final io.portcullis.controlplane.ike.cert.Credentials credentials = new io.portcullis.controlplane.ike.cert
                .Credentials(ourKeys.getPrivate(), ourCert, java.util.Set.of(new java.security.cert.TrustAnchor(ca, null)),
                List.of());
            try (Portcullis us = new Portcullis(charon.rootAddress(), ProposalPolicy.defaults(), credentials))
            {
                final String initiated = charon.swanctl("--initiate", "--ike", "pc", "--child", "l2tp", "--timeout", "30");
                final ChildSa sa = us.awaitChildSa(charon);
                assertTrue(initiated.contains("initiate completed successfully"), initiated);
                assertTrue(charon.log().contains("authentication of 'CN=portcullis.example' with RSA_EMSA_PKCS1_NULL successful") ||
                    charon.log().contains("authentication of 'CN=portcullis.example'"), tail(charon.log()));
                assertEquals("CN=charon.example", us.events.eventsOf(io.portcullis.controlplane.ike.IkeSaUp.class).get(0)
                    .peerId());
                assertSameInstalledSa(charon, sa, "AES_CBC-256/HMAC_SHA1_96", "TUNNEL", true);
            }
        }
    }

    @Test
    void portcullisInitiatesToCharon() throws Exception
    {
        try (Charon charon = new Charon(false))
        {
            charon.start(APPLE_IKE, APPLE_ESP);
            try (Portcullis us = new Portcullis(charon.rootAddress(), ProposalPolicy.defaults()))
            {
                us.service.initiate(new Endpoint(charon.rootAddress(), Endpoint.IKE_PORT, charon.seenAddress(),
                    Endpoint.IKE_PORT), QuickModeRequest.l2tpTransport());
                final ChildSa sa = us.awaitChildSa(charon);
                assertTrue(sa.isL2tpTransport());
                // charon cannot install transport mode here (see Charon#start), but it logs what it would install.
                for (int i = 0; i < 100 && !charon.log().contains("adding outbound ESP SA"); i++)
                {
                    Thread.sleep(100);
                }
                assertTrue(charon.log().contains("using AES_CBC for encryption"));
                assertTrue(charon.log().contains("using HMAC_SHA1_96 for integrity"));
                assertSameKeysInLog(charon, us, sa);
                final List<String> ours = new ArrayList<>();
                us.events.events().forEach(e -> ours.add(e.describe()));
                assertTrue(ours.get(0).contains("AES_CBC-256/SHA2_256/MODP_2048"), ours.toString());
            }
        }
    }
}
