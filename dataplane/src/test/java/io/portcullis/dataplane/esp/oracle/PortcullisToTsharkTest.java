package io.portcullis.dataplane.esp.oracle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.esp.EspCounter;
import io.portcullis.dataplane.esp.EspTestBed;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.esp.Transforms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static io.portcullis.dataplane.esp.oracle.Flows.PEER;
import static io.portcullis.dataplane.esp.oracle.Flows.PEER_INNER;
import static io.portcullis.dataplane.esp.oracle.Flows.US;
import static io.portcullis.dataplane.esp.oracle.Flows.US_INNER;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Portcullis → tshark: esp4-encrypt's packets for every transform, in both modes, in plain ESP
 * and in UDP 4500, go into one pcap; tshark, given the SAs, must check every ICV as correct,
 * find nothing malformed, and show the original payload, padding and inner data. tshark 4.0's
 * SA table has no ESN, so ESN is not covered here. Canaries (a flipped bit) must show up as
 * an incorrect ICV.
 */
class PortcullisToTsharkTest
{
    /** tshark's names (its esp_sa UAT), or null for no integrity algorithm. */
    private static final Map<Transforms, String[]> TSHARK_NAMES = Map.of(
        Transforms.AES_GCM_128, new String[] {"AES-GCM with 16 octet ICV [RFC4106]", null},
        Transforms.AES_GCM_256, new String[] {"AES-GCM with 16 octet ICV [RFC4106]", null},
        Transforms.AES_CBC_128_HMAC_SHA1_96, new String[] {"AES-CBC [RFC3602]", "HMAC-SHA-1-96 [RFC2404]"},
        Transforms.AES_CBC_256_HMAC_SHA1_96, new String[] {"AES-CBC [RFC3602]", "HMAC-SHA-1-96 [RFC2404]"},
        Transforms.AES_CBC_128_HMAC_SHA256_128, new String[] {"AES-CBC [RFC3602]", "HMAC-SHA-256-128 [RFC4868]"},
        Transforms.AES_CBC_256_HMAC_SHA256_128, new String[] {"AES-CBC [RFC3602]", "HMAC-SHA-256-128 [RFC4868]"},
        Transforms.AES_CBC_128_HMAC_SHA256_96,
        new String[] {"AES-CBC [RFC3602]", "HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]"},
        Transforms.DES3_CBC_HMAC_SHA1_96, new String[] {"TripleDES-CBC [RFC2451]", "HMAC-SHA-1-96 [RFC2404]"});

    private static final String[] FIELDS =
        {"frame.number", "esp.spi", "esp.sequence", "esp.icv_good", "esp.pad", "esp.contained_data", "data.data"};

    /** Packets Portcullis encrypted through one SA, and their frame numbers in the capture. */
    record Flow(OracleSa sa, List<byte[]> plain, List<byte[]> wire, int firstFrame, String counters)
    {
        @Override
        public String toString()
        {
            return sa.name();
        }
    }

    /** A frame whose ICV tshark must find incorrect. */
    enum Canary
    {
        TAMPERED_HMAC_ICV(Transforms.AES_CBC_128_HMAC_SHA256_96),
        TAMPERED_GCM_CIPHERTEXT(Transforms.AES_GCM_128);

        final Transforms transform;

        Canary(final Transforms transform)
        {
            this.transform = transform;
        }
    }

    private static final List<Flow> FLOWS = new ArrayList<>();
    private static final Map<Canary, Flow> CANARIES = new HashMap<>();
    /** By frame number: tshark -V text, and the {@link #FIELDS} of tshark -T fields. */
    private static final Map<Integer, String> VERBOSE = new HashMap<>();
    private static final Map<Integer, String[]> FIELD_VALUES = new HashMap<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void dissectWithTshark() throws Exception
    {
        final String tshark = ExternalTools.requireTshark();
        final List<byte[]> capture = new ArrayList<>();
        int spi = 0x4000;
        for (final Transforms t : Transforms.values())
        {
            for (final EspMode mode : EspMode.values())
            {
                for (final boolean natT : new boolean[] {false, true})
                {
                    FLOWS.add(encrypt(OracleSa.of(t, mode, false, natT, spi++), Flows.ALL_SIZES, capture));
                }
            }
        }
        for (final Canary canary : Canary.values())
        {
            final OracleSa sa = OracleSa.of(canary.transform, EspMode.TRANSPORT, false, false, spi++)
                .renamed(canary.name(), spi - 1);
            final Flow flow = encrypt(sa, 2, capture);
            final byte[] last = flow.wire().getLast();
            last[canary == Canary.TAMPERED_HMAC_ICV ? last.length - 1 : 20 + 8 + 8 + 1] ^= 0x10;
            CANARIES.put(canary, flow);
        }
        final Path pcap = dir.resolve("portcullis-esp.pcap");
        Pcap.write(pcap, capture);

        final List<String> command = new ArrayList<>(List.of(tshark, "-n", "-r", pcap.toString(),
            "-d", "udp.port==" + Flows.L2TP_PORT + ",data",  // show the payload as data, not as L2TP
            "-o", "esp.enable_encryption_decode:TRUE", "-o", "esp.enable_authentication_check:TRUE"));
        final List<Flow> all = new ArrayList<>(FLOWS);
        all.addAll(CANARIES.values());
        for (final Flow flow : all)
        {
            command.addAll(List.of("-o", "uat:esp_sa:" + uatEntry(flow.sa())));
        }
        final List<String> verbose = new ArrayList<>(command);
        verbose.add("-V");
        VERBOSE.putAll(ExternalTools.framesOf(ExternalTools.output(verbose, dir, "tshark-verbose")));
        final List<String> fields = new ArrayList<>(command);
        fields.addAll(List.of("-T", "fields", "-E", "separator=/t"));
        for (final String field : FIELDS)
        {
            fields.addAll(List.of("-e", field));
        }
        for (final String line : ExternalTools.output(fields, dir, "tshark-fields").split("\n"))
        {
            final String[] values = line.split("\t", -1);
            FIELD_VALUES.put(Integer.parseInt(values[0]), values);
        }
        assertEquals(capture.size(), FIELD_VALUES.size(), "frames tshark read");
    }

    static List<Flow> flows()
    {
        return FLOWS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flows")
    void tsharkDecryptsPortcullisPackets(final Flow flow)
    {
        assertEquals(flow.plain().size(), flow.wire().size(), "esp4-encrypt dropped packets; " + flow.counters());
        for (int i = 0; i < flow.wire().size(); i++)
        {
            final int packet = i;
            final int frame = flow.firstFrame() + i;
            final String which = flow + " packet " + i + " (frame " + frame + ")";
            final String text = VERBOSE.getOrDefault(frame, "");
            final String[] values = FIELD_VALUES.get(frame);
            final byte[] plain = flow.plain().get(i);
            assertAll(which,
                () -> assertFalse(text.contains("Malformed"), "malformed:\n" + text),
                () -> assertFalse(text.contains("[incorrect"), "incorrect ICV:\n" + text),
                () -> assertFalse(text.contains("[Severity level: Error]"), "expert error:\n" + text),
                () -> assertTrue(text.contains("[correct]"), "ICV not checked:\n" + text),
                () -> assertEquals(String.format("0x%08x", flow.sa().spi()), values[1], "SPI"),
                () -> assertEquals(String.valueOf(packet + 1), values[2], "sequence number"),
                () -> assertEquals("1", values[3], "ICV good"),
                () -> assertEquals(padding(flow.sa(), plain), values[4], "padding"),
                () -> assertEquals(Packets.hex(Flows.espPayload(flow.sa().mode(), plain)), values[5], "ESP payload"),
                () -> assertEquals(Packets.hex(Flows.applicationData(plain)), values[6], "inner data"));
        }
    }

    @ParameterizedTest
    @EnumSource(Canary.class)
    void tsharkFindsTamperedIcvIncorrect(final Canary canary)
    {
        final Flow flow = CANARIES.get(canary);
        final String good = VERBOSE.get(flow.firstFrame());
        final String tampered = VERBOSE.get(flow.firstFrame() + 1);
        assertTrue(good.contains("[correct]") && !good.contains("[incorrect"), good);
        assertTrue(tampered.contains("[incorrect, should be"), tampered);
        assertEquals("0", FIELD_VALUES.get(flow.firstFrame() + 1)[3], "ICV good");
    }

    private static Flow encrypt(final OracleSa sa, final int count, final List<byte[]> capture)
    {
        try (EspTestBed bed = new EspTestBed())
        {
            final int handle = bed.addOutbound(sa.config(false, US, PEER, sa.natPorts()));
            final List<byte[]> plain = Flows.packets(sa.mode(), US, PEER, US_INNER, PEER_INNER, count, sa.spi());
            final List<byte[]> wire = new ArrayList<>();
            for (final EspTestBed.Result result : bed.encrypt(handle, plain))
            {
                if (result.forwarded())
                {
                    wire.add(result.packet());
                }
            }
            assertEquals(wire.size(), bed.count(EspCounter.ENCRYPTED), Flows.counters(bed));
            final Flow flow = new Flow(sa, plain, wire, capture.size() + 1, Flows.counters(bed));
            capture.addAll(wire);
            return flow;
        }
    }

    /** {@code "IPv4","*","*","0x<spi>","<cipher>","0x<key>","<integrity>","0x<key>"}: tshark 4.0's columns. */
    private static String uatEntry(final OracleSa sa)
    {
        final String[] names = TSHARK_NAMES.get(sa.transform());
        final HexFormat hex = HexFormat.of();
        return String.format("\"IPv4\",\"*\",\"*\",\"0x%08x\",\"%s\",\"0x%s\",\"%s\",\"%s\"", sa.spi(), names[0],
            hex.formatHex(sa.cipherKey()), names[1] == null ? "NULL" : names[1],
            names[1] == null ? "" : "0x" + hex.formatHex(sa.integrityKey()));
    }

    /** RFC 4303 §2.4 padding 1, 2, 3, ... up to the cipher's block (at least 4 bytes), in hex. */
    private static String padding(final OracleSa sa, final byte[] plain)
    {
        final int payload = Flows.espPayload(sa.mode(), plain).length;
        final int block = sa.transform().cipher.blockSize();
        final int padLength = (payload + 2 + block - 1) / block * block - payload - 2;
        final byte[] pad = new byte[padLength];
        for (int k = 0; k < padLength; k++)
        {
            pad[k] = (byte)(k + 1);
        }
        return Packets.hex(pad);
    }
}
