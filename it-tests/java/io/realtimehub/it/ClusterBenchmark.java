package io.realtimehub.it;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Publish-to-delivery latency in each cluster mode, measured in one run, and the failover gap
 * (run with {@code mvn -Pbench verify}). A publisher on the first node sends a message every
 * 5 ms with its send time; WebSocket subscribers on the other node (the same node for
 * {@code none}) record when it arrives. The failover gap is the time from killing one node of a
 * shared cluster to the first message a client (through nginx) receives from the survivor.
 */
class ClusterBenchmark {

    private static final int SUBSCRIBERS = 10;
    private static final int MESSAGES = 400;

    @Test
    void latencyPerModeAndFailoverGap() throws Exception {
        List<String> rows = new ArrayList<>();
        try (PayaraProcess single = PayaraProcess.start(List.of("-Xmx512m"), Map.of())) {
            HubClient hub = new HubClient(single.base);
            rows.add(row("none (one node)", hub, hub));
        }
        for (String mode : List.of("sticky", "shared")) {
            try (PayaraCluster cluster = new PayaraCluster(mode)) {
                cluster.startNode();
                cluster.startNode();
                rows.add(row(mode + " (publish on A, deliver on B)", cluster.client(0), cluster.client(1)));
            }
        }
        long gap = failoverGap();
        System.out.printf("%nCluster benchmark: %d WebSocket subscribers, %d messages, one every 5 ms%n", SUBSCRIBERS, MESSAGES);
        System.out.println("| mode | latency p50 | latency p99 |");
        System.out.println("|---|---|---|");
        rows.forEach(System.out::println);
        System.out.printf("shared failover gap (kill to first message on the survivor, through nginx): %d ms%n", gap);
    }

    private static String row(String name, HubClient publisher, HubClient subscriber) throws Exception {
        String channel = "bench-latency";
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < SUBSCRIBERS; i++) {
                WsClient ws = WsClient.connect(subscriber, null);
                ws.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
                ws.next("subscribed");
                ws.arrivals.clear();
                clients.add(ws);
            }
            for (int i = 0; i < 200; i++) { // warm-up
                publisher.publish(channel, "{\"data\":{\"sent\":0}}");
            }
            drain(clients, 200);
            for (int i = 0; i < MESSAGES; i++) {
                publisher.publishAsync(channel, "{\"data\":{\"sent\":" + System.nanoTime() + "}}");
                Thread.sleep(5);
            }
            long[] latencies = drain(clients, MESSAGES);
            Arrays.sort(latencies);
            return String.format("| %s | %.1f ms | %.1f ms |", name, latencies[latencies.length / 2] / 1e6,
                    latencies[(int) (latencies.length * 0.99)] / 1e6);
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    /** Takes {@code count} messages from every client; returns their latencies (arrival − send). */
    private static long[] drain(List<WsClient> clients, int count) throws Exception {
        long[] latencies = new long[clients.size() * count];
        int n = 0;
        for (WsClient ws : clients) {
            int taken = 0;
            while (taken < count) {
                JsonObject f = ws.next();
                long arrived = ws.arrivals.take();
                if (f.getString("type").equals("message")) {
                    long sent = f.getJsonObject("data").getJsonNumber("sent").longValue();
                    latencies[n++] = arrived - sent;
                    taken++;
                }
            }
        }
        return latencies;
    }

    private static long failoverGap() throws Exception {
        try (PayaraCluster cluster = new PayaraCluster("shared")) {
            cluster.startNode();
            cluster.startNode();
            try (Nginx nginx = Nginx.start("shared", cluster.nodes.get(0).base, cluster.nodes.get(1).base)) {
                HubClient lb = new HubClient(nginx.base);
                HubClient survivor = cluster.client(1);
                try (ResumingClients.Sse client = new ResumingClients.Sse(lb, "bench-failover")) {
                    client.start();
                    HubClient.await("subscribed", Duration.ofSeconds(20), () -> !client.recoveredFlags.isEmpty());
                    Thread publisher = new Thread(() -> {
                        for (int i = 0; i < 2000 && !Thread.currentThread().isInterrupted(); i++) {
                            try {
                                survivor.publish("bench-failover", "{\"data\":{\"i\":" + i + "}}");
                                Thread.sleep(10);
                            } catch (InterruptedException e) {
                                return;
                            } catch (Exception | AssertionError e) {
                                // the grid is settling after the kill: keep going
                            }
                        }
                    });
                    publisher.start();
                    HubClient.await("messages flowing", Duration.ofSeconds(10), () -> client.messages.size() > 10);
                    int before = client.messages.size();
                    cluster.nodes.get(0).kill();
                    long killed = System.nanoTime();
                    // The first message the client gets after the kill that was published after it.
                    HubClient.await("a message after the kill", Duration.ofSeconds(60), () -> client.messages.size() > before + 5);
                    long gap = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                    publisher.interrupt();
                    publisher.join(5000);
                    return gap;
                }
            }
        }
    }
}
