package io.portcullis.controlplane.ppp;

import java.util.List;

/**
 * The LNS's PPP: its name in challenges, authentication methods in order of preference, MRU,
 * LCP echo keepalive, our address and the DNS/NBNS servers handed out (RFC 1877), and the automaton timers. Addresses
 * are IPv4 in host order, 0 for none.
 */
public record PppSettings(String hostName, List<AuthMethod> authentication, int mru, long echoIntervalMs, int maxMissedEchoes,
    int localAddress, int[] dns, int[] nbns, boolean ipv6, AutomatonTimers timers)
{
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
    }

    public static PppSettings of(final int localAddress, final int... dns)
    {
        return new PppSettings("portcullis", List.of(AuthMethod.MSCHAP_V2, AuthMethod.CHAP_MD5, AuthMethod.PAP), 1400,
            30_000, 4,
            localAddress, dns, new int[0], true, AutomatonTimers.defaults());
    }

    public PppSettings withAuthentication(final List<AuthMethod> methods)
    {
        return new PppSettings(hostName, methods, mru, echoIntervalMs, maxMissedEchoes, localAddress, dns, nbns, ipv6, timers);
    }
}
