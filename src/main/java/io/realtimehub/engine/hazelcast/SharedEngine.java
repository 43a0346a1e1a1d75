package io.realtimehub.engine.hazelcast;

import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.Ringbuffer;
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
 * {@code realtime.cluster=shared}: every channel is a Hazelcast Ringbuffer of records, so any node
 * serves any client and resume works across nodes. A message's id is its ringbuffer sequence + 1:
 * gapless across the cluster without a lock. The channel's epoch lives in an IMap.
 */
final class SharedEngine implements Engine {

    /** Names of the grid structures start with this; tests give each engine group its own. */
    static final String DEFAULT_NAMESPACE = "realtime";
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(SharedEngine.class.getName());

    private final HazelcastInstance hazelcast;
    private final IMap<String, String> epochs;
    private final ConcurrentHashMap<String, SharedChannel> channels = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;
    private final Runnable release;
    private final String ringbufferPrefix;

    SharedEngine(HazelcastInstance hazelcast, String namespace, int historySize, Duration ttl, Clock clock,
                 Runnable release) {
        this.hazelcast = hazelcast;
        this.release = release;
        this.ttl = ttl;
        this.clock = clock;
        this.ringbufferPrefix = namespace + ".channel.";
        // Size-bounded only: the TTL is applied when reading, so that the newest message stays.
        RingbufferConfig ringbuffers = new RingbufferConfig(ringbufferPrefix + "*")
                .setCapacity(historySize).setTimeToLiveSeconds(0);
        try {
            hazelcast.getConfig().addRingBufferConfig(ringbuffers);
        } catch (com.hazelcast.config.InvalidConfigurationException e) {
            // A running cluster keeps the configuration its first member gave; all nodes must agree.
            LOG.warning(() -> "the cluster already configures " + ringbufferPrefix + "* differently; its configuration"
                    + " applies, not realtime.history.size=" + historySize + ": " + e.getMessage());
        }
        this.epochs = hazelcast.getMap(namespace + ".epochs");
    }

    @Override
    public Message publish(String channel, String event, JsonValue data) {
        SharedChannel c = channel(channel);
        var now = clock.instant();
        long sequence = c.ringbuffer().add(Records.encode(channel, event, data, now));
        return Message.create(channel, sequence + 1, event, data, now);
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
    public void close() {
        channels.values().forEach(SharedChannel::stop);
        release.run();
    }

    private SharedChannel channel(String name) {
        SharedChannel channel = channels.get(name);
        if (channel != null) {
            return channel;
        }
        Publication.requireChannel(name);
        return channels.computeIfAbsent(name, n -> {
            Ringbuffer<String> ringbuffer = hazelcast.getRingbuffer(ringbufferPrefix + n);
            String fresh = Epochs.next();
            String existing = epochs.putIfAbsent(n, fresh);
            return new SharedChannel(n, existing != null ? existing : fresh, ringbuffer, ttl);
        });
    }

}
