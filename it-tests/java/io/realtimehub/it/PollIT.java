package io.realtimehub.it;

import static io.realtimehub.it.HubClient.pollPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code GET /api/poll}: short and long polling over one resource. */
class PollIT extends HubDeployment {

    private JsonObject poll(List<String> channels, String cursor, String wait) throws Exception {
        return hub.getJson(pollPath(channels, cursor, wait));
    }

    private static List<Integer> ids(JsonObject response, String channel) {
        return response.getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                .filter(m -> m.getString("channel").equals(channel)).map(m -> m.getInt("id")).toList();
    }

    @Test
    void withoutCursorThereAreNoOldMessagesOnlyACursorFromNow() throws Exception {
        hub.publish("sp-a", "{\"data\":1}");
        JsonObject first = poll(List.of("sp-a"), null, null);
        assertEquals(0, first.getJsonArray("messages").size());
        String cursor = first.getString("cursor");
        assertTrue(cursor.matches("[A-Za-z0-9._~-]+"), "URL-safe cursor: " + cursor);
        JsonObject channel = first.getJsonObject("channels").getJsonObject("sp-a");
        assertTrue(channel.getBoolean("recovered"));
        assertFalse(channel.getString("epoch").isEmpty());

        hub.publish("sp-a", "{\"data\":2}");
        hub.publish("sp-a", "{\"data\":3}");
        JsonObject next = poll(List.of("sp-a"), cursor, "0");
        assertEquals(List.of(2, 3), ids(next, "sp-a"));
        JsonObject again = poll(List.of("sp-a"), next.getString("cursor"), null);
        assertEquals(List.of(), ids(again, "sp-a"), "nothing is delivered twice");
    }

    @Test
    void oneCursorCoversManyChannelsAndKeepsIdOrderPerChannel() throws Exception {
        String cursor = poll(List.of("mc-a", "mc-b"), null, null).getString("cursor");
        hub.publish("mc-a", "{\"data\":\"a1\"}");
        hub.publish("mc-b", "{\"data\":\"b1\"}");
        hub.publish("mc-a", "{\"data\":\"a2\"}");
        JsonObject r = poll(List.of("mc-a", "mc-b"), cursor, null);
        assertEquals(List.of(1, 2), ids(r, "mc-a"));
        assertEquals(List.of(1), ids(r, "mc-b"));
        assertEquals(2, r.getJsonObject("channels").size());

        // A channel missing from the cursor starts from now; the others keep their positions.
        hub.publish("mc-c", "{\"data\":\"c-old\"}");
        hub.publish("mc-a", "{\"data\":\"a3\"}");
        JsonObject wider = poll(List.of("mc-a", "mc-c"), r.getString("cursor"), null);
        assertEquals(List.of(3), ids(wider, "mc-a"));
        assertEquals(List.of(), ids(wider, "mc-c"));
        hub.publish("mc-b", "{\"data\":\"b2\"}");
        JsonObject back = poll(List.of("mc-b"), wider.getString("cursor"), null);
        assertEquals(List.of(2), ids(back, "mc-b"), "mc-b's position survived a poll that did not list it");
    }

    @Test
    void aLargeBacklogComesInPagesWithMore() throws Exception {
        String cursor = poll(List.of("pages"), null, null).getString("cursor");
        for (int i = 0; i < 45; i++) {
            hub.publish("pages", "{\"data\":" + i + "}");
        }
        List<Integer> all = new ArrayList<>();
        boolean more = true;
        int requests = 0;
        while (more) {
            JsonObject page = poll(List.of("pages"), cursor, null);
            assertTrue(page.getJsonArray("messages").size() <= 20, "realtime.poll.max-messages=20");
            all.addAll(ids(page, "pages"));
            cursor = page.getString("cursor");
            more = page.getBoolean("more");
            assertTrue(++requests < 10);
        }
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 45).boxed().toList(), all);
        assertEquals(3, requests);
    }

    @Test
    void aPageFilledByOneChannelSkipsNothingOfTheOthers() throws Exception {
        List<String> both = List.of("full-a", "full-b");
        String cursor = poll(both, null, null).getString("cursor");
        for (int i = 0; i < 25; i++) {
            hub.publish("full-a", "{\"data\":" + i + "}");
        }
        for (int i = 0; i < 3; i++) {
            hub.publish("full-b", "{\"data\":" + i + "}");
        }
        JsonObject first = poll(both, cursor, null);
        assertEquals(20, ids(first, "full-a").size(), "full-a fills the page (realtime.poll.max-messages=20)");
        assertEquals(List.of(), ids(first, "full-b"));
        assertTrue(first.getBoolean("more"));
        JsonObject second = poll(both, first.getString("cursor"), null);
        assertEquals(List.of(21, 22, 23, 24, 25), ids(second, "full-a"));
        assertEquals(List.of(1, 2, 3), ids(second, "full-b"), "full-b was not skipped");
        assertFalse(second.getBoolean("more"));
    }

    @Test
    void aCursorOlderThanTheHistoryIsReportedNotRecovered() throws Exception {
        String cursor = poll(List.of("lossy"), null, null).getString("cursor");
        for (int i = 1; i <= 70; i++) {
            hub.publish("lossy", "{\"data\":" + i + "}");
        }
        JsonObject r = poll(List.of("lossy"), cursor, null);
        JsonObject state = r.getJsonObject("channels").getJsonObject("lossy");
        assertFalse(state.getBoolean("recovered"), "messages 1-20 fell out of the 50-message history");
        assertEquals(21, state.getInt("firstRetained"));
        assertEquals(21, ids(r, "lossy").get(0), "delivery starts at the first retained id");
        JsonObject next = poll(List.of("lossy"), r.getString("cursor"), null);
        assertTrue(next.getJsonObject("channels").getJsonObject("lossy").getBoolean("recovered"),
                "once told, the client continues normally");
    }

    @Test
    void aCursorOfAnotherEpochIsReportedNotRecovered() throws Exception {
        hub.publish("epochs", "{\"data\":1}");
        // A client holding a cursor from before a restart has the same channel with an old epoch:
        // rewrite a real cursor's epoch to get one.
        String cursor = poll(List.of("epochs"), null, null).getString("cursor");
        String text = new String(java.util.Base64.getUrlDecoder().decode(cursor.substring(1)), java.nio.charset.StandardCharsets.UTF_8);
        String[] f = text.split(" ");
        String forged = "c" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                (f[0] + " oldEpoch " + f[2]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        JsonObject r = poll(List.of("epochs"), forged, null);
        JsonObject state = r.getJsonObject("channels").getJsonObject("epochs");
        assertFalse(state.getBoolean("recovered"));
        assertNotEquals("oldEpoch", state.getString("epoch"));
        assertEquals(List.of(1), ids(r, "epochs"), "what the new epoch retains is delivered");
    }

    private String epochOf(String channel) throws Exception {
        return hub.getJson("api/channels/" + channel).getString("epoch");
    }

    /** {@code api/poll?channel=…&from=…&cursor=…}: the from places need no encoding. */
    private static String fromPath(List<String> channels, List<String> from, String cursor) {
        StringBuilder path = new StringBuilder(pollPath(channels, cursor, null));
        from.forEach(place -> path.append("&from=").append(place));
        return path.toString();
    }

    @Test
    void fromResumesJustAfterThePlace() throws Exception {
        for (int i = 1; i <= 5; i++) {
            hub.publish("from-a", "{\"data\":" + i + "}");
        }
        String epoch = epochOf("from-a");
        JsonObject r = hub.getJson(fromPath(List.of("from-a"), List.of("from-a~" + epoch + "~2"), null));
        assertEquals(List.of(3, 4, 5), ids(r, "from-a"));
        JsonObject state = r.getJsonObject("channels").getJsonObject("from-a");
        assertTrue(state.getBoolean("recovered"));
        assertEquals(epoch, state.getString("epoch"));
        assertFalse(state.containsKey("firstRetained"));
        JsonObject next = poll(List.of("from-a"), r.getString("cursor"), null);
        assertEquals(List.of(), ids(next, "from-a"), "the returned cursor continues after 5");

        JsonObject all = hub.getJson(fromPath(List.of("from-a"), List.of("from-a~" + epoch + "~0"), null));
        assertEquals(List.of(1, 2, 3, 4, 5), ids(all, "from-a"), "id 0: everything retained");
    }

    @Test
    void fromWithAnotherEpochIsNotRecovered() throws Exception {
        for (int i = 1; i <= 3; i++) {
            hub.publish("from-stale", "{\"data\":" + i + "}");
        }
        JsonObject r = hub.getJson(fromPath(List.of("from-stale"), List.of("from-stale~before-restart~2"), null));
        JsonObject state = r.getJsonObject("channels").getJsonObject("from-stale");
        assertFalse(state.getBoolean("recovered"));
        assertEquals(1, state.getInt("firstRetained"));
        assertNotEquals("before-restart", state.getString("epoch"));
        assertEquals(List.of(1, 2, 3), ids(r, "from-stale"), "the current epoch's retained messages");
    }

    @Test
    void theCursorWinsOverFromForEveryChannelItCovers() throws Exception {
        hub.publish("prec-a", "{\"data\":1}");
        hub.publish("prec-b", "{\"data\":1}");
        String cursor = poll(List.of("prec-a"), null, null).getString("cursor");   // prec-a at 1
        hub.publish("prec-a", "{\"data\":2}");
        hub.publish("prec-b", "{\"data\":2}");
        String a = epochOf("prec-a");
        String b = epochOf("prec-b");
        JsonObject r = hub.getJson(fromPath(List.of("prec-a", "prec-b"),
                List.of("prec-a~" + a + "~0", "prec-b~" + b + "~0"), cursor));
        assertEquals(List.of(2), ids(r, "prec-a"), "the cursor's place, not from's");
        assertEquals(List.of(1, 2), ids(r, "prec-b"), "from's place where the cursor has none");

        // The same URL again with the new cursor: nothing is delivered twice.
        JsonObject again = hub.getJson(fromPath(List.of("prec-a", "prec-b"),
                List.of("prec-a~" + a + "~0", "prec-b~" + b + "~0"), r.getString("cursor")));
        assertEquals(0, again.getJsonArray("messages").size());
    }

    @Test
    void theLastFromOfAChannelWinsAndUnlistedOnesAreKeptInTheCursor() throws Exception {
        for (int i = 1; i <= 3; i++) {
            hub.publish("dup", "{\"data\":" + i + "}");
            hub.publish("unlisted", "{\"data\":" + i + "}");
        }
        String dup = epochOf("dup");
        JsonObject r = hub.getJson(fromPath(List.of("dup"),
                List.of("dup~" + dup + "~0", "dup~" + dup + "~2", "unlisted~" + epochOf("unlisted") + "~1"), null));
        assertEquals(List.of(3), ids(r, "dup"));
        assertEquals(1, r.getJsonObject("channels").size(), "one entry per listed channel");
        JsonObject later = poll(List.of("unlisted"), r.getString("cursor"), null);
        assertEquals(List.of(2, 3), ids(later, "unlisted"), "the unlisted place travelled in the cursor");
    }

    @Test
    void aLongPollFromTheNewestPlaceIsHeldUntilTheNextMessage() throws Exception {
        hub.publish("from-lp", "{\"data\":1}");
        String path = fromPath(List.of("from-lp"), List.of("from-lp~" + epochOf("from-lp") + "~1"), null) + "&wait=30";
        CompletableFuture<HttpResponse<String>> waiting = hub.getAsync(path);
        HubClient.await("the long poll to be held", Duration.ofSeconds(10),
                () -> hub.stats().getJsonObject("connections").getInt("longPolls") >= 1);
        assertFalse(waiting.isDone());
        hub.publish("from-lp", "{\"data\":2}");
        HttpResponse<String> r = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(2), ids(HubClient.json(r.body()), "from-lp"));
    }

    /**
     * A client on WebSocket keeps (epoch, id) per channel, loses its connection, and continues by
     * polling from that place: the messages published meanwhile, each once.
     */
    @Test
    void aWebSocketClientSwitchesToPollingWithoutGapOrDuplicate() throws Exception {
        String channel = "switch-poll";
        hub.publish(channel, "{\"data\":\"before\"}");
        String epoch;
        List<Integer> received = new ArrayList<>();
        try (WsClient ws = WsClient.connect(hub, null)) {
            ws.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
            epoch = ws.next("subscribed").getString("epoch");
            for (int i = 1; i <= 3; i++) {
                hub.publish(channel, "{\"data\":" + i + "}");
            }
            for (int i = 0; i < 3; i++) {
                received.add(ws.next("message").getInt("id"));
            }
        }
        assertEquals(List.of(2, 3, 4), received);
        int lastId = received.get(received.size() - 1);
        // published while the client changes transport
        List<Integer> missed = new ArrayList<>();
        for (int i = 4; i <= 6; i++) {
            missed.add(hub.publish(channel, "{\"data\":" + i + "}").getInt("id"));
        }
        JsonObject r = hub.getJson(fromPath(List.of(channel), List.of(channel + "~" + epoch + "~" + lastId), null));
        assertTrue(r.getJsonObject("channels").getJsonObject(channel).getBoolean("recovered"));
        assertEquals(missed, ids(r, channel));
        hub.publish(channel, "{\"data\":7}");
        assertEquals(List.of(8), ids(poll(List.of(channel), r.getString("cursor"), null), channel));
    }

    @Test
    void longPollIsHeldUntilAMessageArrives() throws Exception {
        String cursor = poll(List.of("lp-a", "lp-b"), null, null).getString("cursor");
        CompletableFuture<HttpResponse<String>> waiting = hub.getAsync(pollPath(List.of("lp-a", "lp-b"), cursor, "30"));
        HubClient.await("the long poll to be held", Duration.ofSeconds(10),
                () -> hub.stats().getJsonObject("connections").getInt("longPolls") >= 1);
        assertFalse(waiting.isDone(), "held while nothing is new");
        JsonObject published = hub.publish("lp-b", "{\"data\":\"wake\"}");
        HttpResponse<String> r = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        JsonObject body = HubClient.json(r.body());
        assertEquals(List.of(published), body.getJsonArray("messages").getValuesAs(JsonObject.class));
        assertEquals(2, body.getJsonObject("channels").size());
    }

    @Test
    void longPollAnswersAtOnceWhenSomethingIsAlreadyNew() throws Exception {
        String cursor = poll(List.of("lp-now"), null, null).getString("cursor");
        hub.publish("lp-now", "{\"data\":1}");
        JsonObject r = poll(List.of("lp-now"), cursor, "30");
        assertEquals(List.of(1), ids(r, "lp-now"));
    }

    @Test
    void longPollTimesOutWithNoMessagesAndAUsableCursor() throws Exception {
        String cursor = poll(List.of("lp-quiet"), null, null).getString("cursor");
        long start = System.nanoTime();
        JsonObject r = poll(List.of("lp-quiet"), cursor, "1");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMs >= 900, "held for about the wait: " + elapsedMs + " ms");
        assertEquals(0, r.getJsonArray("messages").size());
        hub.publish("lp-quiet", "{\"data\":1}");
        assertEquals(List.of(1), ids(poll(List.of("lp-quiet"), r.getString("cursor"), null), "lp-quiet"));
    }

    @Test
    void waitIsCappedByMaxWait() throws Exception {
        String cursor = poll(List.of("lp-cap"), null, null).getString("cursor");
        long start = System.nanoTime();
        JsonObject r = poll(List.of("lp-cap"), cursor, "600");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(0, r.getJsonArray("messages").size());
        assertTrue(elapsedMs >= 7_500 && elapsedMs < 60_000,
                "answered after realtime.longpoll.max-wait=8s, not 600 s: " + elapsedMs + " ms");
    }

    @Test
    void threeHundredLongPollsAreResumedByOnePublish() throws Exception {
        String channel = "crowd";
        String cursor = poll(List.of(channel), null, null).getString("cursor");
        int polls = 300;
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            waiting.add(hub.getAsync(pollPath(List.of(channel), cursor, "30")));
        }
        // Every one is parked on the hub at once (the server has far fewer request threads than 300).
        HubClient.await("300 held long polls", Duration.ofSeconds(20),
                () -> hub.stats().getJsonObject("connections").getInt("longPolls") >= polls);
        assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone));

        JsonObject published = hub.publish(channel, "{\"data\":\"to everyone\"}");
        CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        for (CompletableFuture<HttpResponse<String>> w : waiting) {
            HttpResponse<String> r = w.get();
            assertEquals(200, r.statusCode());
            assertEquals(List.of(published), HubClient.json(r.body()).getJsonArray("messages").getValuesAs(JsonObject.class));
        }
        HubClient.await("no poll left waiting", Duration.ofSeconds(5),
                () -> hub.stats().getJsonObject("connections").getInt("longPolls") == 0);
    }

    @Test
    void badPollRequestsAreRefused() throws Exception {
        assertRefused(hub.get("api/poll"), 400, "invalid_parameter");
        assertRefused(hub.get("api/poll?channel=bad%20name"), 400, "invalid_channel");
        assertRefused(hub.get("api/poll?channel=a&cursor=not-a-cursor"), 400, "invalid_cursor");
        assertRefused(hub.get("api/poll?channel=a&wait=soon"), 400, "invalid_parameter");
        assertRefused(hub.get("api/poll?channel=a&wait=-1"), 400, "invalid_parameter");
        for (String from : List.of("a", "a~e", "a~e~1~2", "a%20b~e~1", "a~e%21~1", "a~e~-1", "a~e~x", "a~e~1000000000000000000")) {
            HttpResponse<String> r = hub.get("api/poll?channel=a&from=" + from);
            assertRefused(r, 400, "invalid_parameter");
            String message = HubClient.json(r.body()).getString("message");
            assertTrue(message.startsWith("from must be <channel>~<epoch>~<id>"), message);
            assertTrue(message.contains(java.net.URLDecoder.decode(from, java.nio.charset.StandardCharsets.UTF_8)), message);
        }
        StringBuilder many = new StringBuilder("api/poll?channel=c0");
        for (int i = 1; i <= 100; i++) {
            many.append("&channel=c").append(i);
        }
        assertRefused(hub.get(many.toString()), 400, "too_many_channels");
    }

    private static void assertRefused(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(code, HubClient.json(r.body()).getString("error"));
    }

    @Test
    void pollResponsesAreNotCached() throws Exception {
        HttpResponse<String> r = hub.get(pollPath(List.of("nocache"), null, null));
        assertTrue(r.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
        assertEquals(JsonValue.ValueType.OBJECT, HubClient.json(r.body()).getJsonObject("channels").getValueType());
    }
}
