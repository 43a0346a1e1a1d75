package io.realtimehub.runtime;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The hub's live connections, for heartbeats and for {@code GET /api/stats}. */
public final class Connections {

    /** A connection the hub keeps open and must tend: heartbeats, pings, shutdown. */
    public interface Tended {
        /** Called every heartbeat interval of its transport; must not block. */
        void heartbeat();

        /**
         * The hub is stopping and takes no more publishes: write what is queued, then close. Must
         * not block; the stage completes once the connection is closed.
         */
        CompletionStage<?> shutdown();

        /** The hub cannot wait any longer: close now, dropping whatever is still queued. */
        void shutdownNow();
    }

    /** Names this hub instance in stats, so one can tell which node behind a proxy answered. */
    private final String node = java.util.UUID.randomUUID().toString().substring(0, 8);
    private final Set<Tended> sse = ConcurrentHashMap.newKeySet();
    private final Set<Tended> webSockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger waitingPolls = new AtomicInteger();
    private final AtomicLong slowConsumersClosed = new AtomicLong();

    public void addSse(Tended c) {
        sse.add(c);
    }

    public void removeSse(Tended c) {
        sse.remove(c);
    }

    public void addWebSocket(Tended c) {
        webSockets.add(c);
    }

    public void removeWebSocket(Tended c) {
        webSockets.remove(c);
    }

    public void pollWaiting() {
        waitingPolls.incrementAndGet();
    }

    public void pollAnswered() {
        waitingPolls.decrementAndGet();
    }

    public void slowConsumerClosed() {
        slowConsumersClosed.incrementAndGet();
    }

    public String node() {
        return node;
    }

    public Set<Tended> sse() {
        return sse;
    }

    public Set<Tended> webSockets() {
        return webSockets;
    }

    public int sseCount() {
        return sse.size();
    }

    public int webSocketCount() {
        return webSockets.size();
    }

    public int waitingPollCount() {
        return waitingPolls.get();
    }

    public long slowConsumersClosedCount() {
        return slowConsumersClosed.get();
    }
}
