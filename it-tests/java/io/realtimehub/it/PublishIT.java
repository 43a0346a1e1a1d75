package io.realtimehub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code POST /api/channels/{channel}/messages}, {@code GET /api/channels/{channel}} and errors. */
class PublishIT extends HubDeployment {

    private static final String JSON = "application/json";

    private HttpResponse<String> publishRaw(String channel, String contentType, String body) throws Exception {
        return hub.post("api/channels/" + channel + "/messages", contentType, body);
    }

    /** The body is exactly {@code {"error":code,"message":text}}. */
    private static void assertError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(JSON), "JSON error body");
        JsonObject body = HubClient.json(r.body());
        assertEquals(Set.of("error", "message"), body.keySet(), r.body());
        assertEquals(code, body.getString("error"));
        assertTrue(!body.getString("message").isBlank());
    }

    @Test
    void publishReturnsTheFullEnvelope() throws Exception {
        HttpResponse<String> r = publishRaw("prices", JSON, "{\"event\":\"price\",\"data\":{\"sym\":\"ACME\",\"px\":12.5}}");
        assertEquals(201, r.statusCode(), r.body());
        JsonObject m = HubClient.json(r.body());
        assertEquals(Set.of("channel", "id", "event", "data", "time"), m.keySet());
        assertEquals("prices", m.getString("channel"));
        assertEquals(1, m.getInt("id"));
        assertEquals("price", m.getString("event"));
        assertEquals(Json.createObjectBuilder().add("sym", "ACME").add("px", 12.5).build(), m.getJsonObject("data"));
        assertTrue(m.getString("time").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), m.getString("time"));

        JsonObject second = hub.publish("prices", "{\"data\":[1,2,3]}");
        assertEquals(2, second.getInt("id"));
        assertEquals("message", second.getString("event"), "event defaults to message");
        assertEquals(1, hub.publish("other", "{\"data\":null}").getInt("id"), "ids are per channel; null is data");
        assertEquals(JsonValue.ValueType.STRING, hub.publish("other", "{\"data\":\"text\"}").get("data").getValueType());
    }

    @Test
    void everyRefusedPublishSaysWhyAndConsumesNoId() throws Exception {
        String ch = "refusals";
        assertEquals(1, hub.publish(ch, "{\"data\":1}").getInt("id"));

        assertError(publishRaw(ch, JSON, "{\"data\":"), 400, "invalid_json");
        assertError(publishRaw(ch, JSON, "{\"data\":1} trailing"), 400, "invalid_json");
        assertError(publishRaw(ch, JSON, "{\"data\":1}{\"data\":2}"), 400, "invalid_json");
        assertError(publishRaw(ch, JSON, ""), 400, "invalid_json");
        assertError(publishRaw(ch, JSON, "[1,2]"), 400, "invalid_json");
        assertError(publishRaw(ch, JSON, "{\"event\":\"price\"}"), 400, "missing_data");
        assertError(publishRaw(ch, JSON, "{\"event\":\"has space\",\"data\":1}"), 400, "invalid_event");
        assertError(publishRaw(ch, JSON, "{\"event\":7,\"data\":1}"), 400, "invalid_event");
        assertError(publishRaw(ch, JSON, "{\"event\":\"" + "e".repeat(65) + "\",\"data\":1}"), 400, "invalid_event");
        assertError(publishRaw(ch, JSON, "{\"event\":\"subscribed\",\"data\":1}"), 400, "reserved_event");
        assertError(publishRaw("bad%20name", JSON, "{\"data\":1}"), 400, "invalid_channel");
        assertError(publishRaw("slash%2Fname", JSON, "{\"data\":1}"), 400, "invalid_channel");
        assertError(publishRaw("c".repeat(129), JSON, "{\"data\":1}"), 400, "invalid_channel");
        assertError(publishRaw(ch, "text/plain", "{\"data\":1}"), 415, "unsupported_media_type");
        assertError(publishRaw(ch, null, "{\"data\":1}"), 415, "unsupported_media_type");
        // 65536 bytes serialised is the limit: a string of 65534 characters plus its quotes fits.
        assertEquals(201, publishRaw("big", JSON, "{\"data\":\"" + "x".repeat(65534) + "\"}").statusCode());
        assertError(publishRaw(ch, JSON, "{\"data\":\"" + "x".repeat(65535) + "\"}"), 413, "too_large");
        assertError(publishRaw(ch, JSON, "{\"data\":\"" + "x".repeat(1_000_000) + "\"}"), 413, "too_large");

        assertEquals(2, hub.publish(ch, "{\"data\":2}").getInt("id"), "no refused publish took an id");
        assertEquals(201, publishRaw("c".repeat(128), JSON, "{\"data\":1}").statusCode());
        assertEquals(201, publishRaw("a.b_c:d-e", "application/json; charset=utf-8", "{\"data\":1}").statusCode());
    }

    @Test
    void channelStateIsTheLatestValue() throws Exception {
        JsonObject empty = hub.getJson("api/channels/dashboard");
        assertEquals("dashboard", empty.getString("channel"));
        assertTrue(empty.isNull("last"));
        assertEquals(0, empty.getInt("lastId"));
        assertEquals(1, empty.getInt("firstRetained"));
        String epoch = empty.getString("epoch");

        JsonObject last = null;
        for (int i = 1; i <= 60; i++) {
            last = hub.publish("dashboard", "{\"data\":{\"n\":" + i + "}}");
        }
        JsonObject state = hub.getJson("api/channels/dashboard");
        assertEquals(epoch, state.getString("epoch"), "the epoch handed out before the first message stays");
        assertEquals(last, state.getJsonObject("last"));
        assertEquals(60, state.getInt("lastId"));
        assertEquals(11, state.getInt("firstRetained"), "history keeps the newest 50 (realtime.history.size)");

        assertError(hub.get("api/channels/bad%20name"), 400, "invalid_channel");
    }

    @Test
    void containerErrorsAreJsonToo() throws Exception {
        assertError(hub.get("api/no-such-thing"), 404, "not_found");
        HttpResponse<String> delete = hub.http.send(java.net.http.HttpRequest.newBuilder(hub.uri("api/channels/x"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertError(delete, 405, "method_not_allowed");
    }

    @Test
    void statsCountChannelsAndConnections() throws Exception {
        hub.publish("stats-probe", "{\"data\":1}");
        JsonObject stats = hub.stats();
        assertTrue(stats.getInt("channels") >= 1);
        assertEquals(Set.of("websocket", "sse", "longPolls"), stats.getJsonObject("connections").keySet());
    }

    @Test
    void indexPageShowsTheHubIsUp() throws Exception {
        HttpResponse<String> page = hub.get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Realtime Hub"));
        assertTrue(page.body().contains("api/stats"), "the page checks the hub's own stats endpoint");
    }
}
