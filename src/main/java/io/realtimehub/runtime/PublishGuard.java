package io.realtimehub.runtime;

import io.realtimehub.engine.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may publish, and how often: the optional shared token ({@code realtime.publish.token}) and
 * the per-client token bucket ({@code realtime.publish.rate}).
 */
public final class PublishGuard {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final byte[] token;
    private final int ratePerSecond;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public PublishGuard(String token, int ratePerSecond) {
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.ratePerSecond = ratePerSecond;
    }

    /** Checks a presented token (null when none was presented). */
    public void authorize(String presented) {
        if (token == null) {
            return;
        }
        if (presented == null || presented.isEmpty()) {
            throw ErrorCode.UNAUTHORIZED.exception("publishing needs a token: Authorization: Bearer <token>");
        }
        // Constant time, so the comparison does not reveal how much of a guess was right.
        if (!MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw ErrorCode.FORBIDDEN.exception("the publish token is not valid");
        }
    }

    /** Takes one publish from the client's allowance. */
    public void admit(String client, long nowNanos) {
        if (ratePerSecond == 0) {
            return;
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(ratePerSecond, nowNanos));
        if (!bucket.take(ratePerSecond, nowNanos)) {
            throw ErrorCode.RATE_LIMITED.exception("more than " + ratePerSecond + " publishes per second");
        }
    }

    /** Forgets clients that have not published for a while (their buckets are full again). */
    public void forgetIdle(long nowNanos) {
        buckets.values().removeIf(b -> b.isFull(ratePerSecond, nowNanos));
    }

    /** A token bucket of {@code rate} tokens that refills at {@code rate} per second. */
    static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(int rate, long now) {
            this.tokens = rate;
            this.updated = now;
        }

        synchronized boolean take(int rate, long now) {
            refill(rate, now);
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized boolean isFull(int rate, long now) {
            refill(rate, now);
            return tokens >= rate;
        }

        private void refill(int rate, long now) {
            tokens = Math.min(rate, tokens + (double) (now - updated) * rate / NANOS_PER_SECOND);
            updated = now;
        }
    }
}
