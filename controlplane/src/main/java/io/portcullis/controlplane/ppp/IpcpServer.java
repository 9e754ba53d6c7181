package io.portcullis.controlplane.ppp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * IPCP (RFC 1332) as the server: our own address in our request; the client's IP-Address Nak'd
 * to the one leased for it (RFC 1332 §3.3: a client asking 0.0.0.0 asks to be told), and the DNS
 * and NBNS servers of RFC 1877 Nak'd to ours or Rejected when none is configured. Addresses are
 * IPv4 in host order.
 */
public final class IpcpServer implements OptionNegotiator
{
    public static final int IP_ADDRESSES = 1;
    public static final int IP_COMPRESSION = 2;
    public static final int IP_ADDRESS = 3;
    public static final int PRIMARY_DNS = 129;
    public static final int PRIMARY_NBNS = 130;
    public static final int SECONDARY_DNS = 131;
    public static final int SECONDARY_NBNS = 132;

    private final int localAddress;
    private final IntSupplier clientAddress;
    private final int[] servers = new int[133];
    private final Runnable onUp;
    private final Runnable onDown;
    private boolean askAddress = true;

    /**
     * @param clientAddress the address leased to the client (asked when the client's request comes).
     * @param dns           primary and secondary DNS (0: none); {@code nbns} likewise.
     */
    public IpcpServer(final int localAddress, final IntSupplier clientAddress, final int[] dns, final int[] nbns,
        final Runnable onUp, final Runnable onDown)
    {
        this.localAddress = localAddress;
        this.clientAddress = clientAddress;
        this.servers[PRIMARY_DNS] = dns.length > 0 ? dns[0] : 0;
        this.servers[SECONDARY_DNS] = dns.length > 1 ? dns[1] : 0;
        this.servers[PRIMARY_NBNS] = nbns.length > 0 ? nbns[0] : 0;
        this.servers[SECONDARY_NBNS] = nbns.length > 1 ? nbns[1] : 0;
        this.onUp = onUp;
        this.onDown = onDown;
    }

    @Override
    public List<ConfigOption> request()
    {
        final List<ConfigOption> options = new ArrayList<>();
        if (askAddress)
        {
            options.add(ConfigOption.u32(IP_ADDRESS, localAddress & 0xFFFFFFFFL));
        }
        return options;
    }

    @Override
    public ConfigVerdict examine(final List<ConfigOption> peerOptions)
    {
        final ConfigVerdict verdict = new ConfigVerdict();
        for (final ConfigOption option : peerOptions)
        {
            final boolean fourOctets = option.data().length == 4;
            switch (option.type())
            {
                case IP_ADDRESS -> expect(option, fourOctets, clientAddress.getAsInt(), verdict);
                case PRIMARY_DNS, SECONDARY_DNS, PRIMARY_NBNS, SECONDARY_NBNS ->
                    expect(option, fourOctets, servers[option.type()], verdict);
                default -> verdict.reject(option);  // IP-Addresses (deprecated), IP-Compression-Protocol, unknown
            }
        }
        return verdict;
    }

    /** The option must carry {@code wanted}: Nak'd to it if not, Rejected if we have none to give. */
    private static void expect(final ConfigOption option, final boolean fourOctets, final int wanted,
        final ConfigVerdict verdict)
    {
        if (!fourOctets || wanted == 0)
        {
            verdict.reject(option);
        }
        else if ((int)option.u32() != wanted)
        {
            verdict.nak(option, ConfigOption.u32(option.type(), wanted & 0xFFFFFFFFL));
        }
    }

    @Override
    public void nakked(final List<ConfigOption> suggestions)
    {
        // our address is ours to choose: a Nak of it is answered by asking the same again (RFC 1332 §3.3)
    }

    @Override
    public void rejected(final List<ConfigOption> rejected)
    {
        if (rejected.stream().anyMatch(option -> option.type() == IP_ADDRESS))
        {
            askAddress = false;
        }
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
}
