package io.realtimehub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Two Payara Micro nodes behind nginx (server-config/nginx), one killed hard while clients stream
 * through the load balancer.
 */
class FailoverIT {

    private static final String CHANNEL = "failover";

    /** Publishes through the load balancer, retrying while a node is down; returns the envelope. */
    private static JsonObject publishRetrying(HubClient lb, int i) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                HttpResponse<String> r = lb.post("api/channels/" + CHANNEL + "/messages", "application/json", "{\"data\":" + i + "}");
                if (r.statusCode() == 201) {
                    return HubClient.json(r.body());
                }
            } catch (java.io.IOException e) {
                // the node went away mid-request
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("could not publish " + i + " within 60 s");
            }
            Thread.sleep(100);
        }
    }

    private static int nodeIndexNamed(PayaraCluster cluster, String node) throws Exception {
        for (int i = 0; i < cluster.nodes.size(); i++) {
            if (cluster.client(i).stats().getString("node").equals(node)) {
                return i;
            }
        }
        throw new AssertionError("no node " + node);
    }

    @Test
    void sharedModeLosesAndDuplicatesNothingWhenANodeDies() throws Exception {
        try (PayaraCluster cluster = new PayaraCluster("shared")) {
            cluster.startNode();
            cluster.startNode();
            try (Nginx nginx = Nginx.start("shared", cluster.nodes.get(0).base, cluster.nodes.get(1).base)) {
                HubClient lb = new HubClient(nginx.base);
                lb.publish(CHANNEL, "{\"data\":\"before anyone listens\"}");
                List<ResumingClients.Client> clients = List.of(
                        new ResumingClients.Sse(lb, CHANNEL), new ResumingClients.WebSocket(lb, CHANNEL),
                        new ResumingClients.LongPoll(lb, CHANNEL));
                clients.forEach(ResumingClients.Client::start);
                try {
                    HubClient.await("every client subscribed", Duration.ofSeconds(20),
                            () -> clients.stream().allMatch(c -> !c.recoveredFlags.isEmpty()));
                    long killedAt = 0;
                    long firstAfterKill = 0;
                    int count = 60;
                    for (int i = 0; i < count; i++) {
                        if (i == 20) {
                            cluster.nodes.get(0).kill();
                            killedAt = System.nanoTime();
                        }
                        publishRetrying(lb, i);
                        if (i == 20) {
                            firstAfterKill = System.nanoTime();
                        }
                        Thread.sleep(30);
                    }
                    long lastId = lb.getJson("api/channels/" + CHANNEL).getInt("lastId");
                    List<Long> expected = LongStream.rangeClosed(2, lastId).boxed().toList();
                    HubClient.await("every client to catch up", Duration.ofSeconds(60),
                            () -> clients.stream().allMatch(c -> c.messages.size() >= expected.size()));
                    Thread.sleep(500);
                    for (ResumingClients.Client c : clients) {
                        assertEquals(expected, c.ids(), c.getClass().getSimpleName()
                                + ": every message after it subscribed, once, in order, with no gap");
                        assertFalse(c.recoveredFlags.contains(false), c.getClass().getSimpleName() + " always recovered");
                    }
                    assertTrue(clients.stream().mapToInt(c -> c.reconnects).sum() > 0, "some client had to fail over");
                    System.out.printf("shared failover: first publish accepted %d ms after the kill%n",
                            (firstAfterKill - killedAt) / 1_000_000);
                } finally {
                    for (ResumingClients.Client c : clients) {
                        c.close();
                    }
                }
            }
        }
    }

    @Test
    void stickyModePinsClientsAndReportsTheLossWhenTheirNodeDies() throws Exception {
        try (PayaraCluster cluster = new PayaraCluster("sticky")) {
            cluster.startNode();
            cluster.startNode();
            try (Nginx nginx = Nginx.start("sticky", cluster.nodes.get(0).base, cluster.nodes.get(1).base)) {
                HubClient lb = new HubClient(nginx.base);
                Set<String> servedBy = new HashSet<>();
                for (int i = 0; i < 20; i++) {
                    servedBy.add(lb.stats().getString("node"));
                }
                assertEquals(1, servedBy.size(), "a pinned client keeps its node while both live");
                int pinned = nodeIndexNamed(cluster, servedBy.iterator().next());

                List<ResumingClients.Client> clients = List.of(
                        new ResumingClients.Sse(lb, CHANNEL), new ResumingClients.WebSocket(lb, CHANNEL),
                        new ResumingClients.LongPoll(lb, CHANNEL));
                clients.forEach(ResumingClients.Client::start);
                try {
                    HubClient.await("every client subscribed", Duration.ofSeconds(20),
                            () -> clients.stream().allMatch(c -> !c.recoveredFlags.isEmpty()));
                    for (int i = 0; i < 10; i++) {
                        publishRetrying(lb, i);
                    }
                    HubClient.await("the first ten everywhere", Duration.ofSeconds(20),
                            () -> clients.stream().allMatch(c -> c.messages.size() >= 10));

                    cluster.nodes.get(pinned).kill();
                    HubClient.await("every client to fail over and be told of the possible loss", Duration.ofSeconds(60),
                            () -> clients.stream().allMatch(c -> c.recoveredFlags.contains(false)));
                    JsonObject after = publishRetrying(lb, 99);
                    HubClient.await("a message published after the failover everywhere", Duration.ofSeconds(20),
                            () -> clients.stream().allMatch(c -> c.messages.stream()
                                    .anyMatch(m -> m.getInt("data") == 99)));
                    assertEquals(99, after.getInt("data"));
                } finally {
                    for (ResumingClients.Client c : clients) {
                        c.close();
                    }
                }
            }
        }
    }
}
