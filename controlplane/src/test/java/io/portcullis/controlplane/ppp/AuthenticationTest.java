package io.portcullis.controlplane.ppp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.portcullis.controlplane.aaa.AuthFailureLimiter;
import io.portcullis.controlplane.aaa.LocalUser;
import io.portcullis.controlplane.aaa.LocalUsers;
import io.portcullis.controlplane.runtime.ManualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each authenticator against our peer in memory: PAP, CHAP-MD5, MS-CHAPv2, EAP-MD5. */
class AuthenticationTest
{
    private final ManualScheduler scheduler = new ManualScheduler();
    private final LocalUsers users = new LocalUsers(List.of(
        LocalUser.withPassword("alice", "wonderland", 0),
        LocalUser.withNtHash("bob", MsChapV2.ntPasswordHash("builder"), 0)));
    private final AuthFailureLimiter limiter = new AuthFailureLimiter(3, 60_000);
    private final List<String> serverResults = new ArrayList<>();
    private final List<String> peerResults = new ArrayList<>();
    private final List<byte[]> toPeer = new ArrayList<>();
    private AuthProtocol authenticator;
    private AuthProtocol peer;

    private AuthProtocol.Result recorder(final List<String> into)
    {
        return new AuthProtocol.Result()
        {
            @Override
            public void authenticated(final String user)
            {
                into.add("ok " + user);
            }

            @Override
            public void failed(final String user, final String reason)
            {
                into.add("fail " + user + ": " + reason);
            }
        };
    }

    private void connect(final AuthMethod method, final String user, final String password)
    {
        connect(method, user, password, false);
    }

    private void connect(final AuthMethod method, final String user, final String password,
        final boolean eapMsChapV2)
    {
        final AuthContext context = new AuthContext(scheduler, new Random(1), users, limiter, "192.0.2.9", "lns",
            (protocol, packet) ->
            {
                toPeer.add(packet);
                scheduler.execute(() -> peer.receive(read(packet)));
            }, recorder(serverResults));
        authenticator = switch (method)
        {
            case PAP -> new PapAuthenticator(context);
            case CHAP_MD5, MSCHAP_V2 -> new ChapAuthenticator(method, context);
            case EAP -> new EapAuthenticator(context);
        };
        peer = new AuthPeer(method, user, password, scheduler, new Random(2),
            (protocol, packet) -> scheduler.execute(() -> authenticator.receive(read(packet))), recorder(peerResults));
        if (eapMsChapV2)
        {
            ((AuthPeer)peer).withEapMsChapV2Only();
        }
        authenticator.start();
        peer.start();
        scheduler.advanceMs(100);
    }

    private static ControlPacket read(final byte[] packet)
    {
        try
        {
            return ControlPacket.read(packet);
        }
        catch (final PppException ex)
        {
            throw new AssertionError(ex.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(AuthMethod.class)
    void rightPasswordSucceedsOnBothSides(final AuthMethod method)
    {
        connect(method, "alice", "wonderland");
        assertEquals(List.of("ok alice"), serverResults);
        assertEquals(List.of("ok alice"), peerResults);
    }

    @ParameterizedTest
    @EnumSource(AuthMethod.class)
    void wrongPasswordFailsOnBothSides(final AuthMethod method)
    {
        connect(method, "alice", "looking-glass");
        assertEquals(1, serverResults.size());
        assertTrue(serverResults.getFirst().startsWith("fail alice: "), serverResults.toString());
        assertTrue(peerResults.getFirst().startsWith("fail alice"), peerResults.toString());
        assertTrue(serverResults.stream().noneMatch(r -> r.contains("wonderland") || r.contains("looking-glass")),
            "no password in a result");
    }

    @ParameterizedTest
    @EnumSource(AuthMethod.class)
    void unknownUserFails(final AuthMethod method)
    {
        connect(method, "mallory", "x");
        assertTrue(serverResults.getFirst().contains("no such user"), serverResults.toString());
    }

    @Test
    void ntHashOnlyUserWorksWithPapAndMsChapV2NotChapMd5()
    {
        connect(AuthMethod.MSCHAP_V2, "bob", "builder");
        connect(AuthMethod.PAP, "bob", "builder");
        connect(AuthMethod.CHAP_MD5, "bob", "builder");
        assertEquals("ok bob", serverResults.get(0));
        assertEquals("ok bob", serverResults.get(1));
        assertTrue(serverResults.get(2).contains("CHAP-MD5 needs a cleartext password"), serverResults.get(2));
    }

    @Test
    void eapMsChapV2WhenThePeerNaksMd5()
    {
        connect(AuthMethod.EAP, "alice", "wonderland", true);
        assertEquals(List.of("ok alice"), serverResults);
        assertEquals(List.of("ok alice"), peerResults, "the peer checked the server's S= proof");
        assertTrue(toPeer.stream().anyMatch(p -> p.length > 4 && p[4] == EapMsChapV2.TYPE), "Type 26 was used");
        connect(AuthMethod.EAP, "bob", "builder", true);
        assertEquals("ok bob", serverResults.getLast(), "an NT-hash-only user works with EAP-MSCHAPv2");
        connect(AuthMethod.EAP, "bob", "builder", false);
        assertTrue(serverResults.getLast().contains("EAP-MD5 needs a cleartext password"), serverResults.getLast());
    }

    @Test
    void eapMsChapV2WrongPasswordFails()
    {
        connect(AuthMethod.EAP, "alice", "nope", true);
        assertTrue(serverResults.getFirst().contains("wrong NT-Response"), serverResults.toString());
        assertTrue(peerResults.getFirst().startsWith("fail"), peerResults.toString());
    }

    @Test
    void eapMsChapV2FailsOnWrongMsLength()
    {
        final PppException ex = org.junit.jupiter.api.Assertions.assertThrows(PppException.class,
            () -> EapMsChapV2.readResponse(new byte[] {26, 2, 1, 0, 9, 0}));
        assertTrue(ex.getMessage().contains("MS-Length 9 but 5 octets"), ex.getMessage());
    }

    @Test
    void msChapV2FailureCarriesTheRfc2759Fields()
    {
        connect(AuthMethod.MSCHAP_V2, "alice", "nope");
        final String failure = new String(read(toPeer.getLast()).data());
        assertTrue(failure.matches("E=691 R=0 C=[0-9A-F]{32} V=3 M=.*"), failure);
    }

    @Test
    void msChapV2PeerRejectsServerThatCannotProveThePassword()
    {
        peer = new AuthPeer(AuthMethod.MSCHAP_V2, "alice", "wonderland", scheduler, new Random(3),
            (protocol, packet) -> { }, recorder(peerResults));
        final byte[] challenge = new byte[16];
        peer.receive(new ControlPacket(1, 7, concat(new byte[] {16}, challenge)));
        peer.receive(new ControlPacket(3, 7, ("S=" + "0".repeat(40) + " M=hi").getBytes()));
        assertTrue(peerResults.getFirst().contains("does not prove"), peerResults.toString());
    }

    @Test
    void repeatedFailuresBlockTheUserAndThePeer()
    {
        for (int i = 0; i < 3; i++)
        {
            connect(AuthMethod.CHAP_MD5, "alice", "guess" + i);
        }
        connect(AuthMethod.CHAP_MD5, "alice", "wonderland");
        assertTrue(serverResults.getLast().contains("too many failed attempts"), serverResults.toString());
        scheduler.advanceMs(61_000);
        connect(AuthMethod.CHAP_MD5, "alice", "wonderland");
        assertEquals("ok alice", serverResults.getLast(), "the block expires");
    }

    @Test
    void malformedChapResponseFails()
    {
        connect(AuthMethod.CHAP_MD5, "alice", "wonderland");
        serverResults.clear();
        final AuthContext context = new AuthContext(scheduler, new Random(1), users, limiter, "p", "lns",
            (protocol, packet) -> toPeer.add(packet), recorder(serverResults));
        final ChapAuthenticator chap = new ChapAuthenticator(AuthMethod.CHAP_MD5, context);
        chap.start();
        final int id = read(toPeer.getLast()).identifier();
        chap.receive(new ControlPacket(2, id, new byte[] {40, 1, 2}));
        assertTrue(serverResults.getFirst().contains("RFC 1994 §4.1: Value-Size exceeds the packet"), serverResults.toString());
    }

    @Test
    void challengeIsRetransmittedThenGivenUp()
    {
        final AuthContext context = new AuthContext(scheduler, new Random(1), users, limiter, "p", "lns",
            (protocol, packet) -> toPeer.add(packet), recorder(serverResults));
        new ChapAuthenticator(AuthMethod.MSCHAP_V2, context).start();
        scheduler.advanceMs(60_000);
        assertEquals(10, toPeer.size());
        assertTrue(serverResults.getFirst().contains("no Response to 10 Challenges"));
    }

    private static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
