package io.portcullis.controlplane.ppp;

import java.util.List;

/**
 * The LNS's PPP: its name in challenges, authentication methods in order of preference, MRU,
 * LCP echo keepalive, our address and the DNS/NBNS servers handed out (RFC 1877), and the automaton timers. Addresses
 * are IPv4 in host order, 0 for none.
 *
 * @param idleTimeoutMs      a session that moves no data either way for this long is terminated (0: never).
 * @param interimIntervalMs  accounting interim updates with the session's traffic so far, this often (0: none).
 */
public record PppSettings(String hostName, List<AuthMethod> authentication, int mru, long echoIntervalMs, int maxMissedEchoes,
    int localAddress, int[] dns, int[] nbns, boolean ipv6, AutomatonTimers timers, long idleTimeoutMs,
    long interimIntervalMs)
{
    /** Without an idle timeout or interim accounting. */
    public PppSettings(final String hostName, final List<AuthMethod> authentication, final int mru,
        final long echoIntervalMs, final int maxMissedEchoes, final int localAddress, final int[] dns, final int[] nbns,
        final boolean ipv6, final AutomatonTimers timers)
    {
        this(hostName, authentication, mru, echoIntervalMs, maxMissedEchoes, localAddress, dns, nbns, ipv6, timers, 0, 0);
    }

    public PppSettings
    {
        authentication = List.copyOf(authentication);
        if (authentication.isEmpty())
        {
            throw new IllegalArgumentException("the LNS authenticates every client: name at least one method");
        }
        if (mru < 576 || mru > 65535)
        {
            throw new IllegalArgumentException("mru must be 576..65535: " + mru);
        }
        dns = dns.clone();
        nbns = nbns.clone();
        if (idleTimeoutMs < 0 || interimIntervalMs < 0)
        {
            throw new IllegalArgumentException("idle timeout and interim interval are durations, 0 for none");
        }
    }

    public static PppSettings of(final int localAddress, final int... dns)
    {
        return new PppSettings("portcullis", List.of(AuthMethod.MSCHAP_V2, AuthMethod.CHAP_MD5, AuthMethod.PAP), 1400,
            30_000, 4,
            localAddress, dns, new int[0], true, AutomatonTimers.defaults());
    }

    public PppSettings withAuthentication(final List<AuthMethod> methods)
    {
        return new PppSettings(hostName, methods, mru, echoIntervalMs, maxMissedEchoes, localAddress, dns, nbns, ipv6, timers,
            idleTimeoutMs, interimIntervalMs);
    }

    public PppSettings withSessionTimers(final long newIdleTimeoutMs, final long newInterimIntervalMs)
    {
        return new PppSettings(hostName, authentication, mru, echoIntervalMs, maxMissedEchoes, localAddress, dns, nbns,
            ipv6, timers, newIdleTimeoutMs, newInterimIntervalMs);
    }
}
