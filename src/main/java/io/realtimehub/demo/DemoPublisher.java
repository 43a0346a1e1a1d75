package io.realtimehub.demo;

import io.realtimehub.engine.Engine;
import io.realtimehub.engine.JsonCodec;
import io.realtimehub.engine.Message;
import io.realtimehub.engine.Publication;
import jakarta.json.JsonValue;

/**
 * Publishes the demos' messages the way an HTTP publish does: the same {@link Publication} checks
 * (channel, event, size), then the hub's engine. Token and rate limit are for clients, not for the
 * hub's own feeds, so they do not apply.
 */
final class DemoPublisher {

    private final Engine engine;
    private final int maxBytes;

    DemoPublisher(Engine engine, int maxBytes) {
        this.engine = engine;
        this.maxBytes = maxBytes;
    }

    Message publish(String channel, String event, JsonValue data) {
        JsonValue body = JsonCodec.objectBuilder().add("event", event).add("data", data).build();
        return Publication.of(channel, body, maxBytes).publishTo(engine);
    }
}
