package io.realtimehub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code /ws}: every frame of the contract, resume, errors, batching and slow consumers. */
class WebSocketIT extends HubDeployment {

    private static String subscribe(String channel) {
        return "{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}";
    }

    private static String resume(String channel, long after, String epoch) {
        return "{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"after\":" + after + ",\"epoch\":\"" + epoch + "\"}";
    }

    /** The envelope fields of a message frame. */
    private static JsonObject envelope(JsonObject frame) {
        assertEquals("message", frame.getString("type"));
        return Json.createObjectBuilder(frame).remove("type").build();
    }

    private static void assertPong(WsClient ws, String ref) throws Exception {
        ws.send("{\"type\":\"ping\",\"ref\":\"" + ref + "\"}");
        JsonObject pong = ws.next();
        assertEquals("pong", pong.getString("type"), pong.toString());
        assertEquals(ref, pong.getString("ref"));
    }

    @Test
    void subscribeThenReceiveEveryMessageOfManyChannelsOnOneConnection() throws Exception {
        hub.publish("ws-b", "{\"data\":\"old\"}");
        try (WsClient ws = WsClient.connect(hub, null)) {
            ws.send(subscribe("ws-a"));
            JsonObject a = ws.next();
            assertEquals("subscribed", a.getString("type"));
            assertEquals("ws-a", a.getString("channel"));
            assertTrue(a.getBoolean("recovered"));
            assertEquals(0, a.getInt("lastId"));
            assertFalse(a.getString("epoch").isEmpty());
            ws.send(subscribe("ws-b"));
            JsonObject b = ws.next();
            assertEquals(1, b.getInt("lastId"), "from now: the old message is not replayed");

            JsonObject m1 = hub.publish("ws-a", "{\"event\":\"tick\",\"data\":{\"n\":1}}");
            JsonObject m2 = hub.publish("ws-b", "{\"data\":[true]}");
            assertEquals(m1, envelope(ws.next()));
            assertEquals(m2, envelope(ws.next()));
        }
    }

    @Test
    void publishIsAcknowledgedWithTheIdAndReachesSubscribers() throws Exception {
        try (WsClient listener = WsClient.connect(hub, null); WsClient publisher = WsClient.connect(hub, null)) {
            listener.send(subscribe("ws-chat"));
            listener.next("subscribed");
            publisher.send("{\"type\":\"publish\",\"channel\":\"ws-chat\",\"event\":\"chat\",\"data\":{\"text\":\"hi\"},\"ref\":\"c1\"}");
            JsonObject ack = publisher.next();
            assertEquals("ack", ack.getString("type"));
            assertEquals("c1", ack.getString("ref"));
            assertEquals(1, ack.getInt("id"));
            JsonObject m = envelope(listener.next());
            assertEquals("chat", m.getString("event"));
            assertEquals(1, m.getInt("id"));
            assertEquals("hi", m.getJsonObject("data").getString("text"));
            assertEquals(m, hub.getJson("api/channels/ws-chat").getJsonObject("last"), "same envelope over HTTP");
        }
    }

    @Test
    void pingIsAnsweredWithPong() throws Exception {
        try (WsClient ws = WsClient.connect(hub, null)) {
            assertPong(ws, "p1");
        }
    }

    @Test
    void unsubscribeStopsTheChannel() throws Exception {
        try (WsClient ws = WsClient.connect(hub, null)) {
            ws.send(subscribe("ws-leave"));
            ws.next("subscribed");
            ws.send("{\"type\":\"unsubscribe\",\"channel\":\"ws-leave\"}");
            JsonObject unsubscribed = ws.next();
            assertEquals("unsubscribed", unsubscribed.getString("type"));
            assertEquals("ws-leave", unsubscribed.getString("channel"));
            hub.publish("ws-leave", "{\"data\":1}");
            assertPong(ws, "after-unsubscribe");
            assertTrue(ws.frames.isEmpty(), "no message after unsubscribed");
        }
    }

    @Test
    void resumeWithAfterAndEpochReplaysThenGoesLive() throws Exception {
        String channel = "ws-resume";
        String epoch;
        try (WsClient ws = WsClient.connect(hub, null)) {
            ws.send(subscribe(channel));
            epoch = ws.next().getString("epoch");
            for (int i = 1; i <= 5; i++) {
                hub.publish(channel, "{\"data\":" + i + "}");
            }
            assertEquals(5, ws.next("message").getInt("id") + 4);
        }
        try (WsClient ws = WsClient.connect(hub, null)) {
            ws.send(resume(channel, 2, epoch));
            JsonObject subscribed = ws.next();
            assertTrue(subscribed.getBoolean("recovered"));
            assertEquals(5, subscribed.getInt("lastId"));
            hub.publish(channel, "{\"data\":6}");
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(ws.next().getInt("id"));
            }
            assertEquals(List.of(3, 4, 5, 6), ids);
        }
    }

    @Test
    void resumeThatCannotBeCompleteSaysSo() throws Exception {
        String channel = "ws-lost";
        for (int i = 1; i <= 60; i++) {
            hub.publish(channel, "{\"data\":" + i + "}");
        }
        String epoch = hub.getJson("api/channels/" + channel).getString("epoch");
        try (WsClient ws = WsClient.connect(hub, null)) {
            ws.send(resume(channel, 3, epoch));
            JsonObject subscribed = ws.next();
            assertFalse(subscribed.getBoolean("recovered"), "4-10 fell out of the 50-message history");
            assertEquals(11, subscribed.getInt("firstRetained"));
            assertEquals(11, ws.next().getInt("id"));
        }
        try (WsClient ws = WsClient.connect(hub, null)) {
            ws.send(resume(channel, 59, "another-epoch"));
            JsonObject subscribed = ws.next();
            assertFalse(subscribed.getBoolean("recovered"));
            assertEquals(epoch, subscribed.getString("epoch"));
        }
    }

    @Test
    void badFramesGetErrorFramesAndTheConnectionStaysUsable() throws Exception {
        try (WsClient ws = WsClient.connect(hub, null); WsClient bystander = WsClient.connect(hub, null)) {
            bystander.send(subscribe("ws-bystander"));
            bystander.next("subscribed");
            ws.send(subscribe("ws-dup"));
            ws.next("subscribed");

            String[][] cases = {
                {"not json", "invalid_json"},
                {"{\"type\":\"ping\"} extra", "invalid_json"},
                {"[1,2]", "invalid_frame"},
                {"{\"channel\":\"a\"}", "invalid_frame"},
                {"{\"type\":\"dance\",\"ref\":\"r1\"}", "unknown_type"},
                {"{\"type\":\"subscribe\",\"channel\":\"no spaces\"}", "invalid_channel"},
                {"{\"type\":\"subscribe\"}", "invalid_channel"},
                {subscribe("ws-dup"), "already_subscribed"},
                {"{\"type\":\"subscribe\",\"channel\":\"x\",\"after\":3}", "invalid_frame"},
                {"{\"type\":\"subscribe\",\"channel\":\"x\",\"after\":-1,\"epoch\":\"e\"}", "invalid_frame"},
                {"{\"type\":\"subscribe\",\"channel\":\"x\",\"after\":\"3\",\"epoch\":\"e\"}", "invalid_frame"},
                {"{\"type\":\"publish\",\"channel\":\"x\",\"ref\":\"r2\"}", "missing_data"},
                {"{\"type\":\"publish\",\"channel\":\"x\",\"event\":\"subscribed\",\"data\":1}", "reserved_event"},
                {"{\"type\":\"publish\",\"channel\":\"x\",\"event\":\"a b\",\"data\":1}", "invalid_event"},
                {"{\"type\":\"publish\",\"channel\":\"x\",\"data\":\"" + "x".repeat(70_000) + "\"}", "too_large"},
            };
            for (String[] c : cases) {
                ws.send(c[0]);
                JsonObject error = ws.next();
                assertEquals("error", error.getString("type"), c[0]);
                assertEquals(c[1], error.getString("code"), c[0]);
                assertFalse(error.getString("message").isBlank());
            }
            ws.send("{\"type\":\"dance\",\"ref\":\"r9\"}");
            assertEquals("r9", ws.next().getString("ref"), "the error echoes the frame's ref");
            ws.sendBinary(new byte[] {1, 2, 3});
            assertEquals("invalid_frame", ws.next().getString("code"));

            assertPong(ws, "still-usable");
            assertEquals(0, hub.getJson("api/channels/x").getInt("lastId"), "no refused publish took an id");
            JsonObject m = hub.publish("ws-bystander", "{\"data\":\"fine\"}");
            assertEquals(m, envelope(bystander.next()), "other clients never noticed");
        }
    }

    @Test
    void repeatedAbuseClosesOnlyTheOffender() throws Exception {
        try (WsClient abuser = WsClient.connect(hub, null); WsClient bystander = WsClient.connect(hub, null)) {
            for (int i = 0; i < 25; i++) {
                abuser.send("garbage " + i);
            }
            int code = abuser.closeCode.get(10, TimeUnit.SECONDS);
            assertEquals(1008, code, "policy violation after realtime.websocket.max-errors=20");
            assertPong(bystander, "unaffected");
        }
    }

    @Test
    void batchingClientsGetQueuedMessagesTogether() throws Exception {
        String channel = "ws-batch";
        for (int i = 1; i <= 40; i++) {
            hub.publish(channel, "{\"data\":" + i + "}");
        }
        String epoch = hub.getJson("api/channels/" + channel).getString("epoch");
        try (WsClient plain = WsClient.connect(hub, null); WsClient batching = WsClient.connect(hub, "?batch=1")) {
            plain.send(resume(channel, 0, epoch));
            batching.send(resume(channel, 0, epoch));
            plain.next("subscribed");
            batching.next("subscribed");

            List<Integer> plainIds = new ArrayList<>();
            while (plainIds.size() < 40) {
                JsonObject f = plain.next();
                assertEquals("message", f.getString("type"), "plain clients never get batch frames");
                plainIds.add(f.getInt("id"));
            }
            List<Integer> batchedIds = new ArrayList<>();
            int frames = 0;
            while (batchedIds.size() < 40) {
                JsonObject f = batching.next();
                frames++;
                if (f.getString("type").equals("batch")) {
                    f.getJsonArray("messages").getValuesAs(JsonObject.class).forEach(m -> {
                        assertEquals(channel, m.getString("channel"));
                        batchedIds.add(m.getInt("id"));
                    });
                } else {
                    batchedIds.add(envelope(f).getInt("id"));
                }
            }
            List<Integer> expected = IntStream.rangeClosed(1, 40).boxed().toList();
            assertEquals(expected, plainIds);
            assertEquals(expected, batchedIds);
            assertTrue(frames < 40, "the replay, queued at once, went out in fewer frames: " + frames);
        }
    }

    @Test
    void aSlowConsumerIsClosedAndDoesNotStallANormalOne() throws Exception {
        String channel = "ws-firehose";
        int count = 1500;
        try (RawWebSocket slow = RawWebSocket.connect(hub.webSocketUri(null), 16 * 1024);
             WsClient normal = WsClient.connect(hub, null)) {
            slow.sendText(subscribe(channel));
            normal.send(subscribe(channel));
            normal.next("subscribed");
            HubClient.await("both subscribed", Duration.ofSeconds(5),
                    () -> hub.getJson("api/channels/" + channel).getInt("lastId") == 0
                            && hub.stats().getJsonObject("connections").getInt("websocket") >= 2);
            long closedBefore = hub.stats().getJsonNumber("slowConsumersClosed").longValue();

            hub.publishMany(channel, count, 16_000);

            // The normal consumer gets everything, in order, while the slow one reads nothing at all.
            for (int id = 1; id <= count; id++) {
                assertEquals(id, normal.next("message").getInt("id"));
            }
            HubClient.await("the slow consumer to be closed", Duration.ofSeconds(20),
                    () -> hub.stats().getJsonNumber("slowConsumersClosed").longValue() > closedBefore);

            List<RawWebSocket.Frame> frames = slow.readUntilClose();
            RawWebSocket.Frame last = frames.get(frames.size() - 1);
            assertEquals(0x8, last.opcode(), "the hub closed the connection");
            assertEquals(4008, last.closeCode(), "closed as a slow consumer");
            int received = 0;
            for (RawWebSocket.Frame f : frames) {
                if (f.opcode() == 0x1 && HubClient.json(f.text()).getString("type").equals("message")) {
                    assertEquals(++received, HubClient.json(f.text()).getInt("id"), "what it got was in order, without gaps");
                }
            }
            assertTrue(received < count, "it could not have taken everything: " + received);
            assertPong(normal, "normal-still-connected");
        }
    }

    @Test
    void connectionsAreCounted() throws Exception {
        int before = hub.stats().getJsonObject("connections").getInt("websocket");
        WsClient ws = WsClient.connect(hub, null);
        HubClient.await("the connection to count", Duration.ofSeconds(5),
                () -> hub.stats().getJsonObject("connections").getInt("websocket") == before + 1);
        ws.close();
        HubClient.await("the connection to be forgotten", Duration.ofSeconds(5),
                () -> hub.stats().getJsonObject("connections").getInt("websocket") == before);
        assertEquals(JsonValue.ValueType.NUMBER, hub.stats().get("slowConsumersClosed").getValueType());
    }
}
