package io.portcullis.controlplane.l2tp;

import io.portcullis.controlplane.events.Event;

/** What the L2TP control plane tells the operator: tunnels and sessions up and down. No secrets. */
public sealed interface L2tpEvent extends Event
{
    record TunnelUp(String peer, int localTunnelId, int peerTunnelId, String peerHostName) implements L2tpEvent
    {
        @Override
        public String describe()
        {
            return "L2TP tunnel " + localTunnelId + " up with " + peerHostName + " at " + peer + " (peer id " +
                peerTunnelId + ")";
        }
    }

    record TunnelDown(String peer, int localTunnelId, String reason) implements L2tpEvent
    {
        @Override
        public String describe()
        {
            return "L2TP tunnel " + localTunnelId + " with " + peer + " down: " + reason;
        }
    }

    /** {@code insideIpsec}: the session's tunnel sends through an ESP SA; false: plain L2TP, in clear. */
    record SessionUp(String peer, int localTunnelId, int localSessionId, int peerSessionId, boolean insideIpsec)
        implements L2tpEvent
    {
        @Override
        public String describe()
        {
            return "L2TP session " + localTunnelId + "/" + localSessionId + " up with " + peer + " (peer id " +
                peerSessionId + "), " + (insideIpsec ? "inside IPsec" : "in clear: plain L2TP, no IPsec");
        }
    }

    record SessionDown(String peer, int localTunnelId, int localSessionId, String reason) implements L2tpEvent
    {
        @Override
        public String describe()
        {
            return "L2TP session " + localTunnelId + "/" + localSessionId + " with " + peer + " down: " + reason;
        }
    }

    record Refused(String peer, String what, String reason) implements L2tpEvent
    {
        @Override
        public String describe()
        {
            return "L2TP " + what + " from " + peer + " refused: " + reason;
        }
    }
}
