package io.portcullis.controlplane.ppp;

/** One side of one authentication method (RFC 1334 PAP, RFC 1994 CHAP, RFC 2759, RFC 3748 EAP). */
public interface AuthProtocol
{
    /** What the exchange ended with; called once. {@code user} is the name claimed, never a secret. */
    interface Result
    {
        void authenticated(String user);

        void failed(String user, String reason);
    }

    /** The PPP protocol number its packets travel under. */
    int protocol();

    /** The authentication phase begins (RFC 1661 §3.5). */
    void start();

    /** A packet of {@link #protocol()} from the peer. */
    void receive(ControlPacket packet);

    /** The link goes down: stop timers. */
    void stop();
}
