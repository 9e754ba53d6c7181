package io.portcullis.dataplane.esp;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import io.portcullis.dataplane.api.EspCipher;
import io.portcullis.dataplane.api.EspIntegrity;
import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.SaLifetime;
import io.portcullis.dataplane.vectors.VectorFile;
import io.portcullis.dataplane.vectors.VectorFile.Vector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole published ESP packets through esp4-decrypt: RFC 3602's AES-CBC packets (transport and
 * tunnel mode) and draft-mcgrew-gcm-test-01's AES-GCM packets (RFC 4106, with and without ESN).
 */
class EspKnownAnswerTest
{
    static List<Vector> rfc3602Packets()
    {
        return VectorFile.load("rfc3602/aes-cbc.txt").stream().filter(v -> v.has("esp-packet")).toList();
    }

    static List<Vector> gcmPackets()
    {
        // One case of the draft uses SPI 0, which RFC 4303 §2.1 reserves; an SA cannot have it.
        return VectorFile.load("rfc4106/esp-packets.txt").stream()
            .filter(v -> ByteBuffer.wrap(v.bytes("spi")).getInt() >= 256).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc3602Packets")
    void rfc3602PacketDecryptsToTheOriginal(final Vector v)
    {
        final byte[] espPacket = v.bytes("esp-packet");
        final byte[] plainPacket = v.bytes("plain-packet");
        final byte[] plaintext = v.bytes("plaintext");
        final boolean tunnel = plaintext[plaintext.length - 1] == 4;
        try (EspTestBed bed = new EspTestBed())
        {
            bed.addInbound(new EspSaConfig(ByteBuffer.wrap(v.bytes("spi")).getInt(), true,
                tunnel ? EspMode.TUNNEL : EspMode.TRANSPORT, EspCipher.AES_CBC, v.bytes("key"), EspIntegrity.NONE,
                new byte[0], false, 64, 0, 0, null, SaLifetime.UNLIMITED));

            final EspTestBed.Result result = bed.decrypt(espPacket);

            assertTrue(result.forwarded(), "dropped");
            assertEquals(1, bed.count(EspCounter.DECRYPTED));
            // Transport mode rebuilds the header from the outer one, which RFC 3602 copied from the original.
            assertArrayEquals(plainPacket, result.packet());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gcmPackets")
    void draftMcgrewPacketDecrypts(final Vector v)
    {
        final boolean esn = "true".equals(v.fields().get("esn"));
        final byte[] seq = v.bytes("seq");
        final long seq64 = esn ? ByteBuffer.wrap(seq).getLong() : ByteBuffer.wrap(seq).getInt() & 0xFFFF_FFFFL;
        final byte[] key = v.bytes("key");
        final byte[] keymat = Arrays.copyOf(key, key.length + 4);
        System.arraycopy(v.bytes("salt"), 0, keymat, key.length, 4);
        final int spi = ByteBuffer.wrap(v.bytes("spi")).getInt();
        final byte[] plaintext = v.bytes("plaintext");
        final int padLength = plaintext[plaintext.length - 2];
        final int nextHeader = plaintext[plaintext.length - 1];
        final byte[] payload = Arrays.copyOf(plaintext, plaintext.length - 2 - padLength);
        final byte[] esp = v.bytes("esp-packet");

        // The draft gives the ESP packet alone: put it in an IPv4 header of our own.
        final byte[] wire = ByteBuffer.allocate(20 + esp.length)
            .put((byte)0x45).put((byte)0).putShort((short)(20 + esp.length)).putInt(0x00010000)
            .put((byte)64).put((byte)50).putShort((short)0)
            .putInt(Packets.address("192.0.2.1")).putInt(Packets.address("192.0.2.2")).put(esp).array();
        io.portcullis.dataplane.packet.Ipv4.updateChecksum(new org.agrona.concurrent.UnsafeBuffer(wire), 0, 20);

        try (EspTestBed bed = new EspTestBed())
        {
            bed.addInbound(new EspSaConfig(spi, true, EspMode.TRANSPORT, EspCipher.AES_GCM_16, keymat,
                EspIntegrity.NONE, new byte[0], esn, 1024, 0, 0, null, SaLifetime.UNLIMITED));
            if (Long.compareUnsigned(seq64, 1) > 0)
            {
                // An SA that has run for a while: the receiver's window sits just below this packet.
                bed.saTable.inbound(spi).replayWindow.update(seq64 - 1);
            }

            final EspTestBed.Result result = bed.decrypt(wire);

            assertTrue(result.forwarded(), "dropped");
            final byte[] out = result.packet();
            assertEquals(nextHeader, out[9], "protocol is the ESP next header");
            assertEquals(20 + payload.length, ByteBuffer.wrap(out, 2, 2).getShort() & 0xFFFF);
            assertTrue(Packets.ipChecksumValid(out));
            assertArrayEquals(payload, Arrays.copyOfRange(out, 20, out.length));
            assertEquals(seq64, bed.saTable.inbound(spi).replayWindow.top());

            // The same packet again is a replay.
            assertEquals(PacketVectorNext.DROP, bed.decrypt(wire).next());
            assertEquals(1, bed.count(EspCounter.REPLAY));
        }
    }

    /** Readable names for the vector's next values. */
    static final class PacketVectorNext
    {
        static final int DROP = io.portcullis.dataplane.packet.PacketVector.NEXT_DROP;
    }
}
