package io.realtimehub.engine.local;

import io.realtimehub.engine.ChannelState;
import io.realtimehub.engine.Engine;
import io.realtimehub.engine.Epochs;
import io.realtimehub.engine.Message;
import io.realtimehub.engine.Position;
import io.realtimehub.engine.Publication;
import io.realtimehub.engine.Replay;
import io.realtimehub.engine.Subscriber;
import io.realtimehub.engine.Subscription;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine of a single node ({@code realtime.cluster=none}): every channel lives in this JVM.
 * A channel's epoch is drawn when the channel is first touched, so a restarted node hands out
 * new epochs and clients holding old positions learn that history was lost.
 */
public final class LocalEngine implements Engine {


    private final ConcurrentHashMap<String, LocalChannel> channels = new ConcurrentHashMap<>();
    private final int historySize;
    private final Duration ttl;
    private final Clock clock;

    public LocalEngine(int historySize, Duration ttl, Clock clock) {
        if (historySize < 1) {
            throw new IllegalArgumentException("history size must be at least 1");
        }
        this.historySize = historySize;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Message publish(String channel, String event, JsonValue data) {
        return channel(channel).publish(event, data, clock.instant());
    }

    @Override
    public ChannelState state(String channel) {
        return channel(channel).state(clock.instant());
    }

    @Override
    public Replay read(String channel, Position after, int limit) {
        return channel(channel).read(after, limit, clock.instant());
    }

    @Override
    public Subscription subscribe(String channel, Position after, Subscriber subscriber) {
        return channel(channel).subscribe(after, subscriber, clock.instant());
    }

    @Override
    public int channelCount() {
        return channels.size();
    }

    @Override
    public void evictExpired() {
        var now = clock.instant();
        channels.values().forEach(c -> c.evictExpired(now));
    }

    private LocalChannel channel(String name) {
        LocalChannel channel = channels.get(name);
        if (channel != null) {
            return channel;
        }
        Publication.requireChannel(name);
        return channels.computeIfAbsent(name, n -> new LocalChannel(n, Epochs.next(), historySize, ttl));
    }
}
