package io.portcullis.dataplane.worker;

import java.util.ArrayList;
import java.util.List;

import io.portcullis.dataplane.esp.Packets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.portcullis.dataplane.worker.ClientPeer.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The punt ring's control-plane end: a well-formed datagram reaches the listener as its UDP
 * payload (IKE on 4500 without its non-ESP marker); every malformed one is counted and dropped,
 * one test per rule.
 */
class ControlPacketDispatcherTest
{
    private final List<String> delivered = new ArrayList<>();
    private final ControlPacketDispatcher dispatcher = new ControlPacketDispatcher(
        (localAddress, localPort, remoteAddress, remotePort, payload, inboundSpi, arrivalNs) ->
        {
            final byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            delivered.add(localPort + "<-" + remotePort + " spi=" + inboundSpi + " " + Packets.hex(bytes));
        });

    @Test
    void deliversTheUdpPayloadWithItsEndpointsAndSpi()
    {
        punt(Packets.udp("198.51.100.7", "192.0.2.1", 1701, 1701, Packets.hex("c802")), 1701, 0x2000);
        assertEquals(List.of("1701<-1701 spi=8192 c802"), delivered);
    }

    @Test
    void stripsTheNonEspMarkerFromIkeOnPort4500()
    {
        punt(Packets.udp("198.51.100.7", "192.0.2.1", 4500, 4500, Packets.hex("00000000aabb")), 4500, 0);
        assertEquals(List.of("4500<-4500 spi=0 aabb"), delivered);
    }

    @Test
    void dropsWhatIsNotIpv4Udp()
    {
        final byte[] tcp = Packets.udp("198.51.100.7", "192.0.2.1", 1701, 1701, new byte[4]);
        tcp[9] = 6;
        punt(tcp, 1701, 0);
        assertDropped();
    }

    @Test
    void dropsWhenTheIpv4TotalLengthRunsPastThePacket()
    {
        final byte[] packet = Packets.udp("198.51.100.7", "192.0.2.1", 1701, 1701, new byte[4]);
        packet[3] += 10;   // RFC 791: total length beyond what arrived
        punt(packet, 1701, 0);
        assertDropped();
    }

    @Test
    void dropsWhenTheUdpLengthRunsPastTheIpv4Payload()
    {
        final byte[] packet = Packets.udp("198.51.100.7", "192.0.2.1", 1701, 1701, new byte[4]);
        packet[25] += 10;  // RFC 768: the datagram longer than the IPv4 payload
        punt(packet, 1701, 0);
        assertDropped();
    }

    @Test
    void dropsWhenTheUdpLengthIsShorterThanItsHeader()
    {
        final byte[] packet = Packets.udp("198.51.100.7", "192.0.2.1", 1701, 1701, new byte[4]);
        packet[24] = 0;
        packet[25] = 7;    // RFC 768: the length counts the 8-byte header
        punt(packet, 1701, 0);
        assertDropped();
    }

    @Test
    void dropsCleartextTrafficOn4500WithoutTheNonEspMarker()
    {
        punt(Packets.udp("198.51.100.7", "192.0.2.1", 4500, 4500, Packets.hex("12345678aabb")), 4500, 0);
        assertDropped();   // RFC 3948 §2.2: only IKE, behind four zero bytes, is punted from 4500
    }

    private void assertDropped()
    {
        assertEquals(List.of(), delivered);
        assertEquals(1, dispatcher.malformed());
    }

    private void punt(final byte[] packet, final int destinationPort, final int spi)
    {
        dispatcher.onPunt(new UnsafeBuffer(packet), 0, packet.length, Worker.PORT_WAN, PuntDescriptor.REASON_IKE, 1,
            ip("198.51.100.7"), destinationPort, ip("192.0.2.1"), destinationPort, spi);
    }
}
