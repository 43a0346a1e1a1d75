package io.realtimehub.engine;

import jakarta.json.JsonValue;

/**
 * The channel engine: ids and epochs, retained history, resume and fan-out. Transports are thin
 * adapters over this interface; the local implementation keeps everything in this JVM, a clustered
 * one may keep it in a data grid. Callers validate names and sizes first ({@link Publication}).
 */
public interface Engine extends AutoCloseable {

    /** Accepts a message: assigns the next id of the channel's epoch, retains it, fans it out. */
    Message publish(String channel, String event, JsonValue data);

    ChannelState state(String channel);

    /**
     * Retained messages after {@code after} (null: "from now", no messages), at most {@code limit}.
     */
    Replay read(String channel, Position after, int limit);

    /**
     * Registers a subscriber that first gets {@link Subscriber#onSubscribed} with everything retained
     * after {@code after} (null: from now), then every live message, with no gap and no duplicate.
     */
    Subscription subscribe(String channel, Position after, Subscriber subscriber);

    /** Number of channels the engine currently knows. */
    int channelCount();

    /** Drops expired history; the hub calls this periodically. */
    default void evictExpired() {
    }

    @Override
    default void close() {
    }
}
