package io.portcullis.controlplane.aaa;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.portcullis.controlplane.ppp.MsChapV2;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalUsersTest
{
    @Test
    void cleartextUserServesEveryMethod()
    {
        final LocalUser alice = LocalUser.withPassword("alice", "wonderland", 0);
        assertTrue(alice.passwordMatches("wonderland".getBytes(StandardCharsets.UTF_8)));
        assertFalse(alice.passwordMatches("Wonderland".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals("wonderland".getBytes(StandardCharsets.UTF_8), alice.cleartext());
        assertArrayEquals(MsChapV2.ntPasswordHash("wonderland"), alice.ntHash());
        assertFalse(alice.toString().contains("wonderland"));
    }

    @Test
    void ntHashUserHasNoCleartextButPapStillWorks()
    {
        final LocalUser bob = LocalUser.withNtHash("bob", MsChapV2.ntPasswordHash("builder"), 0);
        assertNull(bob.cleartext());
        assertTrue(bob.passwordMatches("builder".getBytes(StandardCharsets.UTF_8)));
        assertFalse(bob.passwordMatches("bulider".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> LocalUser.withNtHash("x", new byte[15], 0));
    }

    @Test
    void rejectsDuplicateNames()
    {
        assertThrows(IllegalArgumentException.class, () -> new LocalUsers(List.of(
            LocalUser.withPassword("a", "1", 0), LocalUser.withPassword("a", "2", 0))));
    }

    @Test
    void limiterBlocksAfterFailuresAndForgetsAfterWindow()
    {
        final AuthFailureLimiter limiter = new AuthFailureLimiter(2, 1_000);
        limiter.failed("u", 0);
        assertFalse(limiter.blocked("u", 10));
        limiter.failed("u", 20);
        assertTrue(limiter.blocked("u", 30));
        assertFalse(limiter.blocked("v", 30));
        assertFalse(limiter.blocked("u", 1_100));
        limiter.failed("u", 1_200);
        limiter.failed("u", 1_300);
        limiter.succeeded("u");
        assertFalse(limiter.blocked("u", 1_400));
    }
}
