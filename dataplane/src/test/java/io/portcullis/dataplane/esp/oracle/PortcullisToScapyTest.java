package io.portcullis.dataplane.esp.oracle;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.portcullis.dataplane.api.EspMode;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Portcullis → Scapy: esp4-encrypt encrypts known packets with every transform, in both modes,
 * in plain ESP and in UDP 4500, with and without ESN (across the 2^32 boundary); Scapy must
 * decrypt each to the original, and the script checks what Scapy does not: padding bytes,
 * alignment, headers, and that no IV repeats. Canaries prove the script does reject.
 * Script: dataplane/src/test/python/scapy_esp_decrypt.py.
 */
class PortcullisToScapyTest
{
    /** ESN flows continue after this, so they cross from one 2^32 block into the next. */
    private static final long ESN_LAST_SENT = 0xFFFF_FFFDL;
    private static final int ESN_PACKETS = 7;

    /** Packets Portcullis encrypted through one SA, and the sequence numbers they must carry. */
    record Flow(OracleSa sa, List<byte[]> plain, List<byte[]> wire, long[] sequences, String counters)
    {
        @Override
        public String toString()
        {
            return sa.name();
        }
    }

    /** Packets the script must reject, each with what its verdict must say. */
    enum Canary
    {
        TAMPERED_ICV("IPSecIntegrityError"),
        TAMPERED_GCM_CIPHERTEXT("IPSecIntegrityError"),
        WRONG_ESN_HIGH_BITS("ICV (with ESN high"),
        BAD_PADDING("padding 000000"),
        REPEATED_IV("repeats that of input packet");

        final String verdict;

        Canary(final String verdict)
        {
            this.verdict = verdict;
        }
    }

    private static final List<Flow> FLOWS = new ArrayList<>();
    private static final Map<Canary, Flow> CANARIES = new HashMap<>();
    private static final Map<Flow, List<String>> VERDICTS = new HashMap<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void encryptAndDecryptWithScapy() throws Exception
    {
        ExternalTools.requireScapy(dir);
        int spi = 0x3000;
        for (final Transforms t : Transforms.values())
        {
            for (final EspMode mode : EspMode.values())
            {
                for (final boolean natT : new boolean[] {false, true})
                {
                    FLOWS.add(encrypt(OracleSa.of(t, mode, false, natT, spi++), Flows.ALL_SIZES));
                    FLOWS.add(encrypt(OracleSa.of(t, mode, true, natT, spi++), ESN_PACKETS));
                }
            }
        }
        addCanaries(spi);

        final List<Flow> all = new ArrayList<>(FLOWS);
        all.addAll(CANARIES.values());
        final List<String> lines = new ArrayList<>();
        for (final Flow flow : all)
        {
            lines.add(flow.sa().line(US, PEER));
            for (int i = 0; i < flow.wire().size(); i++)
            {
                lines.add("packet " + flow.sa().name() + " " + flow.sequences()[i] + " " +
                    Packets.hex(flow.wire().get(i)) + " " + Packets.hex(flow.plain().get(i)));
            }
        }
        final Path in = dir.resolve("scapy-decrypt.in");
        final Path out = dir.resolve("scapy-decrypt.out");
        Files.write(in, lines);
        ExternalTools.python(dir, "scapy_esp_decrypt.py", in.toString(), out.toString());
        final List<String> verdicts = Files.readAllLines(out);
        int next = 0;
        for (final Flow flow : all)
        {
            VERDICTS.put(flow, verdicts.subList(next, Math.min(next + flow.wire().size(), verdicts.size())));
            next += flow.wire().size();
        }
        assertEquals(next, verdicts.size(), "lines from scapy_esp_decrypt.py");
    }

    static List<Flow> flows()
    {
        return FLOWS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flows")
    void scapyDecryptsPortcullisPackets(final Flow flow)
    {
        assertEquals(flow.plain().size(), flow.wire().size(), "esp4-encrypt dropped packets; " + flow.counters());
        final List<String> verdicts = VERDICTS.get(flow);
        for (int i = 0; i < verdicts.size(); i++)
        {
            final String which = flow + " packet " + i + " (sequence number " + flow.sequences()[i] + ")";
            assertTrue(verdicts.get(i).startsWith("ok "), which + ": " + verdicts.get(i));
            assertEquals("ok " + Packets.hex(flow.plain().get(i)), verdicts.get(i), which);
        }
    }

    @ParameterizedTest
    @EnumSource(Canary.class)
    void scapyScriptRejectsBrokenPackets(final Canary canary)
    {
        final List<String> verdicts = VERDICTS.get(CANARIES.get(canary));
        final String verdict = verdicts.getLast();
        assertTrue(verdict.startsWith("fail ") && verdict.contains(canary.verdict),
            "wanted a failure saying \"" + canary.verdict + "\", got: " + verdict);
        for (final String earlier : verdicts.subList(0, verdicts.size() - 1))
        {
            assertTrue(earlier.startsWith("ok "), earlier);
        }
    }

    private static Flow encrypt(final OracleSa sa, final int count)
    {
        try (EspTestBed bed = new EspTestBed())
        {
            final int handle = bed.addOutbound(sa.config(false, US, PEER, sa.natPorts()));
            final long first = sa.esn() ? ESN_LAST_SENT + 1 : 1;
            if (sa.esn())
            {
                bed.lastSequenceSent(handle, ESN_LAST_SENT);
            }
            final List<byte[]> plain = Flows.packets(sa.mode(), US, PEER, US_INNER, PEER_INNER, count, sa.spi());
            final List<byte[]> wire = new ArrayList<>();
            final long[] sequences = new long[count];
            for (final EspTestBed.Result result : bed.encrypt(handle, plain))
            {
                if (result.forwarded())
                {
                    sequences[wire.size()] = first + wire.size();
                    wire.add(result.packet());
                }
            }
            final String counters = Flows.counters(bed);
            assertEquals(wire.size(), bed.count(EspCounter.ENCRYPTED), counters);
            return new Flow(sa, plain, wire, sequences, counters);
        }
    }

    /** Each canary flow ends in the packet the script must reject; packets before it must pass. */
    private static void addCanaries(final int firstSpi) throws GeneralSecurityException
    {
        int spi = firstSpi;
        final Flow icv = encrypt(OracleSa.of(Transforms.AES_CBC_128_HMAC_SHA256_96, EspMode.TRANSPORT, false, false,
            spi++), 1);
        icv.wire().getFirst()[icv.wire().getFirst().length - 1] ^= 1;
        CANARIES.put(Canary.TAMPERED_ICV, renamed(icv, "tampered-icv"));

        final Flow gcm = encrypt(OracleSa.of(Transforms.AES_GCM_256, EspMode.TUNNEL, false, false, spi++), 1);
        gcm.wire().getFirst()[20 + 8 + 8 + 3] ^= 0x40;  // first ciphertext block, after IPv4, ESP header, IV
        CANARIES.put(Canary.TAMPERED_GCM_CIPHERTEXT, renamed(gcm, "tampered-gcm"));

        final Flow esn = encrypt(OracleSa.of(Transforms.AES_CBC_128_HMAC_SHA1_96, EspMode.TRANSPORT, true, false,
            spi++), 4);
        esn.sequences()[3] -= 1L << 32;  // claim the last packet came before the wrap: its ICV must not match
        CANARIES.put(Canary.WRONG_ESN_HIGH_BITS, renamed(esn, "wrong-esn-high"));

        final int paddedSpi = spi++;
        final OracleSa padded = OracleSa.of(Transforms.AES_CBC_128_HMAC_SHA1_96, EspMode.TRANSPORT, false, false,
            paddedSpi).renamed("bad-padding", paddedSpi);
        final byte[] plain = Packets.udp(US, PEER, Flows.L2TP_PORT, Flows.L2TP_PORT, Flows.payload(3, 0));
        CANARIES.put(Canary.BAD_PADDING, new Flow(padded, List.of(plain), List.of(zeroPadded(padded, plain)),
            new long[] {1}, ""));

        final Flow once = encrypt(OracleSa.of(Transforms.AES_CBC_128_HMAC_SHA1_96, EspMode.TRANSPORT, false, false,
            spi++), 1);
        CANARIES.put(Canary.REPEATED_IV, new Flow(once.sa().renamed("repeated-iv", once.sa().spi()),
            List.of(once.plain().getFirst(), once.plain().getFirst()),
            List.of(once.wire().getFirst(), once.wire().getFirst()), new long[] {1, 1}, ""));
    }

    private static Flow renamed(final Flow flow, final String name)
    {
        return new Flow(flow.sa().renamed(name, flow.sa().spi()), flow.plain(), flow.wire(), flow.sequences(),
            flow.counters());
    }

    /**
     * A transport-mode AES-CBC/HMAC-SHA1-96 packet that is right in every way but its padding,
     * zeros instead of 1, 2, 3 (RFC 4303 §2.4), built with the JDK's ciphers.
     */
    private static byte[] zeroPadded(final OracleSa sa, final byte[] plain) throws GeneralSecurityException
    {
        final byte[] payload = Arrays.copyOfRange(plain, 20, plain.length);
        final int padded = (payload.length + 2 + 15) / 16 * 16;
        final byte[] cleartext = Arrays.copyOf(payload, padded);  // zero padding
        cleartext[padded - 2] = (byte)(padded - payload.length - 2);
        cleartext[padded - 1] = (byte)Ipv4.PROTOCOL_UDP;
        final byte[] iv = new byte[16];
        Arrays.fill(iv, (byte)0x42);
        final Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sa.cipherKey(), "AES"), new IvParameterSpec(iv));
        final ByteBuffer esp = ByteBuffer.allocate(8 + 16 + padded + 12);
        esp.putInt(sa.spi()).putInt(1).put(iv).put(aes.doFinal(cleartext));
        final Mac hmac = Mac.getInstance("HmacSHA1");
        hmac.init(new SecretKeySpec(sa.integrityKey(), "HmacSHA1"));
        hmac.update(esp.array(), 0, esp.position());
        esp.put(hmac.doFinal(), 0, 12);

        final byte[] packet = new byte[20 + esp.capacity()];
        System.arraycopy(plain, 0, packet, 0, 20);
        System.arraycopy(esp.array(), 0, packet, 20, esp.capacity());
        packet[Ipv4.PROTOCOL] = (byte)Ipv4.PROTOCOL_ESP;
        packet[Ipv4.TOTAL_LENGTH] = (byte)(packet.length >>> 8);
        packet[Ipv4.TOTAL_LENGTH + 1] = (byte)packet.length;
        Ipv4.updateChecksum(new UnsafeBuffer(packet), 0, 20);
        return packet;
    }
}
