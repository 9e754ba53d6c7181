package io.portcullis.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.portcullis.dataplane.esp.Transforms;
import io.portcullis.dataplane.ffm.CryptoOpLayout;
import io.portcullis.dataplane.ffm.IpsecMb;
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

import static io.portcullis.bench.PacketMix.BURST;

/**
 * The ceiling for {@link EspBenchmark}'s AES-GCM rows: intel-ipsec-mb's direct AES-GCM API
 * encrypting the same buffers in place, one native call per burst, with no ESP, no job
 * manager and no Java per packet ({@code pc_ceiling_gcm_encrypt} in portcullis.h).
 *
 * <p>Each packet encrypts exactly what transport-mode ESP encrypts for a packet of that size
 * ({@link PacketMix#gcmTransportCiphertextLength}: the IP payload, trailer and padding, e.g. 1392
 * bytes for 1408), with an 8-byte AAD like ESP's SPI and sequence number, and writes a 16-byte
 * tag after it; so the ratio of an ESP score to this one is what the ESP node and the FFM
 * boundary cost on top of the crypto itself. The direct API takes one length per call, so an
 * IMIX vector takes one call per size. Nonces repeat between invocations, which is harmless
 * for a benchmark and nowhere else.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class CeilingBenchmark
{
    @Param({"AES_GCM_128", "AES_GCM_256"})
    public Transforms transform;

    @Param({"64", "512", "1408", PacketMix.IMIX})
    public String size;

    private IpsecMb ipsecMb;
    private long sa;
    private PacketBuffers buffers;
    private final Arena arena = Arena.ofShared();

    /** Per vector, per call: the address of its uint64 buffer-address array, the length, the count. */
    private long[][] callAddresses;
    private int[][] callLength;
    private int[][] callCount;
    private int vectors;
    private int nextVector;

    @Setup(Level.Trial)
    public void setUp()
    {
        ipsecMb = IpsecMb.create();
        sa = ipsecMb.createSa(CryptoOpLayout.PC_CIPHER_AES_GCM, transform.cipherKey(),
            CryptoOpLayout.PC_INTEG_NONE, new byte[0], 16);
        final PacketMix mix = PacketMix.of(size);
        vectors = mix.vectors();
        buffers = new PacketBuffers(vectors * BURST);
        callAddresses = new long[vectors][];
        callLength = new int[vectors][];
        callCount = new int[vectors][];
        for (int v = 0; v < vectors; v++)
        {
            // Buffers by ciphertext length, in vector order within each length.
            final TreeMap<Integer, List<Long>> byLength = new TreeMap<>();
            for (int i = 0; i < BURST; i++)
            {
                final int j = v * BURST + i;
                buffers.put(j, PacketMix.udpPacket(mix.size(v, i), j));
                byLength.computeIfAbsent(PacketMix.gcmTransportCiphertextLength(mix.size(v, i)), k -> new ArrayList<>())
                    .add(buffers.address(j) + PacketBuffers.HEADROOM + 20);
            }
            callAddresses[v] = new long[byLength.size()];
            callLength[v] = new int[byLength.size()];
            callCount[v] = new int[byLength.size()];
            int call = 0;
            for (final var entry : byLength.entrySet())
            {
                final List<Long> addresses = entry.getValue();
                final MemorySegment array = arena.allocate(ValueLayout.JAVA_LONG, addresses.size());
                for (int k = 0; k < addresses.size(); k++)
                {
                    array.setAtIndex(ValueLayout.JAVA_LONG, k, addresses.get(k));
                }
                callAddresses[v][call] = array.address();
                callLength[v][call] = entry.getKey();
                callCount[v][call] = addresses.size();
                call++;
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        ipsecMb.freeSa(sa);
        ipsecMb.close();
        buffers.close();
        arena.close();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void gcmEncrypt()
    {
        final int v = nextVector;
        nextVector = nextVector + 1 == vectors ? 0 : nextVector + 1;
        final long[] addresses = callAddresses[v];
        for (int call = 0; call < addresses.length; call++)
        {
            ipsecMb.ceilingGcmEncrypt(sa, addresses[call], callLength[v][call], callCount[v][call]);
        }
    }
}
