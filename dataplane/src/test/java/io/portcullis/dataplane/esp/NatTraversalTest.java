package io.portcullis.dataplane.esp;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 3948: UDP encapsulation, the non-ESP marker, keepalives and the transport checksum fix-up. */
class NatTraversalTest
{
    private static final String CLIENT_PRIVATE = "10.0.0.2";     // the client's own address (NAT-OAi)
    private static final String CLIENT_PUBLIC = "203.0.113.9";   // what its NAT rewrote it to
    private static final String SERVER = "192.0.2.1";

    @Test
    void encapsulatesInUdp4500WithZeroChecksum()
    {
        try (EspTestBed bed = new EspTestBed())
        {
            final Transforms t = Transforms.AES_GCM_128;
            final int out = bed.addOutbound(t.sa(0x777, false, EspMode.TRANSPORT, false, SERVER, CLIENT_PUBLIC,
                new EspSaConfig.NatT(4500, 31337, 0, 0)));
            final byte[] wire = bed.encrypt(out, Packets.udp(SERVER, CLIENT_PUBLIC, 1701, 1701, new byte[40]));
            final ByteBuffer b = ByteBuffer.wrap(wire);
            assertEquals(Ipv4.PROTOCOL_UDP, wire[9]);
            assertEquals(4500, b.getShort(20) & 0xFFFF);
            assertEquals(31337, b.getShort(22) & 0xFFFF);
            assertEquals(wire.length - 20, b.getShort(24) & 0xFFFF);
            assertEquals(0, b.getShort(26));
            assertEquals(0x777, b.getInt(28));
            assertEquals(wire.length, b.getShort(2) & 0xFFFF);
            assertTrue(Packets.ipChecksumValid(wire));
        }
    }

    @Test
    void keepaliveIsConsumedAndIkeIsPunted()
    {
        try (EspTestBed bed = new EspTestBed())
        {
            final byte[] keepalive = new byte[29];
            final int length = NatTraversal.writeKeepalive(new UnsafeBuffer(keepalive), 0,
                Packets.address(CLIENT_PUBLIC), Packets.address(SERVER), 4500, 4500);
            assertEquals(29, length);
            assertTrue(Packets.ipChecksumValid(keepalive));
            assertEquals(PacketVector.NEXT_CONSUMED, bed.decrypt(keepalive).next());
            assertEquals(1, bed.count(EspCounter.NATT_KEEPALIVE));

            final byte[] ikeBody = new byte[4 + 28];  // non-ESP marker then an IKE header
            ikeBody[4] = 0x11;
            final byte[] ike = Packets.udp(CLIENT_PUBLIC, SERVER, 4500, 4500, ikeBody);
            assertEquals(PacketVector.NEXT_PUNT, bed.decrypt(ike).next());
            assertEquals(1, bed.count(EspCounter.PUNT_IKE));

            final byte[] stub = Packets.udp(CLIENT_PUBLIC, SERVER, 4500, 4500, new byte[] {1, 2, 3, 4, 5});
            assertEquals(PacketVector.NEXT_DROP, bed.decrypt(stub).next());
            assertEquals(1, bed.count(EspCounter.TRUNCATED));
        }
    }

    /**
     * A client behind a NAT computes its UDP checksum over its private address; the NAT rewrites
     * only the outer header. After decapsulation the checksum must hold for the public address
     * (NAT-OA known: RFC 3948 §3.1.2's incremental update), or be zero (unknown: its third method).
     */
    @ParameterizedTest(name = "NAT-OA known: {0}")
    @ValueSource(booleans = {true, false})
    void transportChecksumIsFixedAfterNat(final boolean originalAddressesKnown)
    {
        try (EspTestBed bed = new EspTestBed())
        {
            final Transforms t = Transforms.AES_CBC_256_HMAC_SHA1_96;
            final int clientOut = bed.addOutbound(t.sa(0x900, false, EspMode.TRANSPORT, false, CLIENT_PRIVATE, SERVER,
                new EspSaConfig.NatT(4500, 4500, 0, 0)));
            final EspSaConfig.NatT serverView = originalAddressesKnown ?
                new EspSaConfig.NatT(4500, 4500, Packets.address(CLIENT_PRIVATE), Packets.address(SERVER)) :
                new EspSaConfig.NatT(4500, 4500, 0, 0);
            bed.addInbound(t.sa(0x900, true, EspMode.TRANSPORT, false, CLIENT_PUBLIC, SERVER, serverView));

            final byte[] payload = "L2TP control or data".getBytes();
            final byte[] sent = bed.encrypt(clientOut, Packets.udp(CLIENT_PRIVATE, SERVER, 1701, 1701, payload));
            // The NAT: new source address, header checksum updated, nothing inside touched.
            ByteBuffer.wrap(sent).putInt(Ipv4.SOURCE, Packets.address(CLIENT_PUBLIC));
            Ipv4.updateChecksum(new UnsafeBuffer(sent), 0, 20);

            final EspTestBed.Result result = bed.decrypt(sent);

            assertTrue(result.forwarded());
            final byte[] expected = Packets.udp(CLIENT_PUBLIC, SERVER, 1701, 1701, payload);
            final UnsafeBuffer buf = new UnsafeBuffer(result.packet());
            if (originalAddressesKnown)
            {
                assertArrayEquals(Arrays.copyOfRange(expected, 20, expected.length),
                    Arrays.copyOfRange(result.packet(), 20, result.packet().length), "UDP header and payload");
                assertEquals(0, NatTraversal.transportChecksum(buf, 20, result.packet().length - 20,
                    Ipv4.PROTOCOL_UDP, Packets.address(CLIENT_PUBLIC), Packets.address(SERVER)), "checksum verifies");
            }
            else
            {
                assertEquals(0, buf.getShort(20 + 6), "UDP checksum zeroed");
                assertArrayEquals(Arrays.copyOfRange(expected, 20, 26), Arrays.copyOfRange(result.packet(), 20, 26),
                    "ports and length");
                assertArrayEquals(Arrays.copyOfRange(expected, 28, expected.length),
                    Arrays.copyOfRange(result.packet(), 28, result.packet().length), "payload");
            }
        }
    }

    @Test
    void udpLengthMustCoverTheEspPacket()
    {
        try (EspTestBed bed = new EspTestBed())
        {
            final Transforms t = Transforms.AES_GCM_128;
            final EspSaConfig.NatT udp = new EspSaConfig.NatT(4500, 4500, 0, 0);
            final int out = bed.addOutbound(t.sa(0x902, false, EspMode.TRANSPORT, false, SERVER, CLIENT_PUBLIC, udp));
            bed.addInbound(t.sa(0x902, true, EspMode.TRANSPORT, false, SERVER, CLIENT_PUBLIC, udp));
            final byte[] wire = bed.encrypt(out, Packets.udp(SERVER, CLIENT_PUBLIC, 1701, 1701, new byte[30]));
            for (final int udpLength : new int[] {8, 7, wire.length - 20 + 1})
            {
                final byte[] bad = wire.clone();
                ByteBuffer.wrap(bad).putShort(24, (short)udpLength);
                assertEquals(PacketVector.NEXT_DROP, bed.decrypt(bad).next(), "UDP length " + udpLength);
            }
            assertEquals(2, bed.count(EspCounter.BAD_UDP_LENGTH));
            assertEquals(1, bed.count(EspCounter.TRUNCATED), "UDP length 8: an empty datagram");
            assertTrue(bed.decrypt(wire).forwarded());
        }
    }

    @Test
    void udpWithoutChecksumStaysWithout()
    {
        try (EspTestBed bed = new EspTestBed())
        {
            final Transforms t = Transforms.AES_GCM_256;
            final int clientOut = bed.addOutbound(t.sa(0x901, false, EspMode.TRANSPORT, false, CLIENT_PRIVATE, SERVER,
                new EspSaConfig.NatT(4500, 4500, 0, 0)));
            bed.addInbound(t.sa(0x901, true, EspMode.TRANSPORT, false, CLIENT_PUBLIC, SERVER,
                new EspSaConfig.NatT(4500, 4500, Packets.address(CLIENT_PRIVATE), Packets.address(SERVER))));
            final byte[] plain = Packets.udp(CLIENT_PRIVATE, SERVER, 1701, 1701, new byte[8]);
            plain[26] = 0;
            plain[27] = 0;
            final byte[] sent = bed.encrypt(clientOut, plain);
            ByteBuffer.wrap(sent).putInt(Ipv4.SOURCE, Packets.address(CLIENT_PUBLIC));
            Ipv4.updateChecksum(new UnsafeBuffer(sent), 0, 20);
            final byte[] received = bed.decrypt(sent).packet();
            assertEquals(0, ByteBuffer.wrap(received).getShort(26));
        }
    }
}
