package io.realtimehub.demo;

import io.realtimehub.engine.Engine;
import io.realtimehub.engine.JsonCodec;
import io.realtimehub.engine.Message;
import io.realtimehub.engine.Publication;
import io.realtimehub.runtime.PublishGate;
import jakarta.json.JsonValue;

/**
 * Publishes the demos' messages the way an HTTP publish does: the same {@link Publication} checks
 * (channel, event, size), then the hub's engine. Token and rate limit are for clients, not for the
 * hub's own feeds, so they do not apply. The hub's {@link PublishGate} does: once the hub stops,
 * nothing more is accepted that its connections could no longer deliver.
 */
final class DemoPublisher {

    private final Engine engine;
    private final PublishGate gate;
    private final int maxBytes;

    DemoPublisher(Engine engine, PublishGate gate, int maxBytes) {
        this.engine = engine;
        this.gate = gate;
        this.maxBytes = maxBytes;
    }

    Message publish(String channel, String event, JsonValue data) {
        JsonValue body = JsonCodec.objectBuilder().add("event", event).add("data", data).build();
        Publication publication = Publication.of(channel, body, maxBytes);
        return gate.pass(() -> publication.publishTo(engine));
    }
}
