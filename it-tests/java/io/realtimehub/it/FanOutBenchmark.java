package io.realtimehub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Fan-out cost and latency, printed as figures (run with {@code mvn -Pbench verify}; not part of
 * the test suite). For each transport it connects N subscribers to one channel, publishes M
 * messages from a few concurrent HTTP publishers, and reports:
 * <ul>
 *   <li>server CPU per delivered message: (hub process CPU during the run − CPU of the same
 *       publishes with no subscriber) / (M × N), read from {@code /api/stats};</li>
 *   <li>publish-to-delivery latency p50/p99 seen by the subscribers.</li>
 * </ul>
 * Clients and hub share this machine's cores, so the figures compare variants; they are not
 * a capacity claim.
 */
class FanOutBenchmark {

    private static final int SUBSCRIBERS = Integer.getInteger("bench.subscribers", 100);
    private static final int MESSAGES = Integer.getInteger("bench.messages", 1000);
    private static final int PUBLISHERS = Integer.getInteger("bench.publishers", 4);

    @Test
    void fanOut() throws Exception {
        try (PayaraProcess payara = PayaraProcess.start(
                List.of("-Xmx1g", "-Drealtime.connection.queue-size=100000", "-Drealtime.history.size=100"), Map.of())) {
            HubClient hub = new HubClient(payara.base);
            warmUp(hub);
            // The least of three runs: background JIT and GC work inflates the first ones.
            double baseline = Double.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                baseline = Math.min(baseline, cpuNanos(hub, () -> publishAll(hub, "bench-empty")));
            }
            System.out.printf("%nFan-out benchmark: %d subscribers, %d messages, %d concurrent publishers%n",
                    SUBSCRIBERS, MESSAGES, PUBLISHERS);
            System.out.printf("publish with no subscriber: %.1f µs CPU per publish%n", baseline / 1000 / MESSAGES);
            System.out.println("| transport | server CPU per delivery | latency p50 | latency p99 |");
            System.out.println("|---|---|---|---|");
            report(hub, "WebSocket, one frame per message", baseline, new WsSubscribers(hub, null));
            report(hub, "WebSocket, ?batch=1", baseline, new WsSubscribers(hub, "?batch=1"));
            report(hub, "SSE", baseline, new SseSubscribers(hub));
        }
    }

    private void report(HubClient hub, String name, double baseline, Subscribers subscribers) throws Exception {
        String channel = "bench-" + Math.abs(name.hashCode());
        try (subscribers) {
            subscribers.subscribe(channel);
            double cpu = cpuNanos(hub, () -> {
                publishAll(hub, channel);
                subscribers.awaitAll();
            });
            long[] latencies = subscribers.latencies();
            Arrays.sort(latencies);
            assertEquals((long) SUBSCRIBERS * MESSAGES, latencies.length, "every subscriber got every message");
            System.out.printf("| %s | %.1f µs | %.1f ms | %.1f ms |%n", name,
                    (cpu - baseline) / 1000 / ((double) SUBSCRIBERS * MESSAGES),
                    latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6);
        }
    }

    /** Runs every path so that the measured runs use compiled code (HTTP needs ~10k requests). */
    private static void warmUp(HubClient hub) throws Exception {
        for (int i = 0; i < 10; i++) {
            publishAll(hub, "bench-warmup");
        }
        for (Subscribers s : List.of(new WsSubscribers(hub, null), new WsSubscribers(hub, "?batch=1"), new SseSubscribers(hub))) {
            try (s) {
                String channel = "bench-warmup-" + System.nanoTime();
                s.subscribe(channel);
                publishAll(hub, channel);
                s.awaitAll();
            }
        }
    }

    /** Publishes M messages, each carrying its send time, from a few concurrent publishers. */
    private static void publishAll(HubClient hub, String channel) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            inFlight.add(hub.publishAsync(channel, "{\"data\":{\"sent\":" + System.nanoTime() + "}}"));
            if (inFlight.size() == PUBLISHERS) {
                for (CompletableFuture<HttpResponse<String>> f : inFlight) {
                    assertEquals(201, f.get(60, TimeUnit.SECONDS).statusCode());
                }
                inFlight.clear();
            }
        }
        for (CompletableFuture<HttpResponse<String>> f : inFlight) {
            assertEquals(201, f.get(60, TimeUnit.SECONDS).statusCode());
        }
    }

    private static double cpuNanos(HubClient hub, ThrowingRunnable run) throws Exception {
        long before = hub.stats().getJsonNumber("processCpuNanos").longValue();
        run.run();
        return hub.stats().getJsonNumber("processCpuNanos").longValue() - before;
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** N subscribers of one transport that record the latency of every message. */
    abstract static class Subscribers implements AutoCloseable {
        final long[] latencies = new long[SUBSCRIBERS * MESSAGES];
        final AtomicLong received = new AtomicLong();

        abstract void subscribe(String channel) throws Exception;

        void record(JsonObject envelope, long arrivedNanos) {
            long sent = envelope.getJsonObject("data").getJsonNumber("sent").longValue();
            long n = received.getAndIncrement();
            if (n < latencies.length) {
                latencies[(int) n] = arrivedNanos - sent;
            }
        }

        void awaitAll() throws Exception {
            HubClient.await("every delivery", java.time.Duration.ofMinutes(3),
                    () -> received.get() >= (long) SUBSCRIBERS * MESSAGES);
        }

        long[] latencies() {
            return Arrays.copyOf(latencies, (int) Math.min(received.get(), latencies.length));
        }
    }

    static final class WsSubscribers extends Subscribers {
        private final HubClient hub;
        private final String query;
        private final List<WsClient> clients = new ArrayList<>();
        private final List<Thread> readers = new ArrayList<>();
        private volatile boolean running = true;

        WsSubscribers(HubClient hub, String query) {
            this.hub = hub;
            this.query = query;
        }

        @Override
        void subscribe(String channel) throws Exception {
            for (int i = 0; i < SUBSCRIBERS; i++) {
                WsClient ws = WsClient.connect(hub, query);
                ws.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
                ws.next("subscribed");
                ws.arrivals.clear();
                clients.add(ws);
                Thread reader = new Thread(() -> {
                    try {
                        while (running) {
                            JsonObject f = ws.frames.poll(100, TimeUnit.MILLISECONDS);
                            if (f == null) {
                                continue;
                            }
                            long arrived = ws.arrivals.take();
                            if (f.getString("type").equals("batch")) {
                                f.getJsonArray("messages").getValuesAs(JsonObject.class).forEach(m -> record(m, arrived));
                            } else if (f.getString("type").equals("message")) {
                                record(f, arrived);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                reader.setDaemon(true);
                reader.start();
                readers.add(reader);
            }
        }

        @Override
        public void close() {
            running = false;
            clients.forEach(WsClient::close);
        }
    }

    static final class SseSubscribers extends Subscribers {
        private final HubClient hub;
        private final List<SseStream> streams = new ArrayList<>();
        private volatile boolean running = true;

        SseSubscribers(HubClient hub) {
            this.hub = hub;
        }

        @Override
        void subscribe(String channel) throws Exception {
            for (int i = 0; i < SUBSCRIBERS; i++) {
                SseStream s = SseStream.open(hub, "api/events?channel=" + channel, null);
                s.next();
                streams.add(s);
                Thread reader = new Thread(() -> {
                    try {
                        while (running) {
                            SseStream.Event e = s.events.poll(100, TimeUnit.MILLISECONDS);
                            if (e != null && !e.event().equals("subscribed")) {
                                record(HubClient.json(e.data()), e.arrivedNanos());
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                reader.setDaemon(true);
                reader.start();
            }
        }

        @Override
        public void close() throws Exception {
            running = false;
            for (SseStream s : streams) {
                s.close();
            }
        }
    }
}
