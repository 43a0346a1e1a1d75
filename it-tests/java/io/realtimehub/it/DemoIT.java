package io.realtimehub.it;

import static io.realtimehub.it.HubClient.pollPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The demo applications' server side, on (arquillian.xml sets {@code realtime.demo.enabled=true}
 * and an 8 MiB upload limit): the ticker and stats feeds, and an upload job followed by long
 * polling its channel, as the demo pages do.
 */
class DemoIT extends HubDeployment {

    private static final Map<String, Integer> PHASE_ORDER = Map.of("created", 0, "uploading", 1, "processing", 2, "done", 3);

    private String cursorFromNow(String channel) throws Exception {
        return hub.getJson(pollPath(List.of(channel), null, null)).getString("cursor");
    }

    /** Long-polls a channel from the cursor, collecting messages until {@code enough} holds for them. */
    private List<JsonObject> follow(String channel, String cursor, Predicate<List<JsonObject>> enough) throws Exception {
        List<JsonObject> messages = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!enough.test(messages)) {
            assertTrue(System.nanoTime() < deadline, "timed out following " + channel + ": " + messages);
            JsonObject page = hub.getJson(pollPath(List.of(channel), cursor, "5"));
            messages.addAll(page.getJsonArray("messages").getValuesAs(JsonObject.class));
            cursor = page.getString("cursor");
        }
        return messages;
    }

    private static void assertConsecutiveIds(List<JsonObject> messages) {
        for (int i = 1; i < messages.size(); i++) {
            assertEquals(messages.get(i - 1).getInt("id") + 1, messages.get(i).getInt("id"), "no gap: " + messages);
        }
    }

    private HttpResponse<String> put(String path, byte[] body) throws Exception {
        return hub.http.send(HttpRequest.newBuilder(hub.uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject createUpload(String body) throws Exception {
        HttpResponse<String> r = hub.post("api/demo/uploads", body == null ? null : "application/json", body == null ? "" : body);
        assertEquals(201, r.statusCode(), r.body());
        JsonObject created = HubClient.json(r.body());
        String id = created.getString("id");
        assertTrue(id.matches("[A-Za-z0-9_-]{16,}"), "URL-safe id: " + id);
        assertEquals("demo.upload." + id, created.getString("channel"));
        assertEquals(8 * 1024 * 1024, created.getInt("maxBytes"));
        assertTrue(r.headers().firstValue("Location").orElse("").endsWith("api/demo/uploads/" + id));
        return created;
    }

    private static void assertError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        JsonObject body = HubClient.json(r.body());
        assertEquals(Set.of("error", "message"), body.keySet(), r.body());
        assertEquals(code, body.getString("error"));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void tickerMessagesArriveWithConsecutiveIds() throws Exception {
        String cursor = cursorFromNow("demo.ticker");
        List<JsonObject> ticks = follow("demo.ticker", cursor, m -> m.size() >= 30);
        assertConsecutiveIds(ticks);
        for (JsonObject tick : ticks) {
            assertEquals("tick", tick.getString("event"));
            JsonObject data = tick.getJsonObject("data");
            assertEquals(Set.of("sym", "px", "chg"), data.keySet(), data.toString());
            assertTrue(data.getString("sym").matches("[A-Z]+"), data.toString());
            assertTrue(data.getJsonNumber("px").doubleValue() > 0, data.toString());
            assertEquals(JsonValue.ValueType.NUMBER, data.get("chg").getValueType());
        }
        assertTrue(ticks.stream().map(t -> t.getJsonObject("data").getString("sym")).distinct().count() >= 8,
                "the symbols take turns");
    }

    @Test
    void statsMessagesCarryTheHubsFigures() throws Exception {
        String node = hub.stats().getString("node");
        List<JsonObject> stats = follow("demo.stats", cursorFromNow("demo.stats"), m -> !m.isEmpty());
        JsonObject message = stats.get(0);
        assertEquals("stats", message.getString("event"));
        JsonObject data = message.getJsonObject("data");
        assertEquals(node, data.getString("node"));
        assertEquals("none", data.getString("cluster"));
        assertTrue(data.getInt("channels") >= 2, "at least demo.ticker and demo.stats: " + data);
        assertEquals(Set.of("websocket", "sse", "longPolls"), data.getJsonObject("connections").keySet());
        assertTrue(data.getJsonNumber("slowConsumersClosed").longValue() >= 0);
        assertTrue(data.getJsonNumber("processCpuNanos").longValue() > 0, data.toString());
        assertTrue(data.get("cpuLoad") instanceof JsonNumber load && load.doubleValue() >= 0 && load.doubleValue() <= 1,
                data.toString());
        assertTrue(data.getJsonNumber("heapUsedBytes").longValue() > 0);
        assertTrue(data.getJsonNumber("heapMaxBytes").longValue() >= data.getJsonNumber("heapUsedBytes").longValue());
        assertTrue(data.getInt("threads") > 0);
        assertTrue(data.getJsonNumber("uptimeMs").longValue() > 0);
    }

    @Test
    void anUploadIsFollowedOnItsChannelUntilDone() throws Exception {
        JsonObject created = createUpload("{\"name\":\"five.bin\"}");
        String id = created.getString("id");
        String channel = created.getString("channel");
        String cursor = cursorFromNow(channel);
        byte[] file = randomBytes(5_000_000);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));

        HttpResponse<String> accepted = put("api/demo/uploads/" + id, file);
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals("processing", HubClient.json(accepted.body()).getString("phase"));

        List<JsonObject> messages = follow(channel, cursor,
                m -> !m.isEmpty() && Set.of("done", "failed").contains(phase(m.get(m.size() - 1))));
        assertConsecutiveIds(messages);
        List<JsonObject> states = messages.stream().map(m -> {
            assertEquals("progress", m.getString("event"));
            return m.getJsonObject("data");
        }).toList();
        JsonObject done = states.get(states.size() - 1);
        assertEquals("done", done.getString("phase"), done.toString());
        assertEquals(sha256, done.getString("sha256"));
        assertEquals(file.length, done.getInt("bytes"));
        assertEquals("five.bin", done.getString("name"));
        assertEquals(id, done.getString("id"));

        // Phases in order, each phase's percent never decreasing.
        assertEquals("uploading", states.get(0).getString("phase"));
        assertTrue(states.stream().anyMatch(s -> s.getString("phase").equals("processing")));
        for (int i = 1; i < states.size(); i++) {
            JsonObject before = states.get(i - 1);
            JsonObject after = states.get(i);
            assertTrue(PHASE_ORDER.get(before.getString("phase")) <= PHASE_ORDER.get(after.getString("phase")), states.toString());
            if (before.getString("phase").equals(after.getString("phase"))) {
                assertTrue(before.getInt("percent") <= after.getInt("percent"), states.toString());
            }
        }
        JsonObject lastUploading = states.stream().filter(s -> s.getString("phase").equals("uploading")).reduce((a, b) -> b).get();
        assertEquals(file.length, lastUploading.getInt("total"));
        assertEquals(100, lastUploading.getInt("percent"));
        assertTrue(states.stream().filter(s -> s.getString("phase").equals("processing")).count() >= 5,
                "processing reports its steps: " + states);

        // The server keeps the state, and the channel's history holds it for a page that reloads.
        assertEquals(done, hub.getJson("api/demo/uploads/" + id));
        assertEquals(done, hub.getJson("api/channels/" + channel).getJsonObject("last").getJsonObject("data"));
    }

    private static String phase(JsonObject message) {
        return message.getJsonObject("data").getString("phase");
    }

    @Test
    void aNewUploadIsCreatedAndItsStateIsKept() throws Exception {
        JsonObject created = createUpload(null);
        JsonObject state = hub.getJson("api/demo/uploads/" + created.getString("id"));
        assertEquals("created", state.getString("phase"));
        assertEquals(JsonValue.NULL, state.get("name"));
        assertEquals(state, hub.getJson("api/channels/" + created.getString("channel")).getJsonObject("last").getJsonObject("data"));
        assertError(hub.post("api/demo/uploads", "application/json", "[1]"), 400, "invalid_json");
    }

    @Test
    void anUnknownUploadIsNotFound() throws Exception {
        assertError(hub.get("api/demo/uploads/no-such-upload"), 404, "not_found");
        assertError(put("api/demo/uploads/no-such-upload", new byte[10]), 404, "not_found");
    }

    @Test
    void aSecondPutOfTheSameUploadIsAConflict() throws Exception {
        String id = createUpload(null).getString("id");
        assertEquals(202, put("api/demo/uploads/" + id, new byte[1000]).statusCode());
        assertError(put("api/demo/uploads/" + id, new byte[1000]), 409, "conflict");
    }

    @Test
    void anUploadOverTheLimitIsRefusedAndReportedOnItsChannel() throws Exception {
        JsonObject created = createUpload(null);
        String id = created.getString("id");
        assertError(put("api/demo/uploads/" + id, new byte[9 * 1024 * 1024]), 413, "too_large");
        JsonObject state = hub.getJson("api/demo/uploads/" + id);
        assertEquals("failed", state.getString("phase"));
        assertTrue(state.getString("reason").contains("8388608"), state.toString());
        assertEquals(state, hub.getJson("api/channels/" + created.getString("channel")).getJsonObject("last").getJsonObject("data"));
        assertFalse(state.containsKey("sha256"));
    }
}
