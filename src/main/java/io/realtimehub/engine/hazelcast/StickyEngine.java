package io.realtimehub.engine.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.realtimehub.engine.ChannelState;
import io.realtimehub.engine.Engine;
import io.realtimehub.engine.Message;
import io.realtimehub.engine.Position;
import io.realtimehub.engine.Replay;
import io.realtimehub.engine.Subscriber;
import io.realtimehub.engine.Subscription;
import io.realtimehub.engine.local.LocalEngine;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.UUID;

/**
 * {@code realtime.cluster=sticky}: history, ids and epochs stay in each node's {@link LocalEngine};
 * live messages are relayed to the other nodes over a Hazelcast topic, where each node files them
 * under its own ids. A client that moves to another node meets another epoch and is told
 * {@code recovered:false} — the price of sticky sessions.
 */
final class StickyEngine implements Engine {

    private final LocalEngine local;
    private final ITopic<String> relay;
    private final String node = UUID.randomUUID().toString();
    private final UUID listener;
    private final Runnable release;

    StickyEngine(HazelcastInstance hazelcast, String namespace, LocalEngine local, Runnable release) {
        this.local = local;
        this.release = release;
        this.relay = hazelcast.getTopic(namespace + ".relay");
        // A topic delivers one member's messages in the order it published them.
        this.listener = relay.addMessageListener(m -> {
            JsonObject record = Records.decode(m.getMessageObject());
            if (!node.equals(record.getString("n"))) {
                local.publish(record.getString("c"), record.getString("e"), record.get("d"));
            }
        });
    }

    @Override
    public Message publish(String channel, String event, JsonValue data) {
        Message message = local.publish(channel, event, data);
        relay.publish(Records.encode(node, channel, event, data, message.time()));
        return message;
    }

    @Override
    public ChannelState state(String channel) {
        return local.state(channel);
    }

    @Override
    public Replay read(String channel, Position after, int limit) {
        return local.read(channel, after, limit);
    }

    @Override
    public Subscription subscribe(String channel, Position after, Subscriber subscriber) {
        return local.subscribe(channel, after, subscriber);
    }

    @Override
    public int channelCount() {
        return local.channelCount();
    }

    @Override
    public void evictExpired() {
        local.evictExpired();
    }

    @Override
    public void close() {
        relay.removeMessageListener(listener);
        release.run();
    }
}
