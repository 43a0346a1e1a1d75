package io.realtimehub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code realtime.cluster=sticky} on two Payara Micro nodes: live relay, per-node history. */
class StickyClusterIT {

    private static PayaraCluster cluster;
    private static HubClient a;
    private static HubClient b;

    @BeforeAll
    static void start() throws Exception {
        cluster = new PayaraCluster("sticky");
        cluster.startNode();
        cluster.startNode();
        a = cluster.client(0);
        b = cluster.client(1);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void aPublishOnOneNodeReachesEveryTransportOnTheOther() throws Exception {
        CrossNode.allTransportsReceive(a, b, "sticky-fanout", 20);
        CrossNode.allTransportsReceive(b, a, "sticky-fanout", 20);
    }

    @Test
    void aClientThatMovesToTheOtherNodeIsToldItMayHaveLostMessages() throws Exception {
        String channel = "sticky-move";
        String cursorOnA = a.getJson(HubClient.pollPath(List.of(channel), null, null)).getString("cursor");
        JsonObject first = a.publish(channel, "{\"data\":1}");
        JsonObject onA = a.getJson(HubClient.pollPath(List.of(channel), cursorOnA, null));
        assertEquals(List.of(first), onA.getJsonArray("messages").getValuesAs(JsonObject.class));
        assertTrue(onA.getJsonObject("channels").getJsonObject(channel).getBoolean("recovered"));

        // The same cursor on the other node: its history and epoch are its own.
        JsonObject onB = b.getJson(HubClient.pollPath(List.of(channel), cursorOnA, null));
        assertFalse(onB.getJsonObject("channels").getJsonObject(channel).getBoolean("recovered"),
                "never a silent gap: B cannot vouch for A's positions");
        try (WsClient ws = WsClient.connect(b, null)) {
            String epochOnA = onA.getJsonObject("channels").getJsonObject(channel).getString("epoch");
            ws.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"after\":1,\"epoch\":\"" + epochOnA + "\"}");
            assertFalse(ws.next("subscribed").getBoolean("recovered"));
        }
        try (SseStream sse = SseStream.open(b, "api/events?channel=" + channel, onA.getString("cursor"))) {
            assertFalse(HubClient.json(sse.next().data()).getBoolean("recovered"));
        }
    }
}
