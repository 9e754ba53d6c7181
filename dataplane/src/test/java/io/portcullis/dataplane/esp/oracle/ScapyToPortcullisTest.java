package io.portcullis.dataplane.esp.oracle;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.esp.EspCounter;
import io.portcullis.dataplane.esp.EspTestBed;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.esp.Transforms;
import io.portcullis.dataplane.packet.Ipv4;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static io.portcullis.dataplane.esp.oracle.Flows.PEER;
import static io.portcullis.dataplane.esp.oracle.Flows.PEER_INNER;
import static io.portcullis.dataplane.esp.oracle.Flows.US;
import static io.portcullis.dataplane.esp.oracle.Flows.US_INNER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scapy → Portcullis: Scapy's {@code SecurityAssociation} encrypts known packets with the keys
 * of every transform, in both modes, in plain ESP and in UDP 4500, with and without ESN (across
 * the 2^32 boundary); esp4-decrypt must give back exactly the original packets.
 * Scripts: dataplane/src/test/python/scapy_esp_encrypt.py.
 */
class ScapyToPortcullisTest
{
    /** ESN: into the upper half of the first 2^32 block (RFC 4303 A2.2 case A), across it, on into the next. */
    private static final long[] ESN_SEQUENCES =
        {1, 0x8000_0000L, 0xFFFF_FFFEL, 0xFFFF_FFFFL, 0x1_0000_0000L, 0x1_0000_0001L, 0x1_0000_0002L};
    private static final int NAT_PUBLIC_PORT = 34567;

    /** Packets from the peer through one SA; {@code natOriginalAddresses} only behind a NAT. */
    record Flow(OracleSa sa, long[] sequences, List<byte[]> plain, boolean behindNat, boolean natOriginalAddresses)
    {
        @Override
        public String toString()
        {
            return sa.name();
        }
    }

    private static final List<Flow> FLOWS = new ArrayList<>();
    private static final List<Flow> NATTED_FLOWS = new ArrayList<>();
    private static final List<Flow> WRONG_KEY_FLOWS = new ArrayList<>();
    private static final Map<Flow, List<byte[]>> WIRE = new HashMap<>();

    @TempDir
    static Path dir;

    static
    {
        int spi = 0x2000;
        for (final Transforms t : Transforms.values())
        {
            for (final EspMode mode : EspMode.values())
            {
                for (final boolean natT : new boolean[] {false, true})
                {
                    FLOWS.add(flow(OracleSa.of(t, mode, false, natT, spi++), Flows.ALL_SIZES));
                    FLOWS.add(flow(OracleSa.of(t, mode, true, natT, spi++), ESN_SEQUENCES.length));
                }
            }
            WRONG_KEY_FLOWS.add(flow(OracleSa.of(t, EspMode.TRANSPORT, false, false, spi++).withWrongKey(), 3));
        }
        for (final boolean natOriginalAddresses : new boolean[] {false, true})
        {
            // The peer sends from its own address; a NAT rewrites the outer (= transport) header.
            final OracleSa natT = OracleSa.of(Transforms.AES_CBC_256_HMAC_SHA256_128, EspMode.TRANSPORT, false, true,
                spi);
            final OracleSa sa = natT.renamed(natT.name() + "/behind-nat" + (natOriginalAddresses ? "/nat-oa" : ""), spi++);
            final List<byte[]> plain = Flows.packets(EspMode.TRANSPORT, PEER_INNER, US, null, null, 8, spi);
            NATTED_FLOWS.add(new Flow(sa, sequences(false, plain.size()), plain, true, natOriginalAddresses));
        }
    }

    private static Flow flow(final OracleSa sa, final int count)
    {
        final List<byte[]> plain = Flows.packets(sa.mode(), PEER, US, PEER_INNER, US_INNER, count, sa.spi());
        return new Flow(sa, sequences(sa.esn(), count), plain, false, false);
    }

    private static long[] sequences(final boolean esn, final int count)
    {
        if (esn)
        {
            return ESN_SEQUENCES.clone();
        }
        final long[] sequences = new long[count];
        for (int i = 0; i < count; i++)
        {
            sequences[i] = i + 1;
        }
        return sequences;
    }

    @BeforeAll
    static void encryptWithScapy() throws IOException
    {
        ExternalTools.requireScapy(dir);
        final List<Flow> all = new ArrayList<>(FLOWS);
        all.addAll(NATTED_FLOWS);
        all.addAll(WRONG_KEY_FLOWS);
        final List<String> lines = new ArrayList<>();
        for (final Flow flow : all)
        {
            lines.add(flow.sa().line(PEER, US));
            for (int i = 0; i < flow.plain().size(); i++)
            {
                lines.add("packet " + flow.sa().name() + " " + flow.sequences()[i] + " " +
                    Packets.hex(flow.plain().get(i)));
            }
        }
        final Path in = dir.resolve("scapy-encrypt.in");
        final Path out = dir.resolve("scapy-encrypt.out");
        Files.write(in, lines);
        ExternalTools.python(dir, "scapy_esp_encrypt.py", in.toString(), out.toString());
        final List<String> wire = Files.readAllLines(out);
        int next = 0;
        for (final Flow flow : all)
        {
            final List<byte[]> packets = new ArrayList<>();
            for (int i = 0; i < flow.plain().size(); i++)
            {
                final byte[] packet = HexFormat.of().parseHex(wire.get(next++));
                packets.add(flow.behindNat() ? throughNat(packet) : packet);
            }
            WIRE.put(flow, packets);
        }
        assertEquals(next, wire.size(), "lines from scapy_esp_encrypt.py");
    }

    static List<Flow> flows()
    {
        return FLOWS;
    }

    static List<Flow> nattedFlows()
    {
        return NATTED_FLOWS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flows")
    void scapyPacketsDecryptToTheOriginal(final Flow flow)
    {
        final OracleSa sa = flow.sa();
        final List<byte[]> expected = new ArrayList<>();
        for (final byte[] packet : flow.plain())
        {
            // NAT-T transport without NAT-OA: the UDP checksum comes out zeroed (RFC 3948 §3.1.2, third method).
            expected.add(sa.natT() && sa.mode() == EspMode.TRANSPORT && packet[Ipv4.PROTOCOL] == Ipv4.PROTOCOL_UDP ?
                Packets.withoutUdpChecksum(packet) : packet);
        }
        assertDecrypts(flow, sa.config(true, US, PEER, sa.natPorts()), expected);
    }

    /**
     * RFC 3948 §3.1.2: a NAT rewrote the source address of a transport-mode packet, so the UDP
     * checksum (over the peer's own address) must be fixed: incrementally with the NAT-OA (the
     * result is the packet as if sent from the public address), or, without it, set to zero (the
     * section's third method for UDP: the ESP ICV already vouched for the datagram).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("nattedFlows")
    void transportBehindNatGetsChecksumsFixed(final Flow flow)
    {
        final EspSaConfig.NatT udp = new EspSaConfig.NatT(OracleSa.NATT_PORT, NAT_PUBLIC_PORT,
            flow.natOriginalAddresses() ? Packets.address(PEER_INNER) : 0,
            flow.natOriginalAddresses() ? Packets.address(US) : 0);
        final List<byte[]> expected = new ArrayList<>();
        for (final byte[] packet : flow.plain())
        {
            final byte[] udpPacket = Packets.udp(PEER, US, Flows.L2TP_PORT, Flows.L2TP_PORT, Flows.applicationData(packet));
            expected.add(flow.natOriginalAddresses() ? udpPacket : Packets.withoutUdpChecksum(udpPacket));
        }
        assertDecrypts(flow, flow.sa().config(true, US, PEER, udp), expected);
    }

    @ParameterizedTest
    @EnumSource(Transforms.class)
    void scapyPacketsUnderAnotherKeyFailIntegrity(final Transforms transform)
    {
        final Flow flow = WRONG_KEY_FLOWS.get(transform.ordinal());
        try (EspTestBed bed = new EspTestBed())
        {
            bed.addInbound(flow.sa().config(true, US, PEER, null));
            final List<EspTestBed.Result> results = bed.decrypt(WIRE.get(flow));
            for (final EspTestBed.Result result : results)
            {
                assertFalse(result.forwarded(), Flows.counters(bed));
            }
            assertEquals(results.size(), bed.count(EspCounter.INTEGRITY_FAILED), Flows.counters(bed));
            assertEquals(0, bed.count(EspCounter.DECRYPTED), Flows.counters(bed));
        }
    }

    private static void assertDecrypts(final Flow flow, final EspSaConfig config, final List<byte[]> expected)
    {
        try (EspTestBed bed = new EspTestBed())
        {
            bed.addInbound(config);
            final List<byte[]> wire = WIRE.get(flow);
            for (final byte[] packet : wire)
            {
                assertEquals(flow.sa().natT() ? Ipv4.PROTOCOL_UDP : Ipv4.PROTOCOL_ESP, packet[Ipv4.PROTOCOL],
                    "scapy's packet is not what the test asked for");
            }
            final List<EspTestBed.Result> results = new ArrayList<>();
            if (flow.sa().esn())
            {
                // The window moves between vectors: a vector's packets are all checked against the
                // window as it was before it, so jumps of 2^31 (ESN_SEQUENCES) go one vector each.
                wire.forEach(packet -> results.add(bed.decrypt(packet)));
            }
            else
            {
                results.addAll(bed.decrypt(wire));
            }
            for (int i = 0; i < results.size(); i++)
            {
                final String which = flow + " packet " + i + " (sequence number " + flow.sequences()[i] + ")";
                assertTrue(results.get(i).forwarded(), which + " dropped; " + Flows.counters(bed));
                assertEquals(Packets.hex(expected.get(i)), Packets.hex(results.get(i).packet()), which);
            }
            assertEquals(wire.size(), bed.count(EspCounter.DECRYPTED), Flows.counters(bed));
        }
    }

    /** What a NAT in front of the peer does: new source address and port, IPv4 checksum updated. */
    private static byte[] throughNat(final byte[] packet)
    {
        final byte[] natted = packet.clone();
        final UnsafeBuffer buf = new UnsafeBuffer(natted);
        final int ihl = (natted[0] & 0x0F) * 4;
        buf.putInt(Ipv4.SOURCE, Packets.address(PEER), ByteOrder.BIG_ENDIAN);
        buf.putShort(ihl, (short)NAT_PUBLIC_PORT, ByteOrder.BIG_ENDIAN);
        Ipv4.updateChecksum(buf, 0, ihl);
        return natted;
    }
}
