package io.portcullis.controlplane.ppp;

import java.util.ArrayList;
import java.util.List;

/**
 * IPCP (RFC 1332) as the client (our LAC role and tests): asks for address 0.0.0.0 and DNS
 * 0.0.0.0 (RFC 1877) and takes what the server Naks back; accepts the server's own address.
 */
public final class IpcpClient implements OptionNegotiator
{
    private int address;
    private int primaryDns;
    private int secondaryDns;
    // RFC 1877 §1.1: each DNS option stands alone; a server with one DNS rejects only the secondary.
    private boolean askPrimaryDns = true;
    private boolean askSecondaryDns = true;
    private boolean opened;
    private int serverAddress;

    @Override
    public List<ConfigOption> request()
    {
        final List<ConfigOption> options = new ArrayList<>();
        options.add(ConfigOption.u32(IpcpServer.IP_ADDRESS, address & 0xFFFFFFFFL));
        if (askPrimaryDns)
        {
            options.add(ConfigOption.u32(IpcpServer.PRIMARY_DNS, primaryDns & 0xFFFFFFFFL));
        }
        if (askSecondaryDns)
        {
            options.add(ConfigOption.u32(IpcpServer.SECONDARY_DNS, secondaryDns & 0xFFFFFFFFL));
        }
        return options;
    }

    @Override
    public ConfigVerdict examine(final List<ConfigOption> peerOptions)
    {
        final ConfigVerdict verdict = new ConfigVerdict();
        for (final ConfigOption option : peerOptions)
        {
            if (option.type() == IpcpServer.IP_ADDRESS && option.data().length == 4)
            {
                serverAddress = (int)option.u32();
            }
            else
            {
                verdict.reject(option);
            }
        }
        return verdict;
    }

    @Override
    public void nakked(final List<ConfigOption> suggestions)
    {
        for (final ConfigOption option : suggestions)
        {
            if (option.data().length != 4)
            {
                continue;
            }
            switch (option.type())
            {
                case IpcpServer.IP_ADDRESS -> address = (int)option.u32();
                case IpcpServer.PRIMARY_DNS -> primaryDns = (int)option.u32();
                case IpcpServer.SECONDARY_DNS -> secondaryDns = (int)option.u32();
                default -> { }
            }
        }
    }

    @Override
    public void rejected(final List<ConfigOption> rejected)
    {
        for (final ConfigOption option : rejected)
        {
            if (option.type() == IpcpServer.PRIMARY_DNS)
            {
                askPrimaryDns = false;
            }
            else if (option.type() == IpcpServer.SECONDARY_DNS)
            {
                askSecondaryDns = false;
            }
        }
    }

    @Override
    public void up()
    {
        opened = true;
    }

    @Override
    public void down()
    {
        opened = false;
    }

    public int address()
    {
        return address;
    }

    public int primaryDns()
    {
        return primaryDns;
    }

    public int secondaryDns()
    {
        return secondaryDns;
    }

    public int serverAddress()
    {
        return serverAddress;
    }

    public boolean opened()
    {
        return opened;
    }
}
