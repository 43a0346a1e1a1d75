package io.realtimehub.engine.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.realtimehub.config.HubConfig;
import io.realtimehub.engine.Engine;
import io.realtimehub.engine.local.LocalEngine;
import java.time.Clock;

/**
 * The clustered engines. The runtime reaches this class only by reflection and only when
 * {@code realtime.cluster} is {@code sticky} or {@code shared}, so a server without Hazelcast
 * never loads a Hazelcast type (WildFly refuses a WAR whose scanned classes reference missing ones).
 */
public final class HazelcastEngines {

    private HazelcastEngines() {
    }

    /** Entry point for the runtime: the engine for the configured mode, on the configured instance. */
    public static Engine create(HubConfig config) {
        HazelcastInstances.Obtained obtained = HazelcastInstances.obtain(config);
        // An instance the hub started is the hub's to stop; the server's own is not.
        Runnable release = obtained.owned() ? obtained.instance()::shutdown : () -> { };
        return create(config, obtained.instance(), Clock.systemUTC(), release);
    }

    static Engine create(HubConfig config, HazelcastInstance hazelcast, Clock clock, Runnable release) {
        return create(config, hazelcast, SharedEngine.DEFAULT_NAMESPACE, clock, release);
    }

    static Engine create(HubConfig config, HazelcastInstance hazelcast, String namespace, Clock clock, Runnable release) {
        return switch (config.cluster()) {
            case STICKY -> new StickyEngine(hazelcast, namespace,
                    new LocalEngine(config.historySize(), config.historyTtl(), clock), release);
            case SHARED -> new SharedEngine(hazelcast, namespace, config.historySize(), config.historyTtl(), clock, release);
            case NONE -> throw new IllegalArgumentException("realtime.cluster=none uses no Hazelcast");
        };
    }
}
