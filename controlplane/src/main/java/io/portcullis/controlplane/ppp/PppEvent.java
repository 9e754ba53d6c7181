package io.portcullis.controlplane.ppp;

import io.portcullis.controlplane.events.Event;

/** Authentication results and accounting of PPP sessions. User names yes, passwords never. */
public sealed interface PppEvent extends Event
{
    record AuthSucceeded(String user, String peer, AuthMethod method) implements PppEvent
    {
        @Override
        public String describe()
        {
            return "PPP user " + user + " from " + peer + " authenticated by " + method;
        }
    }

    record AuthFailed(String user, String peer, AuthMethod method, String reason) implements PppEvent
    {
        @Override
        public String describe()
        {
            return "PPP user " + (user.isEmpty() ? "(none)" : user) + " from " + peer + " failed " + method + ": " + reason;
        }
    }

    record AccountingStart(String user, String peer, int tunnelId, int sessionId, String address) implements PppEvent
    {
        @Override
        public String describe()
        {
            return "accounting start: " + user + " from " + peer + " session " + tunnelId + "/" + sessionId + " address " +
                address;
        }
    }

    /** RFC 2866 §5.1 Acct-Status-Type Interim-Update: the session's traffic so far, counted as in {@link AccountingStop}. */
    record AccountingInterim(String user, String peer, int tunnelId, int sessionId, String address, long durationMs,
        long inputOctets, long outputOctets, long inputPackets, long outputPackets) implements PppEvent
    {
        @Override
        public String describe()
        {
            return "accounting interim: " + user + " from " + peer + " session " + tunnelId + "/" + sessionId +
                " address " + address + " after " + durationMs / 1000 + " s, in " + inputOctets + " B/" + inputPackets +
                " packets, out " + outputOctets + " B/" + outputPackets + " packets";
        }
    }

    /**
     * The session ended. Traffic is RFC 2866's: input (§5.3 Acct-Input-Octets, §5.8
     * Acct-Input-Packets) is what the client sent, output (§5.4, §5.9) what it was sent, inner IP
     * packets as the dataplane counted them just before the session was removed; -1 when the
     * dataplane did not answer in time.
     */
    record AccountingStop(String user, String peer, int tunnelId, int sessionId, String address, long durationMs,
        long inputOctets, long outputOctets, long inputPackets, long outputPackets, String reason) implements PppEvent
    {
        @Override
        public String describe()
        {
            return "accounting stop: " + user + " from " + peer + " session " + tunnelId + "/" + sessionId + " address " +
                address + " after " + durationMs / 1000 + " s, " + (inputOctets < 0 ? "traffic not counted" :
                "in " + inputOctets + " B/" + inputPackets + " packets, out " + outputOctets + " B/" + outputPackets +
                " packets") + ": " + reason;
        }
    }
}
