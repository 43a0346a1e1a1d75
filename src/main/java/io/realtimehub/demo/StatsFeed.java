package io.realtimehub.demo;

import io.realtimehub.runtime.Hub;
import io.realtimehub.runtime.HubStats;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * Once a second on {@code demo.stats}: the figures of {@code GET /api/stats} plus the JVM's heap,
 * threads, uptime and the CPU load since the previous message.
 */
final class StatsFeed implements Runnable {

    static final String CHANNEL = "demo.stats";
    static final String EVENT = "stats";

    private final Hub hub;
    private final DemoPublisher publisher;
    private long lastCpuNanos = HubStats.currentProcessCpuNanos();
    private long lastWallNanos = System.nanoTime();

    StatsFeed(Hub hub, DemoPublisher publisher) {
        this.hub = hub;
        this.publisher = publisher;
    }

    @Override
    public void run() {
        publisher.publish(CHANNEL, EVENT, sample());
    }

    JsonObject sample() {
        HubStats stats = HubStats.of(hub);
        long now = System.nanoTime();
        Double cpuLoad = JvmFigures.cpuLoad(lastCpuNanos, stats.processCpuNanos(), now - lastWallNanos,
                Runtime.getRuntime().availableProcessors());
        lastCpuNanos = stats.processCpuNanos();
        lastWallNanos = now;
        JvmFigures jvm = JvmFigures.sample();
        JsonObjectBuilder json = stats.json();
        if (cpuLoad == null) {
            json.addNull("cpuLoad");
        } else {
            json.add("cpuLoad", cpuLoad);
        }
        return json.add("heapUsedBytes", jvm.heapUsedBytes())
                .add("heapMaxBytes", jvm.heapMaxBytes())
                .add("threads", jvm.threads())
                .add("uptimeMs", jvm.uptimeMs())
                .build();
    }
}
