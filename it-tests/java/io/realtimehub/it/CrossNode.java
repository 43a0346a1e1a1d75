package io.realtimehub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Checks shared by the cluster tests: what one node publishes, another node delivers. */
final class CrossNode {

    private CrossNode() {
    }

    /**
     * Subscribes on {@code subscriberNode} over WebSocket, SSE and long polling, publishes
     * {@code count} messages on {@code publisherNode}, and checks every transport delivers all of
     * them in publish order with ascending, gapless ids.
     */
    static void allTransportsReceive(HubClient publisherNode, HubClient subscriberNode, String channel, int count)
            throws Exception {
        String cursor = subscriberNode.getJson(HubClient.pollPath(List.of(channel), null, null)).getString("cursor");
        try (WsClient ws = WsClient.connect(subscriberNode, null);
             SseStream sse = SseStream.open(subscriberNode, "api/events?channel=" + channel, null)) {
            ws.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
            ws.next("subscribed");
            sse.next();
            for (int i = 0; i < count; i++) {
                publisherNode.publish(channel, "{\"data\":" + i + "}");
            }
            List<JsonObject> overWs = new ArrayList<>();
            List<JsonObject> overSse = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                overWs.add(ws.next("message"));
                overSse.add(HubClient.json(sse.nextMessage().data()));
            }
            List<JsonObject> overPoll = new ArrayList<>();
            while (overPoll.size() < count) {
                JsonObject r = subscriberNode.getJson(HubClient.pollPath(List.of(channel), cursor, "5"));
                overPoll.addAll(r.getJsonArray("messages").getValuesAs(JsonObject.class));
                cursor = r.getString("cursor");
            }
            for (List<JsonObject> received : List.of(overWs, overSse, overPoll)) {
                assertEquals(IntStream.range(0, count).boxed().toList(),
                        received.stream().map(m -> m.getInt("data")).toList(), "every message, in publish order");
                long first = received.get(0).getInt("id");
                for (int i = 0; i < count; i++) {
                    assertEquals(first + i, received.get(i).getInt("id"), "ids ascending without gaps");
                }
                assertTrue(first >= 1);
            }
        }
    }
}
