package io.portcullis.controlplane.ppp;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * IPV6CP (RFC 5072): each side picks a 64-bit Interface-Identifier for its link-local address;
 * a peer identifier that is zero or equal to ours is Nak'd with a fresh random one (§4.1), and a
 * Nak of ours makes us take the suggestion unless it collides with the peer's.
 */
public final class Ipv6cp implements OptionNegotiator
{
    public static final int INTERFACE_IDENTIFIER = 1;

    private final RandomGenerator random;
    private final Runnable onUp;
    private final Runnable onDown;
    private long localId;
    private long peerId;
    private boolean askId = true;

    public Ipv6cp(final RandomGenerator random, final Runnable onUp, final Runnable onDown)
    {
        this.random = random;
        this.onUp = onUp;
        this.onDown = onDown;
        this.localId = newId();
    }

    @Override
    public List<ConfigOption> request()
    {
        final List<ConfigOption> options = new ArrayList<>();
        if (askId)
        {
            options.add(new ConfigOption(INTERFACE_IDENTIFIER, bytes(localId)));
        }
        return options;
    }

    @Override
    public ConfigVerdict examine(final List<ConfigOption> peerOptions)
    {
        final ConfigVerdict verdict = new ConfigVerdict();
        for (final ConfigOption option : peerOptions)
        {
            if (option.type() != INTERFACE_IDENTIFIER || option.data().length != 8)
            {
                verdict.reject(option);  // IPv6-Compression-Protocol and anything else
                continue;
            }
            final long id = value(option.data());
            if (id == 0 || id == localId)
            {
                verdict.nak(option, new ConfigOption(INTERFACE_IDENTIFIER, bytes(newId())));
            }
            else
            {
                peerId = id;
            }
        }
        return verdict;
    }

    @Override
    public void nakked(final List<ConfigOption> suggestions)
    {
        for (final ConfigOption option : suggestions)
        {
            if (option.type() == INTERFACE_IDENTIFIER && option.data().length == 8)
            {
                final long suggested = value(option.data());
                localId = suggested != 0 && suggested != peerId ? suggested : newId();
            }
        }
    }

    @Override
    public void rejected(final List<ConfigOption> rejected)
    {
        askId = false;
    }

    @Override
    public void up()
    {
        onUp.run();
    }

    @Override
    public void down()
    {
        onDown.run();
    }

    private long newId()
    {
        long id;
        do
        {
            id = random.nextLong();
        }
        while (id == 0 || id == peerId);
        return id;
    }

    private static byte[] bytes(final long value)
    {
        final byte[] out = new byte[8];
        for (int i = 0; i < 8; i++)
        {
            out[i] = (byte)(value >>> (56 - 8 * i));
        }
        return out;
    }

    private static long value(final byte[] data)
    {
        long value = 0;
        for (final byte b : data)
        {
            value = value << 8 | b & 0xFF;
        }
        return value;
    }

    public long localId()
    {
        return localId;
    }

    public long peerId()
    {
        return peerId;
    }
}
