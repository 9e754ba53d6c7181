package io.portcullis.controlplane.ppp;

import java.util.HashMap;
import java.util.Map;

import io.portcullis.controlplane.l2tp.Vectors;
import org.junit.jupiter.api.Test;

import static io.portcullis.controlplane.l2tp.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** MS-CHAPv2 against RFC 2759 §9.2, CHAP-MD5 against answers computed by Python's hashlib. */
class AuthKnownAnswerTest
{
    @Test
    void msChapV2MatchesRfc2759Section9()
    {
        final Map<String, String> v = new HashMap<>();
        for (final String[] line : Vectors.lines("rfc2759/section-9.2.txt"))
        {
            v.put(line[0], line[1]);
        }
        final String user = new String(hex(v.get("UserName")));
        final byte[] authChallenge = hex(v.get("AuthenticatorChallenge"));
        final byte[] peerChallenge = hex(v.get("PeerChallenge"));
        final byte[] hash = MsChapV2.ntPasswordHash(v.get("Password"));
        assertArrayEquals(hex(v.get("PasswordHash")), hash);
        assertArrayEquals(hex(v.get("PasswordHashHash")), MsChapV2.hashNtPasswordHash(hash));
        assertArrayEquals(hex(v.get("Challenge")), MsChapV2.challengeHash(peerChallenge, authChallenge, user));
        final byte[] ntResponse = MsChapV2.ntResponse(authChallenge, peerChallenge, user, hash);
        assertArrayEquals(hex(v.get("NT-Response")), ntResponse);
        assertEquals(v.get("AuthenticatorResponse"),
            MsChapV2.authenticatorResponse(hash, ntResponse, peerChallenge, authChallenge, user));
        assertArrayEquals(ntResponse, MsChapV2.ntResponse(authChallenge, peerChallenge, "BIGCO\\" + user, hash),
            "RFC 2759 §4: the domain prefix is not part of UserName");
        assertNotEquals(v.get("AuthenticatorResponse"), MsChapV2.authenticatorResponse(
            MsChapV2.ntPasswordHash("clientPasS"), ntResponse, peerChallenge, authChallenge, user));
    }

    @Test
    void chapMd5MatchesIndependentKnownAnswers()
    {
        for (final String[] c : Vectors.lines("rfc1994/chap-md5.txt"))
        {
            assertArrayEquals(hex(c[3]), ChapMd5.response(Integer.parseInt(c[0]), hex(c[1]), hex(c[2])));
        }
        assertEquals(3, Vectors.lines("rfc1994/chap-md5.txt").size());
    }
}
