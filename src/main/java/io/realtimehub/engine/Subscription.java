package io.realtimehub.engine;

/** A registered {@link Subscriber}; cancelling it stops delivery. Idempotent. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    void cancel();

    @Override
    default void close() {
        cancel();
    }
}
