package io.portcullis.dataplane.esp.oracle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.dataplane.api.L2tpSessionConfig;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.l2tp.L2tpPackets;
import io.portcullis.dataplane.l2tp.L2tpTestBed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Portcullis → tshark: l2tp-encap's packets, in every framing a session can send, go into one
 * pcap; tshark must dissect each as an L2TPv2 data message to the peer's tunnel and session,
 * with the right Length and Ns, a PPP frame of protocol IPv4 (or IPv6) and the inner packet
 * with its payload, both IPv4 and both UDP checksums good, and nothing malformed. It lives
 * here for the pcap writer and the tool runner this package already has.
 */
class L2tpToTsharkTest
{
    /** Inner UDP goes to this port, which tshark is told to show as data. */
    private static final int INNER_PORT = 33001;
    private static final String[] FIELDS = {"frame.number", "l2tp.type", "l2tp.version", "l2tp.tunnel",
        "l2tp.session", "l2tp.length", "l2tp.Ns", "ppp.address", "ppp.protocol", "ip.src", "ipv6.src",
        "ip.checksum.status", "udp.checksum.status", "data.data"};

    /** One packet l2tp-encap sent, what went in (and the part tshark shows as data), its frame number. */
    record Frame(String framing, int number, L2tpSessionConfig session, int ns, byte[] inner, byte[] payload,
        byte[] wire)
    {
        @Override
        public String toString()
        {
            return framing + " frame " + number;
        }
    }

    private static final List<Frame> FRAMES = new ArrayList<>();
    private static final Map<Integer, String> VERBOSE = new HashMap<>();
    private static final Map<Integer, Map<String, String>> FIELD_VALUES = new HashMap<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void dissectWithTshark() throws Exception
    {
        final String tshark = ExternalTools.requireTshark();
        final L2tpSessionConfig base = L2tpPackets.serverSession(0);
        encapsulate("L, FF 03 00 21, checksum", base, false);
        encapsulate("no L, Ns, ACFC, PFC, no checksum", base.withSequencing(true).withFraming(false, false, true, true),
            false);
        encapsulate("L, Ns, PFC, checksum", base.withSequencing(true).withFraming(true, true, false, true), false);
        encapsulate("IPv6, L, FF 03 00 57", base, true);
        encapsulate("IPv6, Ns, ACFC, PFC", base.withSequencing(true).withFraming(false, true, true, true), true);

        final Path pcap = dir.resolve("portcullis-l2tp.pcap");
        Pcap.write(pcap, FRAMES.stream().map(Frame::wire).toList());
        final List<String> command = new ArrayList<>(List.of(tshark, "-n", "-r", pcap.toString(),
            "-d", "udp.port==" + INNER_PORT + ",data",
            "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"));
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
            final Map<String, String> byName = new HashMap<>();
            for (int k = 0; k < FIELDS.length; k++)
            {
                byName.put(FIELDS[k], values[k]);
            }
            FIELD_VALUES.put(Integer.parseInt(values[0]), byName);
        }
        assertEquals(FRAMES.size(), FIELD_VALUES.size(), "frames tshark read");
    }

    /** Four packets through a fresh session's l2tp-encap, one vector each. */
    private static void encapsulate(final String framing, final L2tpSessionConfig session, final boolean ipv6)
    {
        try (L2tpTestBed bed = new L2tpTestBed())
        {
            final int handle = bed.add(session);
            int ns = 0;
            for (final int size : new int[] {0, 1, 100, 1300})
            {
                final byte[] payload = new byte[size];
                for (int k = 0; k < size; k++)
                {
                    payload[k] = (byte)(k * 7 + 3);
                }
                final byte[] inner = ipv6 ? L2tpPackets.ipv6(0x2001_0db8_ffff_0000L, 5, size) :
                    Packets.udp(L2tpPackets.LAN_HOST, L2tpPackets.CLIENT_PPP, 33000, INNER_PORT, payload);
                final L2tpTestBed.Result result = bed.encap(handle, inner);
                assertTrue(result.forwarded(), framing);
                final byte[] shown = ipv6 ? Arrays.copyOfRange(inner, 40, inner.length) : payload;
                FRAMES.add(new Frame(framing, FRAMES.size() + 1, session, ns++, inner, shown, result.packet()));
            }
        }
    }

    static List<Frame> frames()
    {
        return FRAMES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void tsharkSeesAnL2tpDataMessageCarryingTheInnerPacket(final Frame frame)
    {
        final String text = VERBOSE.getOrDefault(frame.number(), "");
        final Map<String, String> f = FIELD_VALUES.get(frame.number());
        final L2tpSessionConfig s = frame.session();
        final boolean ipv6 = (frame.inner()[0] & 0xF0) == 0x60;
        final String outerSource = L2tpPackets.SERVER;
        assertAll(frame.toString(),
            () -> assertFalse(text.contains("Malformed"), "malformed:\n" + text),
            () -> assertFalse(text.contains("[Severity level: Error]"), "expert error:\n" + text),
            () -> assertTrue(text.contains("Layer 2 Tunneling Protocol") && text.contains("Point-to-Point Protocol"),
                text),
            () -> assertEquals("0", f.get("l2tp.type"), "data message"),
            () -> assertEquals("2", f.get("l2tp.version"), "version"),
            () -> assertEquals(String.valueOf(s.peerTunnelId()), f.get("l2tp.tunnel"), "tunnel id"),
            () -> assertEquals(String.valueOf(s.peerSessionId()), f.get("l2tp.session"), "session id"),
            () -> assertEquals(s.lengthField() ? String.valueOf(frame.wire().length - 28) : "", f.get("l2tp.length"),
                "length"),
            () -> assertEquals(s.sequencing() ? String.valueOf(frame.ns()) : "", f.get("l2tp.Ns"), "Ns"),
            () -> assertEquals(s.addressControlCompression() ? "" : "0xff", f.get("ppp.address"), "PPP address"),
            () -> assertEquals(ipv6 ? "0x0057" : "0x0021", f.get("ppp.protocol"), "PPP protocol"),
            () -> assertEquals(ipv6 ? outerSource : outerSource + "," + L2tpPackets.LAN_HOST, f.get("ip.src"),
                "IPv4 sources, outer then inner"),
            () -> assertEquals(ipv6 ? "2001:db8:ffff::5" : "", f.get("ipv6.src"), "IPv6 source"),
            () -> assertEquals(ipv6 ? "1" : "1,1", f.get("ip.checksum.status"), "IPv4 checksums good"),
            () -> assertEquals((s.udpChecksum() ? "1" : "3") + (ipv6 ? "" : ",1"), f.get("udp.checksum.status"),
                "UDP checksums good (3: none sent)"),
            () -> assertEquals(Packets.hex(frame.payload()), f.get("data.data"), "inner payload"));
    }
}
