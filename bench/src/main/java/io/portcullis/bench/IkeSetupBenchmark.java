package io.portcullis.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.portcullis.controlplane.ike.ChildSaListener;
import io.portcullis.controlplane.ike.Endpoint;
import io.portcullis.controlplane.ike.IkeConfig;
import io.portcullis.controlplane.ike.IkeContext;
import io.portcullis.controlplane.ike.IkeService;
import io.portcullis.controlplane.ike.QuickModeRequest;
import io.portcullis.controlplane.ike.SpiAllocator;
import io.portcullis.controlplane.ike.crypto.DiffieHellmanGroup;
import io.portcullis.controlplane.ike.crypto.IkeCipher;
import io.portcullis.controlplane.ike.crypto.IkeHash;
import io.portcullis.controlplane.ike.proposal.Phase1Transform;
import io.portcullis.controlplane.ike.proposal.ProposalPolicy;
import io.portcullis.controlplane.runtime.Scheduler;
import io.portcullis.dataplane.api.DataplaneCommands;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.L2tpSessionConfig;
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
 * IKEv1 set-ups per second: Main Mode (PSK) + Quick Mode (L2TP transport) between Portcullis's
 * own initiator and responder, in process, on one thread. One operation is one complete set-up,
 * both sides' work: each side does one DH key generation and one agreement, so the responder's
 * own share is about half of the time measured (its rate per core about twice the score).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IkeSetupBenchmark
{
    private static final int INITIATOR = 0x0a000001;
    private static final int RESPONDER = 0x0a000002;

    @Param({"MODP_2048", "ECP_256"})
    public String group;

    private final Loop loop = new Loop();
    private final Installed initiatorSas = new Installed();
    private final Installed responderSas = new Installed();
    private IkeService initiator;
    private IkeService responder;
    private int port;

    /** Runs tasks in order on the calling thread; timers (retransmission, DPD) never fire here. */
    private static final class Loop implements Scheduler
    {
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public long nowMs()
        {
            return 0;
        }

        @Override
        public Timer schedule(final long delayMs, final Runnable task)
        {
            return () -> { };
        }

        @Override
        public void execute(final Runnable task)
        {
            tasks.add(task);
        }

        void drain()
        {
            Runnable task;
            while ((task = tasks.poll()) != null)
            {
                task.run();
            }
        }
    }

    /** Counts the SAs installed, so each operation can check it completed. */
    private static final class Installed implements DataplaneCommands
    {
        int count;

        @Override
        public void addSa(final int handle, final EspSaConfig sa)
        {
            count++;
        }

        @Override
        public void removeSa(final int handle, final int spi, final boolean inbound)
        {
        }

        @Override
        public void addClient(final L2tpSessionConfig session, final int mtu)
        {
        }

        @Override
        public void removeClient(final int localTunnelId, final int localSessionId)
        {
        }

        @Override
        public void sendUdp(final int localAddress, final int localPort, final int remoteAddress,
            final int remotePort, final ByteBuffer payload, final int espSaHandle)
        {
        }
    }

    @Setup
    public void setUp()
    {
        final DiffieHellmanGroup dh = DiffieHellmanGroup.valueOf(group);
        final ProposalPolicy policy = ProposalPolicy.defaults().withOffers(List.of(new Phase1Transform(
            IkeCipher.AES_CBC, 128, IkeHash.SHA2_256, dh, Phase1Transform.AUTH_PRE_SHARED_KEY, 28_800)),
            ProposalPolicy.defaults().espOffer());
        final IkeConfig config = IkeConfig.withPsk("benchmark".getBytes(StandardCharsets.US_ASCII), policy)
            .withDpd(0, 0);
        initiator = new IkeService(new IkeContext(config, loop, (e, m) -> responder.onDatagram(e.remoteAddress(),
            e.remotePort(), e.localAddress(), e.localPort(), ByteBuffer.wrap(m)), initiatorSas, event -> { },
            new SpiAllocator(), ChildSaListener.NONE));
        responder = new IkeService(new IkeContext(config, loop, (e, m) -> initiator.onDatagram(e.remoteAddress(),
            e.remotePort(), e.localAddress(), e.localPort(), ByteBuffer.wrap(m)), responderSas, event -> { },
            new SpiAllocator(), ChildSaListener.NONE));
    }

    @Benchmark
    public int mainModeAndQuickMode()
    {
        final int before = responderSas.count;
        // A new source port per set-up: each one is a new peer, as clients behind one NAT are.
        port = port == 65_535 ? 1_024 : port + 1;
        initiator.initiate(new Endpoint(INITIATOR, port, RESPONDER, Endpoint.IKE_PORT), QuickModeRequest.l2tpTransport());
        loop.drain();
        if (responderSas.count != before + 2)
        {
            throw new IllegalStateException("set-up did not complete");
        }
        return responderSas.count;
    }
}
