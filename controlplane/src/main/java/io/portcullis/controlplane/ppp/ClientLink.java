package io.portcullis.controlplane.ppp;

import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import io.portcullis.controlplane.runtime.Scheduler;

/**
 * The client's PPP link (our LAC role, and the far end of in-memory tests): accepts the
 * authentication methods it can do, authenticates with a user name and password, then asks IPCP
 * for an address and DNS servers.
 */
public final class ClientLink extends PppLink implements AuthProtocol.Result
{
    private final String user;
    private final String password;
    private final IpcpClient ipcpOptions = new IpcpClient();
    private final OptionAutomaton ipcp;
    private AuthProtocol auth;
    private String result = "";

    public ClientLink(final Scheduler scheduler, final RandomGenerator random, final Consumer<byte[]> frameOutput,
        final List<AuthMethod> methods, final String user, final String password, final AutomatonTimers timers)
    {
        super(scheduler, random, frameOutput, new LcpChoices(List.of(), methods, 1400, 30_000, 4), timers);
        this.user = user;
        this.password = password;
        this.ipcp = new OptionAutomaton("ipcp", PppProtocol.IPCP, scheduler, timers, ipcpOptions, this::send);
    }

    @Override
    public void lcpUp()
    {
        final AuthMethod method = lcp.peerRequestedAuth();
        if (method == null)
        {
            authenticated(user);
            return;
        }
        auth = new AuthPeer(method, user, password, scheduler, random, this::send, this);
        auth.start();
    }

    @Override
    public void authenticated(final String name)
    {
        result = "authenticated";
        ipcp.open();
        ipcp.up();
    }

    @Override
    public void failed(final String name, final String reason)
    {
        result = "failed: " + reason;
    }

    @Override
    protected boolean dispatch(final int protocol, final ControlPacket packet)
    {
        if (auth != null && protocol == auth.protocol())
        {
            auth.receive(packet);
            return true;
        }
        if (protocol == PppProtocol.IPCP)
        {
            ipcp.receive(packet);
            return true;
        }
        return false;  // IPV6CP and the rest: Protocol-Reject, as an IPv4-only client does
    }

    @Override
    public void lcpDown()
    {
        ipcp.down();
    }

    @Override
    public void lcpFinished()
    {
        ipcp.down();
    }

    @Override
    public void linkDead(final String reason)
    {
        result = "dead: " + reason;
    }

    @Override
    public void protocolRejected(final int protocol)
    {
    }

    public IpcpClient ipcp()
    {
        return ipcpOptions;
    }

    public String result()
    {
        return result;
    }
}
