package io.portcullis.controlplane.ppp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

import io.portcullis.controlplane.runtime.Scheduler;

/**
 * The Link Control Protocol's options and extra codes (RFC 1661 §5.7-§5.9, §6): MRU,
 * Authentication-Protocol, Magic-Number with loopback detection, PFC and ACFC, and an Echo
 * keepalive that declares the link dead after {@code maxMissedEchoes} unanswered requests.
 * The authenticator asks for its methods in order of preference, one after the other as the peer
 * Naks them: the peer's suggestion is not taken directly, so a client cannot talk us down to a
 * weaker method than the best one it can do.
 */
public final class Lcp implements OptionNegotiator
{
    public static final int MRU = 1;
    public static final int ACCM = 2;
    public static final int AUTHENTICATION_PROTOCOL = 3;
    public static final int MAGIC_NUMBER = 5;
    public static final int PFC = 7;
    public static final int ACFC = 8;
    private static final int MIN_MRU = 576;

    /** What the link learns from LCP. */
    public interface Listener
    {
        void lcpUp();

        void lcpDown();

        void lcpFinished();

        /** No Echo-Reply for too long, or our own magic came back (a looped link). */
        void linkDead(String reason);

        void protocolRejected(int protocol);
    }

    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final BiConsumer<Integer, byte[]> output;
    private final Listener listener;
    private final List<AuthMethod> offered;
    private final List<AuthMethod> accepted;
    private final int mru;
    private final long echoIntervalMs;
    private final int maxMissedEchoes;
    private int authIndex;
    private long magic;
    private boolean askMru = true;
    private boolean askMagic = true;
    private int peerMru = 1500;
    private AuthMethod negotiatedAuth;
    private boolean peerPfc;
    private boolean peerAcfc;
    private int missedEchoes;
    private int echoId;
    private Scheduler.Timer echoTimer;

    /**
     * @param offered  methods we ask the peer to authenticate with, best first (empty: we do not authenticate it).
     * @param accepted methods we can authenticate ourselves with when the peer asks.
     */
    public Lcp(final Scheduler scheduler, final RandomGenerator random, final BiConsumer<Integer, byte[]> output,
        final Listener listener, final List<AuthMethod> offered, final List<AuthMethod> accepted, final int mru,
        final long echoIntervalMs, final int maxMissedEchoes)
    {
        this.scheduler = scheduler;
        this.random = random;
        this.output = output;
        this.listener = listener;
        this.offered = List.copyOf(offered);
        this.accepted = List.copyOf(accepted);
        this.mru = mru;
        this.echoIntervalMs = echoIntervalMs;
        this.maxMissedEchoes = maxMissedEchoes;
        this.magic = newMagic();
    }

    @Override
    public List<ConfigOption> request()
    {
        final List<ConfigOption> options = new ArrayList<>();
        if (askMru)
        {
            options.add(ConfigOption.u16(MRU, mru));
        }
        if (authIndex < offered.size())
        {
            options.add(offered.get(authIndex).option());
        }
        if (askMagic)
        {
            options.add(ConfigOption.u32(MAGIC_NUMBER, magic));
        }
        return options;
    }

    @Override
    public ConfigVerdict examine(final List<ConfigOption> peerOptions)
    {
        final ConfigVerdict verdict = new ConfigVerdict();
        negotiatedAuth = null;
        for (final ConfigOption option : peerOptions)
        {
            switch (option.type())
            {
                case MRU -> examineMru(option, verdict);
                case ACCM -> lengthOrReject(option, 4, verdict);  // async only: meaningless over L2TP, harmless
                case AUTHENTICATION_PROTOCOL -> examineAuth(option, verdict);
                case MAGIC_NUMBER -> examineMagic(option, verdict);
                case PFC -> peerPfc = lengthOrReject(option, 0, verdict);
                case ACFC -> peerAcfc = lengthOrReject(option, 0, verdict);
                default -> verdict.reject(option);
            }
        }
        return verdict;
    }

    private void examineMru(final ConfigOption option, final ConfigVerdict verdict)
    {
        if (lengthOrReject(option, 2, verdict))
        {
            if (option.u16() < MIN_MRU)
            {
                verdict.nak(option, ConfigOption.u16(MRU, MIN_MRU));
            }
            else
            {
                peerMru = option.u16();
            }
        }
    }

    private void examineAuth(final ConfigOption option, final ConfigVerdict verdict)
    {
        final AuthMethod method = AuthMethod.of(option);
        if (accepted.isEmpty())
        {
            verdict.reject(option);  // we authenticate ourselves to no one
        }
        else if (method != null && accepted.contains(method))
        {
            negotiatedAuth = method;
        }
        else
        {
            verdict.nak(option, accepted.getFirst().option());
        }
    }

    private void examineMagic(final ConfigOption option, final ConfigVerdict verdict)
    {
        if (!lengthOrReject(option, 4, verdict))
        {
            return;
        }
        if (option.u32() == magic && askMagic)
        {
            // §6.4: our own number came back, maybe a looped link; both sides pick anew.
            magic = newMagic();
            verdict.nak(option, ConfigOption.u32(MAGIC_NUMBER, newMagic()));
        }
        else if (option.u32() == 0)
        {
            verdict.nak(option, ConfigOption.u32(MAGIC_NUMBER, newMagic()));
        }
    }

    private static boolean lengthOrReject(final ConfigOption option, final int length, final ConfigVerdict verdict)
    {
        if (option.data().length != length)
        {
            verdict.reject(option);  // RFC 1661 §6: a malformed option is rejected
            return false;
        }
        return true;
    }

    @Override
    public void nakked(final List<ConfigOption> suggestions)
    {
        for (final ConfigOption option : suggestions)
        {
            switch (option.type())
            {
                case MRU -> askMru = option.data().length == 2 && option.u16() >= MIN_MRU && option.u16() <= mru;
                case MAGIC_NUMBER -> magic = newMagic();
                case AUTHENTICATION_PROTOCOL -> authIndex++;
                default -> { }
            }
        }
    }

    @Override
    public void rejected(final List<ConfigOption> rejected)
    {
        for (final ConfigOption option : rejected)
        {
            switch (option.type())
            {
                case MRU -> askMru = false;
                case MAGIC_NUMBER -> askMagic = false;
                case AUTHENTICATION_PROTOCOL -> authIndex = offered.size();
                default -> { }
            }
        }
    }

    @Override
    public void up()
    {
        missedEchoes = 0;
        scheduleEcho();
        listener.lcpUp();
    }

    @Override
    public void down()
    {
        cancelEcho();
        listener.lcpDown();
    }

    @Override
    public void finished()
    {
        cancelEcho();
        listener.lcpFinished();
    }

    @Override
    public boolean otherCode(final ControlPacket packet, final boolean opened)
    {
        switch (packet.code())
        {
            case ControlPacket.ECHO_REQUEST ->
            {
                if (opened)
                {
                    output.accept(PppProtocol.LCP, echo(ControlPacket.ECHO_REPLY, packet.identifier(), packet.data()));
                }
            }
            case ControlPacket.ECHO_REPLY -> onEchoReply(packet);
            case ControlPacket.PROTOCOL_REJECT ->
            {
                if (opened && packet.data().length >= 2)
                {
                    listener.protocolRejected((packet.data()[0] & 0xFF) << 8 | packet.data()[1] & 0xFF);
                }
            }
            case ControlPacket.DISCARD_REQUEST ->
            {
                // §5.9: silently discarded
            }
            default ->
            {
                return false;
            }
        }
        return true;
    }

    private void onEchoReply(final ControlPacket reply)
    {
        if (reply.data().length >= 4 && askMagic && magicOf(reply.data()) == magic)
        {
            listener.linkDead("RFC 1661 §6.4: our own Magic-Number in an Echo-Reply: the link is looped back");
            return;
        }
        missedEchoes = 0;
    }

    private void scheduleEcho()
    {
        if (echoIntervalMs > 0)
        {
            echoTimer = scheduler.schedule(echoIntervalMs, this::sendEcho);
        }
    }

    private void sendEcho()
    {
        if (missedEchoes >= maxMissedEchoes)
        {
            listener.linkDead("no LCP Echo-Reply to " + maxMissedEchoes + " Echo-Requests");
            return;
        }
        missedEchoes++;
        echoId = (echoId + 1) & 0xFF;
        output.accept(PppProtocol.LCP, echo(ControlPacket.ECHO_REQUEST, echoId, new byte[4]));
        scheduleEcho();
    }

    private byte[] echo(final int code, final int identifier, final byte[] request)
    {
        final byte[] data = request.length >= 4 ? request.clone() : new byte[4];
        final long ours = askMagic ? magic : 0;  // §5.8: zero if Magic-Number was not negotiated
        data[0] = (byte)(ours >>> 24);
        data[1] = (byte)(ours >>> 16);
        data[2] = (byte)(ours >>> 8);
        data[3] = (byte)ours;
        return new ControlPacket(code, identifier, data).encode();
    }

    private void cancelEcho()
    {
        if (echoTimer != null)
        {
            echoTimer.cancel();
            echoTimer = null;
        }
    }

    private long newMagic()
    {
        long value;
        do
        {
            value = random.nextInt() & 0xFFFFFFFFL;
        }
        while (value == 0);
        return value;
    }

    private static long magicOf(final byte[] data)
    {
        return (long)(data[0] & 0xFF) << 24 | (data[1] & 0xFF) << 16 | (data[2] & 0xFF) << 8 | data[3] & 0xFF;
    }

    /** The method the peer will authenticate with (what we asked and it acked), null for none. */
    public AuthMethod authenticatorMethod()
    {
        return authIndex < offered.size() ? offered.get(authIndex) : null;
    }

    /** The method the peer asked us to authenticate with, null for none. */
    public AuthMethod peerRequestedAuth()
    {
        return negotiatedAuth;
    }

    public boolean peerPfc()
    {
        return peerPfc;
    }

    public boolean peerAcfc()
    {
        return peerAcfc;
    }

    public int peerMru()
    {
        return peerMru;
    }

    /** True if we offer methods but the peer refused them all: the link must not come up. */
    public boolean authenticationRefused()
    {
        return !offered.isEmpty() && authIndex >= offered.size();
    }
}
