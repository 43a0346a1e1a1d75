package io.realtimehub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code realtime.cluster=shared} on two Payara Micro nodes sharing Payara's own Hazelcast. */
class SharedClusterIT {

    private static PayaraCluster cluster;
    private static HubClient a;
    private static HubClient b;
    /** A cursor node A issued before node B existed, and the messages after it. */
    private static String cursorFromA;
    private static List<JsonObject> publishedBeforeB = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cluster = new PayaraCluster("shared");
        cluster.startNode();
        a = cluster.client(0);
        cursorFromA = a.getJson(HubClient.pollPath(List.of("late"), null, null)).getString("cursor");
        for (int i = 0; i < 5; i++) {
            publishedBeforeB.add(a.publish("late", "{\"data\":" + i + "}"));
        }
        cluster.startNode();
        b = cluster.client(1);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void aNodeThatJoinsLateResumesCursorsTheOtherIssued() throws Exception {
        JsonObject r = b.getJson(HubClient.pollPath(List.of("late"), cursorFromA, null));
        assertTrue(r.getJsonObject("channels").getJsonObject("late").getBoolean("recovered"));
        assertEquals(publishedBeforeB, r.getJsonArray("messages").getValuesAs(JsonObject.class),
                "the same envelopes, ids and epoch on the node that joined later");
    }

    @Test
    void aPublishOnOneNodeReachesEveryTransportOnTheOther() throws Exception {
        CrossNode.allTransportsReceive(a, b, "shared-fanout", 20);
        CrossNode.allTransportsReceive(b, a, "shared-fanout", 20);
    }

    @Test
    void concurrentPublishersOnBothNodesGetGaplessIdsAndOneOrder() throws Exception {
        String channel = "shared-race";
        try (WsClient onA = WsClient.connect(a, null); WsClient onB = WsClient.connect(b, null)) {
            for (WsClient ws : List.of(onA, onB)) {
                ws.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
                ws.next("subscribed");
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<List<Long>>> publishers = new ArrayList<>();
            for (HubClient node : List.of(a, b, a, b)) {
                publishers.add(pool.submit(() -> {
                    List<Long> ids = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        ids.add((long) node.publish(channel, "{\"data\":" + i + "}").getInt("id"));
                    }
                    return ids;
                }));
            }
            List<Long> assigned = new ArrayList<>();
            for (Future<List<Long>> p : publishers) {
                assigned.addAll(p.get());
            }
            pool.shutdown();
            assertEquals(LongStream.rangeClosed(1, 200).boxed().toList(), assigned.stream().sorted().toList(),
                    "every id from 1 to 200 exactly once");
            List<JsonObject> seenOnA = new ArrayList<>();
            List<JsonObject> seenOnB = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                seenOnA.add(onA.next("message"));
                seenOnB.add(onB.next("message"));
            }
            assertEquals(LongStream.rangeClosed(1, 200).boxed().toList(),
                    seenOnA.stream().map(m -> (long) m.getInt("id")).toList());
            assertEquals(seenOnA, seenOnB, "both nodes deliver the same messages in the same order");
        }
    }
}
