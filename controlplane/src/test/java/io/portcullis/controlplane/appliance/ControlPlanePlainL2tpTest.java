package io.portcullis.controlplane.appliance;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.portcullis.controlplane.ike.ChildSa;
import io.portcullis.controlplane.ike.Endpoint;
import io.portcullis.controlplane.ike.proposal.EspTransform;
import io.portcullis.dataplane.api.ControlPacketListener;
import io.portcullis.dataplane.api.DataplaneCommands;
import io.portcullis.dataplane.api.EspCipher;
import io.portcullis.dataplane.api.EspIntegrity;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.L2tpSessionConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The control plane's side of plain L2TP: an SCCRQ that arrived in clear (SPI 0) is dropped and
 * counted unless {@code ipsec-settings mode optional}; then the LNS answers it in clear
 * ({@link DataplaneCommands#NO_SA}), and without a pre-shared secret IKE is not served.
 */
class ControlPlanePlainL2tpTest
{
    private static final int WAN = 0xC000_0201;     // 192.0.2.1
    private static final int CLIENT = 0xC000_020B;  // 192.0.2.11
    private static final String CONFIG = RemoteAccessConfigTest.PORTS + """
        set vpn l2tp remote-access gateway-address 10.0.3.1
        set vpn l2tp remote-access client-ip-pool start 10.0.3.10
        set vpn l2tp remote-access client-ip-pool stop 10.0.3.50
        set vpn l2tp remote-access authentication local-users username alice password "correct horse"
        """;
    private static final String PSK = "set vpn l2tp remote-access ipsec-settings authentication pre-shared-secret k\n";

    /** What the control plane asked the dataplane to send. */
    private record Sent(int remoteAddress, int remotePort, int espSaHandle, byte[] payload)
    {
    }

    private final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
    private final List<Integer> localAddresses = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void cleartextL2tpIsDroppedWhenIpsecIsRequired() throws Exception
    {
        try (ControlPlane controlPlane = new ControlPlane(RemoteAccessConfigTest.read(CONFIG + PSK), event -> { }))
        {
            final ControlPacketListener listener = controlPlane.start(recording());
            assertEquals(List.of(0x0A000301), localAddresses, "the gateway address 10.0.3.1 answers pings");
            listener.onDatagram(WAN, 1701, CLIENT, 1701, ByteBuffer.wrap(sccrq()), 0, 0);
            assertNull(sent.poll(500, TimeUnit.MILLISECONDS), "nothing answers L2TP in clear");
            assertEquals(1, controlPlane.droppedDatagrams());
        }
    }

    @Test
    void plainL2tpAloneAnswersInClearAndServesNoIke() throws Exception
    {
        try (ControlPlane controlPlane = new ControlPlane(
            RemoteAccessConfigTest.read(CONFIG + "set vpn l2tp remote-access ipsec-settings mode optional\n"), event -> { }))
        {
            final ControlPacketListener listener = controlPlane.start(recording());
            listener.onDatagram(WAN, 1701, CLIENT, 1701, ByteBuffer.wrap(sccrq()), 0, 0);
            final Sent sccrp = sent.poll(5, TimeUnit.SECONDS);
            assertNotNull(sccrp, "no SCCRP");
            assertEquals(CLIENT, sccrp.remoteAddress());
            assertEquals(1701, sccrp.remotePort());
            assertEquals(DataplaneCommands.NO_SA, sccrp.espSaHandle(), "a plain tunnel answers in clear");
            // RFC 2661 §3.1: a control message (T, L, S, version 2) to the tunnel id the SCCRQ assigned;
            // §4.4.1: its first AVP is Message Type 2, SCCRP.
            final ByteBuffer b = ByteBuffer.wrap(sccrp.payload());
            assertEquals(0xC802, b.getShort(0) & 0xFFFF);
            assertEquals(0x1234, b.getShort(4) & 0xFFFF);
            assertEquals(2, b.getShort(12 + 6) & 0xFFFF);
            for (Sent more = sent.poll(300, TimeUnit.MILLISECONDS); more != null;
                more = sent.poll(300, TimeUnit.MILLISECONDS))
            {
                assertEquals(DataplaneCommands.NO_SA, more.espSaHandle(), "everything of the tunnel in clear");
            }

            listener.onDatagram(WAN, 500, CLIENT, 500, ByteBuffer.wrap(new byte[28]), 0, 0);
            assertEquals(1, controlPlane.droppedDatagrams(), "IKE without a pre-shared secret");
        }
    }

    /**
     * ipsec-settings mode optional beside IKE: a peer whose tunnel came through a Quick Mode SA
     * is answered through that SA, and the same peer's L2TP in clear is dropped and counted.
     */
    @Test
    void aPeerInsideIpsecCannotStepOutOfIt() throws Exception
    {
        try (ControlPlane controlPlane = new ControlPlane(RemoteAccessConfigTest.read(
            CONFIG + PSK + "set vpn l2tp remote-access ipsec-settings mode optional\n"), event -> { }))
        {
            final ControlPacketListener listener = controlPlane.start(recording());
            final int inboundSpi = 0x2000;
            final int outboundHandle = 5;
            controlPlane.onChildSaUp(new ChildSa(new Endpoint(WAN, 500, CLIENT, 500), inboundSpi, 0x3000,
                outboundHandle, new EspTransform(EspCipher.AES_CBC, 128, EspIntegrity.HMAC_SHA1_96, null,
                    EspTransform.Encapsulation.TRANSPORT, 3600), 17, 1701, 1701, null, false));
            listener.onDatagram(WAN, 1701, CLIENT, 1701, ByteBuffer.wrap(sccrq()), inboundSpi, 0);
            final Sent sccrp = sent.poll(5, TimeUnit.SECONDS);
            assertNotNull(sccrp, "no SCCRP");
            assertEquals(outboundHandle, sccrp.espSaHandle(), "answered through the peer's SA (RFC 3193 §4)");

            listener.onDatagram(WAN, 1701, CLIENT, 1701, ByteBuffer.wrap(sccrq()), 0, 0);
            assertEquals(1, controlPlane.droppedDatagrams(), "L2TP in clear from a peer inside IPsec");
            for (Sent more = sent.poll(300, TimeUnit.MILLISECONDS); more != null;
                more = sent.poll(300, TimeUnit.MILLISECONDS))
            {
                assertEquals(outboundHandle, more.espSaHandle(), "nothing of the peer's tunnel in clear");
            }
        }
    }

    /**
     * An SCCRQ written field by field from RFC 2661 §3.1 and §4.4: header T|L|S, version 2, tunnel
     * and session 0, Ns 0, Nr 0; AVPs Message Type 1, Protocol Version 1.0, Framing
     * Capabilities, Host Name "lac", Assigned Tunnel ID 0x1234, each with the M bit.
     */
    private static byte[] sccrq()
    {
        final ByteBuffer b = ByteBuffer.allocate(12 + 8 + 8 + 10 + 9 + 8);
        b.putShort((short)0xC802).putShort((short)b.capacity()).putShort((short)0).putShort((short)0)
            .putShort((short)0).putShort((short)0);
        b.putShort((short)(0x8000 | 8)).putShort((short)0).putShort((short)0).putShort((short)1);
        b.putShort((short)(0x8000 | 8)).putShort((short)0).putShort((short)2).put((byte)1).put((byte)0);
        b.putShort((short)(0x8000 | 10)).putShort((short)0).putShort((short)3).putInt(3);
        b.putShort((short)(0x8000 | 9)).putShort((short)0).putShort((short)7).put("lac".getBytes(StandardCharsets.US_ASCII));
        b.putShort((short)(0x8000 | 8)).putShort((short)0).putShort((short)9).putShort((short)0x1234);
        return b.array();
    }

    private DataplaneCommands recording()
    {
        return new DataplaneCommands()
        {
            @Override
            public void addSa(final int handle, final EspSaConfig sa)
            {
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
            public void addLocalAddress(final int address)
            {
                localAddresses.add(address);
            }

            @Override
            public void sendUdp(final int localAddress, final int localPort, final int remoteAddress,
                final int remotePort, final ByteBuffer payload, final int espSaHandle)
            {
                final byte[] copy = new byte[payload.remaining()];
                payload.get(payload.position(), copy);
                sent.add(new Sent(remoteAddress, remotePort, espSaHandle, copy));
            }
        };
    }
}
