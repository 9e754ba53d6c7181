package io.portcullis.controlplane.ppp;

import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import io.portcullis.controlplane.runtime.Scheduler;

/**
 * One PPP link over an L2TP session (RFC 1661 §3.2 phases): LCP establishes it, then the
 * authentication phase, then the network protocols. This class owns LCP and the dispatch of
 * frames by protocol; the server and client links add authentication and NCPs. Frames of a
 * protocol that is not running get an LCP Protocol-Reject (§5.7).
 */
public abstract class PppLink implements Lcp.Listener
{
    protected final Scheduler scheduler;
    protected final RandomGenerator random;
    protected final Lcp lcp;
    protected final OptionAutomaton lcpAutomaton;
    private final Consumer<byte[]> frameOutput;
    private int rejectId;
    private long malformed;

    protected PppLink(final Scheduler scheduler, final RandomGenerator random, final Consumer<byte[]> frameOutput,
        final LcpChoices choices, final AutomatonTimers timers)
    {
        this.scheduler = scheduler;
        this.random = random;
        this.frameOutput = frameOutput;
        this.lcp = new Lcp(scheduler, random, this::send, this, choices.offered(), choices.accepted(), choices.mru(),
            choices.echoIntervalMs(), choices.maxMissedEchoes());
        this.lcpAutomaton = new OptionAutomaton("lcp", PppProtocol.LCP, scheduler, timers, lcp, this::send);
    }

    /** What this end's LCP asks for and accepts. */
    public record LcpChoices(java.util.List<AuthMethod> offered, java.util.List<AuthMethod> accepted, int mru,
        long echoIntervalMs, int maxMissedEchoes)
    {
    }

    /** The L2TP session is up: LCP starts (RFC 1661 §3.3, the Up and Open events). */
    public void start()
    {
        lcpAutomaton.open();
        lcpAutomaton.up();
    }

    /** A frame from the peer. */
    public void onFrame(final byte[] bytes)
    {
        final PppFrame frame;
        final ControlPacket packet;
        try
        {
            frame = PppFrame.read(bytes);
            if (frame.protocol() == PppProtocol.IPV4 || frame.protocol() == PppProtocol.IPV6)
            {
                return;  // data reaches us only before the dataplane knows the session: drop
            }
            packet = ControlPacket.read(frame.information());
        }
        catch (final PppException ex)
        {
            malformed++;
            return;
        }
        if (frame.protocol() == PppProtocol.LCP)
        {
            lcpAutomaton.receive(packet);
        }
        else if (!dispatch(frame.protocol(), packet) && lcpAutomaton.state() == OptionAutomaton.State.OPENED)
        {
            rejectId = (rejectId + 1) & 0xFF;
            final byte[] data = new byte[2 + frame.information().length];
            data[0] = (byte)(frame.protocol() >>> 8);
            data[1] = (byte)frame.protocol();
            System.arraycopy(frame.information(), 0, data, 2, frame.information().length);
            send(PppProtocol.LCP, new ControlPacket(ControlPacket.PROTOCOL_REJECT, rejectId, data).encode());
        }
    }

    /** Routes a non-LCP packet; false if no running protocol takes it. */
    protected abstract boolean dispatch(int protocol, ControlPacket packet);

    protected final void send(final int protocol, final byte[] packet)
    {
        frameOutput.accept(new PppFrame(protocol, packet).encode());
    }

    /** Ends the link: LCP Terminate-Request (RFC 1661 §3.7). */
    public void close(final String reason)
    {
        lcpAutomaton.close(reason);
    }

    public OptionAutomaton.State lcpState()
    {
        return lcpAutomaton.state();
    }

    public long malformed()
    {
        return malformed;
    }
}
