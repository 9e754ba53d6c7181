package io.portcullis.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.portcullis.dataplane.ffm.OnesComplementSum;
import io.portcullis.dataplane.packet.InternetChecksum;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Internet checksum (RFC 1071) over one datagram, as l2tp-decap verifies it: in packet
 * (off-heap) memory, where long runs take the native vectorised loop, and in a heap array, where
 * the Java loop runs (the cost packet memory would pay without the native one); and the native
 * loop called directly at every length, to place the switch-over.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ChecksumBenchmark
{
    @Param({"20", "64", "96", "128", "1400"})
    public int length;

    private final UnsafeBuffer packet = new UnsafeBuffer(BufferUtil.allocateDirectAligned(2048, 64));
    private final UnsafeBuffer heap = new UnsafeBuffer(new byte[2048]);

    @Setup
    public void fill()
    {
        final byte[] bytes = new byte[2048];
        new Random(1071).nextBytes(bytes);
        packet.putBytes(0, bytes);
        heap.putBytes(0, bytes);
    }

    @Benchmark
    public long packetMemory()
    {
        return InternetChecksum.sum(packet, 42, length, 0);
    }

    /** The native loop alone at every length: where it starts to beat the Java one (NATIVE_FROM). */
    @Benchmark
    public long nativeLoop()
    {
        return OnesComplementSum.of(packet.addressOffset() + 42, length);
    }

    @Benchmark
    public long javaLoop()
    {
        return InternetChecksum.sum(heap, 42, length, 0);
    }
}
