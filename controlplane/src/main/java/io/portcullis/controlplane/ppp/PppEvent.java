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

    /** Byte counts are not here yet: the dataplane API has no per-session counter query (see the report). */
    record AccountingStop(String user, String peer, int tunnelId, int sessionId, String address, long durationMs,
        String reason) implements PppEvent
    {
        @Override
        public String describe()
        {
            return "accounting stop: " + user + " from " + peer + " session " + tunnelId + "/" + sessionId + " address " +
                address + " after " + durationMs / 1000 + " s: " + reason;
        }
    }
}
