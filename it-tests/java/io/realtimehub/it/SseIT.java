package io.realtimehub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.realtimehub.it.SseStream.Event;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code GET /api/events}: Server-Sent Events. */
class SseIT extends HubDeployment {

    private static JsonObject data(Event e) {
        return HubClient.json(e.data());
    }

    @Test
    void streamStartsWithRetryThenOneSubscribedEventPerChannel() throws Exception {
        hub.publish("sse-b", "{\"data\":\"before\"}");
        try (SseStream s = SseStream.open(hub, "api/events?channel=sse-a&channel=sse-b", null)) {
            assertEquals(200, s.status);
            assertTrue(s.headers.firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            assertTrue(s.headers.firstValue("Cache-Control").orElse("").contains("no-cache"),
                    "Cache-Control: " + s.headers.firstValue("Cache-Control"));
            Event a = s.next();
            Event b = s.next();
            assertEquals("retry: 1500", s.rawLines.get(0), "the stream begins with the retry field");
            assertEquals("subscribed", a.event());
            assertEquals("subscribed", b.event());
            JsonObject sa = data(a);
            JsonObject sb = data(b);
            assertEquals("sse-a", sa.getString("channel"));
            assertTrue(sa.getBoolean("recovered"));
            assertEquals(0, sa.getInt("lastId"));
            assertEquals("sse-b", sb.getString("channel"));
            assertEquals(1, sb.getInt("lastId"));
            assertFalse(sb.getString("epoch").isEmpty());
            assertNotNull(a.id(), "even subscribed events carry a cursor");
        }
    }

    @Test
    void eachMessageIsOneEventWithItsNameTheCursorAsIdAndTheEnvelopeAsData() throws Exception {
        try (SseStream s = SseStream.open(hub, "api/events?channel=sse-live", null)) {
            s.next();
            JsonObject plain = hub.publish("sse-live", "{\"data\":{\"text\":\"two\\nlines\"}}");
            JsonObject named = hub.publish("sse-live", "{\"event\":\"price\",\"data\":12.5}");
            Event first = s.next();
            Event second = s.next();
            assertEquals("message", first.event());
            assertEquals(plain, data(first));
            assertEquals("price", second.event());
            assertEquals(named, data(second));
            assertTrue(second.id().matches("[A-Za-z0-9._~-]+"));
            long dataLines = s.rawLines.stream().filter(l -> l.startsWith("data:")).count();
            assertEquals(3, dataLines, "one data line per event (subscribed + 2), even for data with newlines");
            assertTrue(s.rawLines.contains("event: message"), "event: is present also for message");

            // The id is a cursor: polling from it delivers exactly what came after.
            JsonObject third = hub.publish("sse-live", "{\"data\":3}");
            JsonObject after = hub.getJson(HubClient.pollPath(List.of("sse-live"), second.id(), null));
            assertEquals(List.of(third), after.getJsonArray("messages").getValuesAs(JsonObject.class));
        }
    }

    @Test
    void lastEventIdResumesWithoutGapOrDuplicate() throws Exception {
        String channel = "sse-resume";
        String lastId;
        try (SseStream s = SseStream.open(hub, "api/events?channel=" + channel, null)) {
            s.next();
            for (int i = 1; i <= 3; i++) {
                hub.publish(channel, "{\"data\":" + i + "}");
            }
            s.nextMessage();
            lastId = s.nextMessage().id();
            s.nextMessage();
        }
        // While disconnected (after having seen 2 and, unknown to the hub, 3):
        hub.publish(channel, "{\"data\":4}");
        try (SseStream s = SseStream.open(hub, "api/events?channel=" + channel, lastId)) {
            assertReplaysAfterTwoThenLive(s, channel);
        }
    }

    @Test
    void lastEventIdQueryParameterWorksForPolyfills() throws Exception {
        String channel = "sse-polyfill";
        String lastId;
        try (SseStream s = SseStream.open(hub, "api/events?channel=" + channel, null)) {
            lastId = s.next().id();
        }
        hub.publish(channel, "{\"data\":1}");
        try (SseStream s = SseStream.open(hub, "api/events?channel=" + channel + "&lastEventId=" + HubClient.enc(lastId), null)) {
            assertTrue(data(s.next()).getBoolean("recovered"));
            assertEquals(1, data(s.nextMessage()).getInt("id"), "the message published while away");
        }
    }

    @Test
    void resumeBeyondTheHistorySaysNotRecovered() throws Exception {
        String channel = "sse-lost";
        String lastId;
        try (SseStream s = SseStream.open(hub, "api/events?channel=" + channel, null)) {
            lastId = s.next().id();
        }
        for (int i = 1; i <= 60; i++) {
            hub.publish(channel, "{\"data\":" + i + "}");
        }
        try (SseStream s = SseStream.open(hub, "api/events?channel=" + channel, lastId)) {
            JsonObject subscribed = data(s.next());
            assertFalse(subscribed.getBoolean("recovered"));
            assertEquals(11, subscribed.getInt("firstRetained"));
            assertEquals(11, data(s.nextMessage()).getInt("id"));
        }
    }

    private String epochOf(String channel) throws Exception {
        return hub.getJson("api/channels/" + channel).getString("epoch");
    }

    @Test
    void fromReplaysAfterThePlaceThenGoesLive() throws Exception {
        String channel = "sse-from";
        for (int i = 1; i <= 4; i++) {
            hub.publish(channel, "{\"data\":" + i + "}");
        }
        String epoch = epochOf(channel);
        try (SseStream s = SseStream.open(hub, "api/events?channel=" + channel + "&from=" + channel + "~" + epoch + "~2", null)) {
            assertReplaysAfterTwoThenLive(s, channel);
        }
    }

    @Test
    void fromWithAnotherEpochIsNotRecovered() throws Exception {
        String channel = "sse-from-stale";
        for (int i = 1; i <= 3; i++) {
            hub.publish(channel, "{\"data\":" + i + "}");
        }
        try (SseStream s = SseStream.open(hub, "api/events?channel=" + channel + "&from=" + channel + "~gone~3", null)) {
            JsonObject subscribed = data(s.next());
            assertFalse(subscribed.getBoolean("recovered"));
            assertEquals(1, subscribed.getInt("firstRetained"));
            assertEquals(1, data(s.nextMessage()).getInt("id"));
        }
    }

    /** EventSource reconnects with the same URL, from included, and a newer Last-Event-ID. */
    @Test
    void lastEventIdWinsOverFromOnReconnect() throws Exception {
        String channel = "sse-from-reconnect";
        for (int i = 1; i <= 3; i++) {
            hub.publish(channel, "{\"data\":" + i + "}");
        }
        String url = "api/events?channel=" + channel + "&from=" + channel + "~" + epochOf(channel) + "~0";
        String lastId;
        try (SseStream s = SseStream.open(hub, url, null)) {
            assertEquals(1, data(s.nextMessage()).getInt("id"));
            lastId = s.nextMessage().id();
        }
        hub.publish(channel, "{\"data\":4}");
        try (SseStream s = SseStream.open(hub, url, lastId)) {
            assertTrue(data(s.next()).getBoolean("recovered"));
            assertEquals(3, data(s.nextMessage()).getInt("id"), "from the header's place (2), not from's (0)");
            assertEquals(4, data(s.nextMessage()).getInt("id"));
        }
        try (SseStream s = SseStream.open(hub, url + "&lastEventId=" + HubClient.enc(lastId), null)) {
            assertEquals(3, data(s.nextMessage()).getInt("id"), "the parameter wins over from as well");
        }
    }

    @Test
    void fromOfAnUnlistedChannelTravelsInTheEventIds() throws Exception {
        hub.publish("sse-aside", "{\"data\":1}");
        hub.publish("sse-aside", "{\"data\":2}");
        String cursor;
        try (SseStream s = SseStream.open(hub, "api/events?channel=sse-listed&from=sse-aside~" + epochOf("sse-aside") + "~1", null)) {
            Event subscribed = s.next();
            assertEquals("sse-listed", data(subscribed).getString("channel"), "no subscribed event for the unlisted channel");
            cursor = subscribed.id();
        }
        JsonObject r = hub.getJson(HubClient.pollPath(List.of("sse-aside"), cursor, null));
        assertEquals(List.of(2), r.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getInt("id")).toList());
    }

    /**
     * A client on WebSocket keeps (epoch, id) per channel and switches to SSE while messages keep
     * coming: together the two transports deliver every message exactly once.
     */
    @Test
    void aWebSocketClientSwitchesToSseWithoutGapOrDuplicate() throws Exception {
        String channel = "sse-switch";
        int total = 40;   // below the history of 50: the whole switch stays recoverable
        List<Integer> received = new ArrayList<>();
        java.util.concurrent.ExecutorService publisher = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            String epoch;
            java.util.concurrent.Future<?> publishing;
            try (WsClient ws = WsClient.connect(hub, null)) {
                ws.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
                epoch = ws.next("subscribed").getString("epoch");
                publishing = publisher.submit(() -> {
                    for (int i = 1; i <= total; i++) {
                        hub.publish(channel, "{\"data\":" + i + "}");
                        Thread.sleep(10);
                    }
                    return null;
                });
                for (int i = 0; i < 10; i++) {
                    received.add(ws.next("message").getInt("id"));
                }
            }
            // The place is (epoch, last id received); whatever else was sent on WebSocket is lost with it.
            String from = channel + "~" + epoch + "~" + received.get(received.size() - 1);
            try (SseStream s = SseStream.open(hub, "api/events?channel=" + channel + "&from=" + from, null)) {
                assertTrue(data(s.next()).getBoolean("recovered"));
                while (received.get(received.size() - 1) < total) {
                    received.add(data(s.nextMessage()).getInt("id"));
                }
            }
            publishing.get(30, TimeUnit.SECONDS);
        } finally {
            publisher.shutdownNow();
        }
        assertEquals(java.util.stream.IntStream.rangeClosed(1, total).boxed().toList(), received);
    }

    @Test
    void allSubscribedEventsComeBeforeAnyReplay() throws Exception {
        String cursor = hub.getJson(HubClient.pollPath(List.of("sse-o1", "sse-o2"), null, null)).getString("cursor");
        hub.publish("sse-o1", "{\"data\":1}");
        hub.publish("sse-o2", "{\"data\":1}");
        try (SseStream s = SseStream.open(hub, "api/events?channel=sse-o1&channel=sse-o2", cursor)) {
            List<String> order = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Event e = s.next();
                order.add(e.event().equals("subscribed") ? "subscribed" : data(e).getString("channel"));
            }
            assertEquals(List.of("subscribed", "subscribed", "sse-o1", "sse-o2"), order);
        }
    }

    @Test
    void idleStreamsGetHeartbeatComments() throws Exception {
        try (SseStream s = SseStream.open(hub, "api/events?channel=sse-idle", null)) {
            s.next();
            String comment = s.comments.poll(5, TimeUnit.SECONDS);
            assertNotNull(comment, "a comment within realtime.sse.heartbeat=1s (waited 5 s)");
        }
    }

    @Test
    void aClosedStreamIsForgotten() throws Exception {
        int before = hub.stats().getJsonObject("connections").getInt("sse");
        SseStream s = SseStream.open(hub, "api/events?channel=sse-gone", null);
        s.next();
        HubClient.await("the stream to count", Duration.ofSeconds(5),
                () -> hub.stats().getJsonObject("connections").getInt("sse") == before + 1);
        s.close();
        // Noticed at the latest by the next heartbeat write (1 s here).
        HubClient.await("the closed stream to be dropped", Duration.ofSeconds(10),
                () -> hub.stats().getJsonObject("connections").getInt("sse") <= before);
    }

    @Test
    void aStalledStreamIsClosedAndDoesNotStallANormalOne() throws Exception {
        String channel = "sse-firehose";
        int count = 1500;
        java.net.URI uri = hub.uri("api/events?channel=" + channel);
        try (java.net.Socket stalled = new java.net.Socket();
             SseStream normal = SseStream.open(hub, "api/events?channel=" + channel, null)) {
            // A client that sends its request and then never reads: its socket fills up.
            stalled.setReceiveBufferSize(16 * 1024);
            stalled.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            stalled.getOutputStream().write(("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\r\nHost: "
                    + uri.getHost() + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            normal.next();
            HubClient.await("both streams open", Duration.ofSeconds(5),
                    () -> hub.stats().getJsonObject("connections").getInt("sse") >= 2);
            long closedBefore = hub.stats().getJsonNumber("slowConsumersClosed").longValue();

            hub.publishMany(channel, count, 16_000);

            for (int id = 1; id <= count; id++) {
                assertEquals(id, data(normal.nextMessage()).getInt("id"), "the normal stream gets everything in order");
            }
            HubClient.await("the stalled stream to be closed as a slow consumer", Duration.ofSeconds(20),
                    () -> hub.stats().getJsonNumber("slowConsumersClosed").longValue() > closedBefore);
            JsonObject after = hub.publish(channel, "{\"data\":\"after\"}");
            assertEquals(after, data(normal.nextMessage()), "and keeps getting new ones");
        }
    }

    @Test
    void badRequestsGetJsonErrorsNotAStream() throws Exception {
        assertRefused(hub.get("api/events"), "invalid_parameter");
        assertRefused(hub.get("api/events?channel=no%20spaces"), "invalid_channel");
        assertRefused(hub.get("api/events?channel=a&lastEventId=bogus"), "invalid_cursor");
        assertRefused(hub.get("api/events?channel=a&from=a~e"), "invalid_parameter");
        assertRefused(hub.get("api/events?channel=a&from=a~e~1&from=b~e~one"), "invalid_parameter");
    }

    private static void assertRefused(HttpResponse<String> r, String code) {
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(code, HubClient.json(r.body()).getString("error"));
    }

    /** A stream resumed after id 2 of a channel holding 1..4: recovered, 3 and 4 replayed, then 5 live. */
    private void assertReplaysAfterTwoThenLive(SseStream s, String channel) throws Exception {
        JsonObject subscribed = data(s.next());
        assertTrue(subscribed.getBoolean("recovered"));
        assertEquals(4, subscribed.getInt("lastId"));
        hub.publish(channel, "{\"data\":5}");
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(data(s.nextMessage()).getInt("id"));
        }
        assertEquals(List.of(3, 4, 5), ids, "replay from after 2, then live");
    }
}
