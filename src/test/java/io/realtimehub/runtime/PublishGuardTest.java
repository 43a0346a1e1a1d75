package io.realtimehub.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.realtimehub.engine.ErrorCode;
import io.realtimehub.engine.HubException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PublishGuardTest {

    private static final long SECOND = 1_000_000_000L;
    /** nanoTime values are arbitrary, so the tests start far from zero (and below it). */
    private static final long T0 = -7_123_456_789_000L;

    private static void assertCode(ErrorCode expected, Executable call) {
        HubException e = assertThrows(HubException.class, call);
        assertEquals(expected, e.code(), e.getMessage());
    }

    @Test
    void withoutATokenAnyoneMayPublish() {
        PublishGuard guard = new PublishGuard(null, 0);
        assertDoesNotThrow(() -> guard.authorize(null));
        assertDoesNotThrow(() -> guard.authorize(""));
        assertDoesNotThrow(() -> guard.authorize("anything"));
    }

    @Test
    void emptyTokenSettingMeansNoToken() {
        PublishGuard guard = new PublishGuard("", 0);
        assertDoesNotThrow(() -> guard.authorize(null));
    }

    @Test
    void missingTokenIsUnauthorized() {
        PublishGuard guard = new PublishGuard("s3cret", 0);
        assertCode(ErrorCode.UNAUTHORIZED, () -> guard.authorize(null));
        assertCode(ErrorCode.UNAUTHORIZED, () -> guard.authorize(""));
    }

    @Test
    void wrongTokenIsForbidden() {
        PublishGuard guard = new PublishGuard("s3cret", 0);
        assertCode(ErrorCode.FORBIDDEN, () -> guard.authorize("wrong"));
        assertCode(ErrorCode.FORBIDDEN, () -> guard.authorize("s3cre"));
        assertCode(ErrorCode.FORBIDDEN, () -> guard.authorize("s3crett"));
        assertCode(ErrorCode.FORBIDDEN, () -> guard.authorize("S3CRET"));
        assertCode(ErrorCode.FORBIDDEN, () -> guard.authorize(" s3cret"));
    }

    @Test
    void rightTokenPasses() {
        PublishGuard guard = new PublishGuard("s3cret", 0);
        assertDoesNotThrow(() -> guard.authorize("s3cret"));
        PublishGuard unicode = new PublishGuard("caf\u00e9-\u20ac", 0);
        assertDoesNotThrow(() -> unicode.authorize("caf\u00e9-\u20ac"));
        assertCode(ErrorCode.FORBIDDEN, () -> unicode.authorize("cafe-\u20ac"));
    }

    @Test
    void burstOfTheRateThenLimited() {
        PublishGuard guard = new PublishGuard(null, 2);
        guard.admit("client", T0);
        guard.admit("client", T0);
        assertCode(ErrorCode.RATE_LIMITED, () -> guard.admit("client", T0));
        // Still limited a moment later: less than one token has come back.
        assertCode(ErrorCode.RATE_LIMITED, () -> guard.admit("client", T0 + SECOND / 2 - 1));
    }

    @Test
    void allowanceComesBackAfterOneSecond() {
        PublishGuard guard = new PublishGuard(null, 2);
        guard.admit("client", T0);
        guard.admit("client", T0);
        assertCode(ErrorCode.RATE_LIMITED, () -> guard.admit("client", T0));
        long later = T0 + SECOND;
        guard.admit("client", later);
        guard.admit("client", later);
        assertCode(ErrorCode.RATE_LIMITED, () -> guard.admit("client", later));
    }

    @Test
    void tokensRefillProportionally() {
        PublishGuard guard = new PublishGuard(null, 2);
        guard.admit("client", T0);
        guard.admit("client", T0);
        // Half a second at 2/s is one publish.
        guard.admit("client", T0 + SECOND / 2);
        assertCode(ErrorCode.RATE_LIMITED, () -> guard.admit("client", T0 + SECOND / 2));
    }

    @Test
    void idleTimeDoesNotBuildABurstLargerThanTheRate() {
        PublishGuard guard = new PublishGuard(null, 2);
        guard.admit("client", T0);
        long muchLater = T0 + 3600 * SECOND;
        guard.admit("client", muchLater);
        guard.admit("client", muchLater);
        assertCode(ErrorCode.RATE_LIMITED, () -> guard.admit("client", muchLater));
    }

    @Test
    void clientsHaveTheirOwnAllowance() {
        PublishGuard guard = new PublishGuard(null, 1);
        guard.admit("10.0.0.1", T0);
        assertCode(ErrorCode.RATE_LIMITED, () -> guard.admit("10.0.0.1", T0));
        assertDoesNotThrow(() -> guard.admit("10.0.0.2", T0));
    }

    @Test
    void rateZeroIsUnlimited() {
        PublishGuard guard = new PublishGuard(null, 0);
        for (int i = 0; i < 10_000; i++) {
            guard.admit("client", T0);
        }
    }

    @Test
    void forgetIdleKeepsClientsThatAreStillLimited() {
        PublishGuard guard = new PublishGuard(null, 2);
        guard.admit("busy", T0);
        guard.admit("busy", T0);
        guard.forgetIdle(T0);
        // Forgetting the bucket would hand the client a fresh burst.
        assertCode(ErrorCode.RATE_LIMITED, () -> guard.admit("busy", T0));
    }

    @Test
    void forgetIdleKeepsPartlyRefilledClients() {
        PublishGuard guard = new PublishGuard(null, 2);
        guard.admit("busy", T0);
        guard.admit("busy", T0);
        long half = T0 + SECOND / 2; // one token back, the bucket holds 2
        guard.forgetIdle(half);
        guard.admit("busy", half);
        assertCode(ErrorCode.RATE_LIMITED, () -> guard.admit("busy", half));
    }

    @Test
    void forgottenIdleClientGetsAFullBurstAgain() {
        PublishGuard guard = new PublishGuard(null, 2);
        guard.admit("idle", T0);
        guard.admit("idle", T0);
        guard.admit("busy", T0 + SECOND);
        guard.admit("busy", T0 + SECOND);
        long now = T0 + SECOND;
        guard.forgetIdle(now);
        guard.admit("idle", now);
        guard.admit("idle", now);
        assertCode(ErrorCode.RATE_LIMITED, () -> guard.admit("idle", now));
        // The client that was not idle is still limited.
        assertCode(ErrorCode.RATE_LIMITED, () -> guard.admit("busy", now));
    }

    @Test
    void forgetIdleWithoutARateIsHarmless() {
        PublishGuard guard = new PublishGuard(null, 0);
        guard.admit("client", T0);
        guard.forgetIdle(T0);
        assertDoesNotThrow(() -> guard.admit("client", T0));
    }
}
