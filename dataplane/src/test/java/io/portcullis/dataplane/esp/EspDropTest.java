package io.portcullis.dataplane.esp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.portcullis.dataplane.api.EspCipher;
import io.portcullis.dataplane.api.EspIntegrity;
import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.SaLifetime;
import io.portcullis.dataplane.ffm.CryptoBurst;
import io.portcullis.dataplane.ffm.CryptoOpLayout;
import io.portcullis.dataplane.packet.Ipv4;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every reason esp4-decrypt and esp4-encrypt drop a packet, one test a rule, counters checked. */
class EspDropTest
{
    private static final int SPI = 0x4242;
    private static final String CLIENT = "198.51.100.7";
    private static final String SERVER = "192.0.2.1";

    private EspTestBed bed;
    private int out;

    @BeforeEach
    void setUp()
    {
        bed = new EspTestBed();
        out = sa(Transforms.AES_CBC_128_HMAC_SHA1_96, null);
    }

    @AfterEach
    void tearDown()
    {
        bed.close();
    }

    private int sa(final Transforms t, final EspSaConfig.NatT natT)
    {
        final int handle = bed.addOutbound(t.sa(SPI, false, EspMode.TRANSPORT, false, SERVER, CLIENT, natT));
        bed.addInbound(t.sa(SPI, true, EspMode.TRANSPORT, false, CLIENT, SERVER, natT));
        return handle;
    }

    private static byte[] plain(final int size)
    {
        final byte[] payload = new byte[size];
        Arrays.fill(payload, (byte)0x33);
        return Packets.udp(SERVER, CLIENT, 1701, 1701, payload);
    }

    private void assertDropped(final byte[] packet, final EspCounter reason)
    {
        final long before = bed.count(reason);
        final EspTestBed.Result result = bed.decrypt(packet);
        assertEquals(PacketVector.NEXT_DROP, result.next());
        assertEquals(before + 1, bed.count(reason), reason.label());
        assertEquals(0, bed.count(EspCounter.DECRYPTED));
    }

    @Test
    void replayedPacketIsDropped()
    {
        final byte[] wire = bed.encrypt(out, plain(100));
        assertTrue(bed.decrypt(wire).forwarded());
        final EspTestBed.Result again = bed.decrypt(wire);
        assertEquals(PacketVector.NEXT_DROP, again.next());
        assertEquals(1, bed.count(EspCounter.REPLAY));
    }

    @Test
    void replayInsideOneVectorIsDropped()
    {
        final byte[] wire = bed.encrypt(out, plain(100));
        final List<EspTestBed.Result> results = bed.decrypt(List.of(wire, wire.clone()));
        assertTrue(results.get(0).forwarded());
        assertEquals(PacketVector.NEXT_DROP, results.get(1).next());
        assertEquals(1, bed.count(EspCounter.REPLAY));
    }

    @Test
    void packetOlderThanTheWindowIsDropped()
    {
        final List<byte[]> plains = new ArrayList<>();
        for (int i = 0; i < 200; i++)
        {
            plains.add(plain(10));
        }
        final List<byte[]> wire = new ArrayList<>();
        for (int burst = 0; burst < 6; burst++)   // 1200 packets, more than the 1024-packet window
        {
            bed.encrypt(out, plains).forEach(r -> wire.add(r.packet()));
        }
        final byte[] oldest = wire.getFirst();
        assertTrue(bed.decrypt(wire.getLast()).forwarded());
        final EspTestBed.Result result = bed.decrypt(oldest);
        assertEquals(PacketVector.NEXT_DROP, result.next());
        assertEquals(1, bed.count(EspCounter.OUT_OF_WINDOW));
        assertTrue(bed.decrypt(wire.get(1200 - 1024)).forwarded(), "the window's oldest slot is still open");
    }

    @ParameterizedTest
    @EnumSource(Transforms.class)
    void tamperedPacketFailsIntegrityAndLeavesTheWindowAlone(final Transforms t)
    {
        bed.close();
        bed = new EspTestBed();
        final int handle = sa(t, null);
        final byte[] wire = bed.encrypt(handle, plain(64));
        for (final int at : new int[] {20 + 4, 20 + 8 + 1, wire.length - 20, wire.length - 1})
        {
            final byte[] tampered = wire.clone();
            tampered[at] ^= 0x01;
            bed.decrypt(tampered);
        }
        assertEquals(4, bed.count(EspCounter.INTEGRITY_FAILED));
        // A forged sequence number must not have advanced the window: the genuine packet still passes.
        assertTrue(bed.decrypt(wire).forwarded());
    }

    @Test
    void truncatedPacketsAreDropped()
    {
        final byte[] wire = bed.encrypt(out, plain(64));
        assertDropped(shorten(wire, 20 + 6), EspCounter.TRUNCATED);               // not even an ESP header
        assertDropped(shorten(wire, 20 + 8 + 16 + 12 - 1), EspCounter.TRUNCATED); // no room for IV, trailer, ICV
    }

    @Test
    void ciphertextNotAMultipleOfTheBlockIsDropped()
    {
        final byte[] wire = bed.encrypt(out, plain(64));
        assertDropped(shorten(wire, wire.length - 1), EspCounter.BAD_LENGTH);
    }

    @Test
    void ipTotalLengthBeyondTheFrameIsDropped()
    {
        final byte[] wire = bed.encrypt(out, plain(64));
        assertDropped(Arrays.copyOf(wire, wire.length - 4), EspCounter.BAD_IP_HEADER);
    }

    @Test
    void unknownSpiIsDropped()
    {
        final byte[] wire = bed.encrypt(out, plain(64));
        wire[20 + 3] ^= 0x10;
        assertDropped(wire, EspCounter.UNKNOWN_SPI);
    }

    @Test
    void badPaddingWithAValidIcvIsDropped()
    {
        assertDropped(sealedWithTrailer(new byte[] {1, 2, 4}, 17), EspCounter.BAD_PADDING);
    }

    @Test
    void padLengthLongerThanThePayloadIsDropped()
    {
        assertDropped(sealedWithTrailer(new byte[0], 200), EspCounter.BAD_PADDING);
    }

    @Test
    void dummyPacketIsDiscarded()
    {
        assertDropped(sealedWithTrailer(new byte[] {1, 2}, Ipv4.PROTOCOL_NONE), EspCounter.DUMMY_PACKET);
    }

    @Test
    void fragmentIsNotDecrypted()
    {
        final byte[] wire = bed.encrypt(out, plain(64));
        wire[6] |= 0x20;  // MF
        Ipv4.updateChecksum(new UnsafeBuffer(wire), 0, 20);
        assertDropped(wire, EspCounter.IP_FRAGMENT);
    }

    @Test
    void udpThatIsNotNatTIsNotEsp()
    {
        assertDropped(plain(64), EspCounter.NOT_ESP);
    }

    @Test
    void hardExpiredSaDropsAndSignalsOnce()
    {
        bed.close();
        bed = new EspTestBed();
        final Transforms t = Transforms.AES_GCM_128;
        final int handle = bed.addOutbound(new EspSaConfig(SPI, false, EspMode.TRANSPORT, t.cipher, t.cipherKey(),
            t.integrity, t.integrityKey(), false, 1024, 0, 0, null, new SaLifetime(150, 0, 0, 3)));
        bed.addInbound(new EspSaConfig(SPI, true, EspMode.TRANSPORT, t.cipher, t.cipherKey(), t.integrity,
            t.integrityKey(), false, 1024, 0, 0, null, new SaLifetime(0, 0, 2, 3)));

        final List<EspTestBed.Result> wire = bed.encrypt(handle, List.of(plain(72), plain(72), plain(72), plain(72)));
        assertEquals(List.of(true, true, true, false), wire.stream().map(EspTestBed.Result::forwarded).toList());
        assertEquals(1, bed.count(EspCounter.SA_EXPIRED_OUT));
        assertEquals(List.of("soft 4242 BYTES", "hard 4242 PACKETS"), bed.expiries);

        bed.expiries.clear();
        for (int i = 0; i < 3; i++)
        {
            assertTrue(bed.decrypt(wire.get(i).packet()).forwarded());
        }
        assertEquals(List.of("soft 4242 PACKETS", "hard 4242 PACKETS"), bed.expiries);
        final byte[] fourth = bed.encrypt(bed.addOutbound(new EspSaConfig(SPI, false, EspMode.TRANSPORT, t.cipher,
            t.cipherKey(), t.integrity, t.integrityKey(), false, 1024, 0, 0, null, SaLifetime.UNLIMITED)), plain(72));
        assertEquals(PacketVector.NEXT_DROP, bed.decrypt(fourth).next());
        assertEquals(1, bed.count(EspCounter.SA_EXPIRED_IN));
    }

    @Test
    void sequenceNumberMustNotCycleWithoutEsn()
    {
        bed.saTable.outbound(out).sequence = 0xFFFF_FFFEL;
        assertTrue(bed.encrypt(out, List.of(plain(10))).getFirst().forwarded());  // 0xFFFFFFFF is the last
        assertNull(bed.encrypt(out, plain(10)));
        assertEquals(1, bed.count(EspCounter.SEQUENCE_OVERFLOW));
        assertEquals(List.of("hard 4242 SEQUENCE_NUMBER"), bed.expiries);
    }

    @Test
    void esnSequenceNumberCarriesIntoTheHighHalf()
    {
        bed.close();
        bed = new EspTestBed();
        final Transforms t = Transforms.AES_CBC_128_HMAC_SHA256_128;
        final int handle = bed.addOutbound(t.sa(SPI, false, EspMode.TRANSPORT, true, SERVER, CLIENT, null));
        bed.addInbound(t.sa(SPI, true, EspMode.TRANSPORT, true, CLIENT, SERVER, null));
        bed.saTable.outbound(handle).sequence = 0xFFFF_FFFEL;
        bed.saTable.inbound(SPI).replayWindow.update(0xFFFF_FFFEL);
        final List<EspTestBed.Result> wire = bed.encrypt(handle, List.of(plain(10), plain(20), plain(30)));
        // Low halves on the wire: ffffffff, 00000000, 00000001.
        assertEquals(0, ByteBuffer.wrap(wire.get(1).packet(), 24, 4).getInt());
        for (final EspTestBed.Result r : wire)
        {
            assertTrue(bed.decrypt(r.packet()).forwarded());
        }
        assertEquals(0x1_0000_0001L, bed.saTable.inbound(SPI).replayWindow.top());
    }

    @Test
    void packetWithoutHeadroomIsDropped()
    {
        final byte[] packet = plain(10);
        final PacketVector vector = new PacketVector();
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment buffer = arena.allocate(2048);
            MemorySegment.copy(packet, 0, buffer, ValueLayout.JAVA_BYTE, 8, packet.length);
            vector.add(buffer.address(), 2048, 8, packet.length);
            vector.handle(0, out);
            bed.outbound.process(vector);
            assertEquals(PacketVector.NEXT_DROP, vector.next(0));
            assertEquals(1, bed.count(EspCounter.NO_HEADROOM));

            final MemorySegment tight = arena.allocate(128 + packet.length + 4);
            MemorySegment.copy(packet, 0, tight, ValueLayout.JAVA_BYTE, 128, packet.length);
            vector.clear();
            vector.add(tight.address(), (int)tight.byteSize(), 128, packet.length);
            vector.handle(0, out);
            bed.outbound.process(vector);
            assertEquals(PacketVector.NEXT_DROP, vector.next(0));
            assertEquals(1, bed.count(EspCounter.NO_TAILROOM));
        }
    }

    @Test
    void unknownOutboundHandleIsDropped()
    {
        assertNull(bed.encrypt(999, plain(10)));
        assertEquals(1, bed.count(EspCounter.NO_SA));
    }

    @Test
    void goodPacketsAroundBadOnesStillPass()
    {
        final List<EspTestBed.Result> wire = bed.encrypt(out, List.of(plain(10), plain(20), plain(30)));
        final byte[] bad = wire.get(1).packet().clone();
        bad[bad.length - 1] ^= 1;
        final List<EspTestBed.Result> results =
            bed.decrypt(List.of(wire.get(0).packet(), bad, new byte[] {0x45}, wire.get(2).packet()));
        assertArrayEquals(plain(10), results.get(0).packet());
        assertEquals(PacketVector.NEXT_DROP, results.get(1).next());
        assertEquals(PacketVector.NEXT_DROP, results.get(2).next());
        assertArrayEquals(plain(30), results.get(3).packet());
    }

    private static byte[] shorten(final byte[] wire, final int length)
    {
        final byte[] shorter = Arrays.copyOf(wire, length);
        shorter[2] = (byte)(length >>> 8);
        shorter[3] = (byte)length;
        Ipv4.updateChecksum(new UnsafeBuffer(shorter), 0, 20);
        return shorter;
    }

    /**
     * An ESP packet under the test SA's keys whose plaintext ends with {@code padding}, a Pad Length
     * claiming {@code padLengthOrNextHeader} (or, for a valid short pad, that Next Header), sealed
     * with a valid ICV through the shim directly so only the trailer is wrong.
     */
    private byte[] sealedWithTrailer(final byte[] padding, final int padLengthOrNextHeader)
    {
        final boolean nextHeaderCase = padLengthOrNextHeader == Ipv4.PROTOCOL_NONE;
        final int padLength = nextHeaderCase ? padding.length : padLengthOrNextHeader;
        final int nextHeader = nextHeaderCase ? Ipv4.PROTOCOL_NONE : Ipv4.PROTOCOL_UDP;
        final byte[] body = new byte[12];  // 12 + padding + 2 = 16 or 17 -> make it one block
        final int cipherLength = 16 * ((body.length + padding.length + 2 + 15) / 16);
        final byte[] plaintext = new byte[cipherLength];
        System.arraycopy(padding, 0, plaintext, cipherLength - 2 - padding.length, padding.length);
        plaintext[cipherLength - 2] = (byte)padLength;
        plaintext[cipherLength - 1] = (byte)nextHeader;
        final int espLength = 8 + 16 + cipherLength + 12;
        final Transforms t = Transforms.AES_CBC_128_HMAC_SHA1_96;
        final long sa = bed.ipsecMb.createSa(CryptoOpLayout.PC_CIPHER_AES_CBC, t.cipherKey(),
            CryptoOpLayout.PC_INTEG_HMAC_SHA1, t.integrityKey(), 12);
        try (Arena arena = Arena.ofConfined(); CryptoBurst burst = new CryptoBurst(bed.ipsecMb, 1))
        {
            final MemorySegment esp = arena.allocate(espLength);
            esp.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 0, SPI);
            esp.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 4, 1);
            MemorySegment.copy(plaintext, 0, esp, ValueLayout.JAVA_BYTE, 24, cipherLength);
            final long at = esp.address();
            burst.add(sa, CryptoOpLayout.PC_DIR_ENCRYPT, at, at + 8, at + 24, 24 + cipherLength, cipherLength);
            burst.generateIv(0, 1);
            assertEquals(1, burst.run());
            final byte[] espBytes = esp.toArray(ValueLayout.JAVA_BYTE);
            final byte[] wire = ByteBuffer.allocate(20 + espLength).put((byte)0x45).put((byte)0)
                .putShort((short)(20 + espLength)).putInt(0).put((byte)64).put((byte)50).putShort((short)0)
                .putInt(Packets.address(CLIENT)).putInt(Packets.address(SERVER)).put(espBytes).array();
            Ipv4.updateChecksum(new UnsafeBuffer(wire), 0, 20);
            return wire;
        }
        finally
        {
            bed.ipsecMb.freeSa(sa);
        }
    }
}
