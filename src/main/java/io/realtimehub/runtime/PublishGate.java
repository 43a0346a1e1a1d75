package io.realtimehub.runtime;

import io.realtimehub.engine.ErrorCode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Lets publishes through until the hub stops. Closing it refuses new publishes and waits for
 * those already let through to finish their fan-out, so that every accepted message is queued for
 * its subscribers before their connections are shut down.
 *
 * <p>A publish counts itself in before it looks at the flag, and {@link #close} sets the flag
 * before it looks at the count: either the publish sees the flag, or close sees the publish.
 */
public final class PublishGate {

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    /** Runs a publish (and whatever must be queued with it) unless the hub is stopping. */
    public <T> T pass(Supplier<T> publish) {
        inFlight.incrementAndGet();
        try {
            if (closed) {
                throw ErrorCode.UNAVAILABLE.exception("the hub is stopping and accepts no more publishes; publish again once it is back");
            }
            return publish.get();
        } finally {
            if (inFlight.decrementAndGet() == 0 && closed) {
                synchronized (this) {
                    notifyAll();
                }
            }
        }
    }

    /**
     * Refuses publishes from now on and waits, at most {@code wait}, for those under way.
     *
     * @return whether none was still under way
     */
    public boolean close(Duration wait) throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Whether the hub is stopping (publishes are refused). */
    public boolean isClosed() {
        return closed;
    }
}
