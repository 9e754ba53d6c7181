package io.portcullis.bench;

import java.util.Arrays;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.SaExpiryListener;
import io.portcullis.dataplane.api.SaLifetime;
import io.portcullis.dataplane.counters.CountersFile;
import io.portcullis.dataplane.counters.NodeCounters;
import io.portcullis.dataplane.esp.EspCounter;
import io.portcullis.dataplane.esp.EspInbound;
import io.portcullis.dataplane.esp.EspOutbound;
import io.portcullis.dataplane.esp.Packets;
import io.portcullis.dataplane.esp.SaTable;
import io.portcullis.dataplane.esp.Transforms;
import io.portcullis.dataplane.ffm.CryptoBurst;
import io.portcullis.dataplane.ffm.IpsecMb;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import static io.portcullis.bench.PacketBuffers.BUFFER_SIZE;
import static io.portcullis.bench.PacketBuffers.STRIDE;
import static io.portcullis.bench.PacketBuffers.HEADROOM;
import static io.portcullis.bench.PacketMix.BURST;

/**
 * One worker's esp4-encrypt and esp4-decrypt nodes over whole vectors of {@link PacketMix#BURST}
 * packets, for every transform of the dataplane's {@link Transforms} (its test fixture) and each
 * {@link PacketMix} size, in transport mode without ESN or NAT-T, the usual L2TP/IPsec case.
 * One operation is one packet, so the score is packets per second.
 *
 * <p><b>What is timed, and what is not.</b> Both nodes work in place, so every invocation needs
 * its packets back the way they were before the last one:
 * <ul>
 * <li>{@link #encrypt}: encapsulation overwrites the IPv4 header (the ESP header and IV land
 *     on it) and encrypts the payload in place. Each invocation, inside the timed method,
 *     writes back only the 20-byte IPv4 header and rebuilds the vector's offsets: a 20-byte copy
 *     and a few stores per packet, which are timed. The payload is not restored: it is encrypted
 *     again, ciphertext of ciphertext. AES, GHASH, SHA and 3DES take the same time whatever the
 *     bytes are, so the crypto work is the same as for fresh plaintext, and the trailer, ESP
 *     header and ICV are rewritten every time anyway.</li>
 * <li>{@link #decrypt}: decryption turns the ciphertext into plaintext in place, and a second
 *     pass over it would fail the ICV check and measure the drop path instead. So the ESP
 *     packets, made once by the real encrypt node with the same keys, are copied back before
 *     every invocation by a {@link Level#Invocation} setup, which is <em>not</em> timed (a
 *     memcpy of every packet is not work esp4-decrypt does). The price is JMH's timestamps
 *     around every invocation, some tens of nanoseconds per 64 packets, which makes decrypt
 *     scores slightly pessimistic (under 1 ns per packet). The copy leaves the packets in L1/L2,
 *     as the encrypt benchmark's reused buffers are; a NIC with DDIO leaves them only in LLC.</li>
 * </ul>
 *
 * <p><b>Anti-replay.</b> The same ciphertexts, with the same sequence numbers, come back every
 * invocation, so the inbound SA has replay window 0 (check disabled, RFC 4303 §3.4.3 lets the
 * receiver do so). The window's bookkeeping still runs; only the bitmap test and mark, a few
 * nanoseconds, are skipped. The outbound SA is installed afresh every iteration, so its 32-bit
 * sequence number cannot run out (2^32 packets is minutes at these rates).
 *
 * <p><b>Honesty checks.</b> Setup decrypts the ciphertexts once and compares them with the
 * plaintexts; after every iteration any drop counter above zero fails the benchmark, so a
 * score never comes from packets that took the drop path.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EspBenchmark
{
    @Benchmark
    @OperationsPerInvocation(BURST)
    public void encrypt(final Worker worker)
    {
        worker.encrypt();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void decrypt(final DecryptingWorker worker)
    {
        worker.decrypt();
    }

    /**
     * A worker whose packets are made ESP again before each invocation, untimed. (A subclass,
     * not a second state depending on the first: JMH 1.37 would build two workers then.)
     */
    @State(Scope.Thread)
    public static class DecryptingWorker extends Worker
    {
        @Setup(Level.Invocation)
        public void restore()
        {
            loadCiphertexts();
        }
    }

    /** One worker's ESP nodes, SAs and packets. */
    @State(Scope.Thread)
    public static class Worker
    {
        private static final int SPI = 0x0000_1000;
        private static final int IPV4_HEADER_LENGTH = 20;

        /** Every transform the dataplane supports (no values: JMH takes all enum constants). */
        @Param
        public Transforms transform;

        @Param({"64", "512", "1408", PacketMix.IMIX})
        public String size;

        private final PacketVector vector = new PacketVector();
        private IpsecMb ipsecMb;
        private SaTable saTable;
        private CryptoBurst burst;
        private NodeCounters<EspCounter> counters;
        private EspOutbound outbound;
        private EspInbound inbound;
        private PacketMix mix;
        private int vectors;
        private int nextVector;
        private int outboundHandle;

        /** The packets being processed, one per buffer; {@link #vectors} × BURST of them. */
        private PacketBuffers buffers;
        private int[] plainLength;
        /** The IPv4 header of each plaintext packet, 20 bytes per buffer. */
        private UnsafeBuffer plainHeaders;
        /** Each packet as the encrypt node left it: where decrypt's copies come from. */
        private PacketBuffers ciphertexts;
        private int[] cipherOffset;
        private int[] cipherLength;

        @Setup(Level.Trial)
        public void setUp()
        {
            ipsecMb = IpsecMb.create();
            saTable = new SaTable(ipsecMb);
            burst = new CryptoBurst(ipsecMb, PacketVector.MAX_SIZE);
            counters = new NodeCounters<>(CountersFile.inMemory(64), "esp4", EspCounter.class);
            outbound = new EspOutbound(saTable, burst, counters, SaExpiryListener.NONE);
            inbound = new EspInbound(saTable, burst, counters, SaExpiryListener.NONE);
            saTable.addInbound(sa(true));
            outboundHandle = saTable.addOutbound(sa(false));

            mix = PacketMix.of(size);
            vectors = mix.vectors();
            final int packets = vectors * BURST;
            buffers = new PacketBuffers(packets);
            ciphertexts = new PacketBuffers(packets);
            plainHeaders = new UnsafeBuffer(new byte[packets * IPV4_HEADER_LENGTH]);
            plainLength = new int[packets];
            cipherOffset = new int[packets];
            cipherLength = new int[packets];
            final byte[][] plaintexts = new byte[packets][];
            for (int v = 0; v < vectors; v++)
            {
                for (int i = 0; i < BURST; i++)
                {
                    final int j = v * BURST + i;
                    plaintexts[j] = PacketMix.udpPacket(mix.size(v, i), j);
                    plainLength[j] = plaintexts[j].length;
                    plainHeaders.putBytes(j * IPV4_HEADER_LENGTH, plaintexts[j], 0, IPV4_HEADER_LENGTH);
                }
            }
            makeCiphertexts(plaintexts);
            checkDecryptsTo(plaintexts);
            for (int j = 0; j < packets; j++)
            {
                buffers.put(j, plaintexts[j]);
            }
            nextVector = 0;
        }

        /** A fresh outbound SA (sequence number 0) every iteration; see the class comment. */
        @Setup(Level.Iteration)
        public void newOutboundSa()
        {
            saTable.removeOutbound(outboundHandle);
            outboundHandle = saTable.addOutbound(sa(false));
        }

        @TearDown(Level.Iteration)
        public void checkNothingDropped()
        {
            final StringJoiner drops = new StringJoiner(", ");
            for (final EspCounter counter : EspCounter.values())
            {
                final long value = counters.get(counter);
                if (counter != EspCounter.ENCRYPTED && counter != EspCounter.DECRYPTED && value != 0)
                {
                    drops.add(counter.label() + " " + value);
                }
            }
            if (drops.length() > 0)
            {
                throw new IllegalStateException(
                    transform + " " + size + ": packets were dropped, the score is void: " + drops);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            saTable.close();
            burst.close();
            ipsecMb.close();
            buffers.close();
            ciphertexts.close();
        }

        void encrypt()
        {
            final int first = nextVector * BURST;
            nextVector = nextVector + 1 == vectors ? 0 : nextVector + 1;
            final UnsafeBuffer all = buffers.all();
            vector.clear();
            for (int i = 0; i < BURST; i++)
            {
                final int j = first + i;
                all.putBytes(j * STRIDE + HEADROOM, plainHeaders, j * IPV4_HEADER_LENGTH, IPV4_HEADER_LENGTH);
                vector.add(buffers.address(j), BUFFER_SIZE, HEADROOM, plainLength[j]);
                vector.handle(i, outboundHandle);
            }
            outbound.process(vector);
        }

        void decrypt()
        {
            inbound.process(vector);
        }

        /** Copies the next vector's ESP packets into place and points the vector at them. */
        void loadCiphertexts()
        {
            final int first = nextVector * BURST;
            nextVector = nextVector + 1 == vectors ? 0 : nextVector + 1;
            final UnsafeBuffer all = buffers.all();
            final UnsafeBuffer pristine = ciphertexts.all();
            vector.clear();
            for (int i = 0; i < BURST; i++)
            {
                final int j = first + i;
                final int offset = j * STRIDE + cipherOffset[j];
                all.putBytes(offset, pristine, offset, cipherLength[j]);
                vector.add(buffers.address(j), BUFFER_SIZE, cipherOffset[j], cipherLength[j]);
            }
        }

        private void makeCiphertexts(final byte[][] plaintexts)
        {
            for (int v = 0; v < vectors; v++)
            {
                vector.clear();
                for (int i = 0; i < BURST; i++)
                {
                    final int j = v * BURST + i;
                    buffers.put(j, plaintexts[j]);
                    vector.add(buffers.address(j), BUFFER_SIZE, HEADROOM, plaintexts[j].length);
                    vector.handle(i, outboundHandle);
                }
                outbound.process(vector);
                for (int i = 0; i < BURST; i++)
                {
                    final int j = v * BURST + i;
                    if (vector.next(i) != PacketVector.NEXT_FORWARD)
                    {
                        throw new IllegalStateException(transform + ": esp4-encrypt dropped packet " + j);
                    }
                    cipherOffset[j] = vector.offset(i);
                    cipherLength[j] = vector.length(i);
                    final int offset = j * STRIDE + cipherOffset[j];
                    ciphertexts.all().putBytes(offset, buffers.all(), offset, cipherLength[j]);
                }
            }
        }

        private void checkDecryptsTo(final byte[][] plaintexts)
        {
            for (int v = 0; v < vectors; v++)
            {
                loadCiphertexts();
                inbound.process(vector);
                for (int i = 0; i < BURST; i++)
                {
                    final int j = v * BURST + i;
                    final byte[] decrypted = new byte[vector.length(i)];
                    buffers.all().getBytes(j * STRIDE + vector.offset(i), decrypted);
                    if (vector.next(i) != PacketVector.NEXT_FORWARD || !Arrays.equals(plaintexts[j], decrypted))
                    {
                        throw new IllegalStateException(
                            transform + ": packet " + j + " did not decrypt to its plaintext");
                    }
                }
            }
            checkNothingDropped();
        }

        private EspSaConfig sa(final boolean isInbound)
        {
            final int us = Packets.address(isInbound ? "198.51.100.7" : "192.0.2.1");
            final int peer = Packets.address(isInbound ? "192.0.2.1" : "198.51.100.7");
            return new EspSaConfig(SPI, isInbound, EspMode.TRANSPORT, transform.cipher, transform.cipherKey(),
                transform.integrity, transform.integrityKey(), false, 0, us, peer, null, SaLifetime.UNLIMITED);
        }
    }
}
