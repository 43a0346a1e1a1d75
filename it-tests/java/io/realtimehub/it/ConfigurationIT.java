package io.realtimehub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Settings from the server's configuration: a bad value stops the deployment and names the
 * setting; the publish token and rate limit answer 401/403/429. Each test starts its own Payara.
 */
class ConfigurationIT {

    @Test
    void aBadSettingStopsTheDeploymentAndNamesIt() throws Exception {
        try (PayaraProcess payara = PayaraProcess.start(List.of("-Drealtime.history.size=lots"), Map.of())) {
            HubClient hub = new HubClient(payara.base);
            assertNotEquals(200, hub.get("api/stats").statusCode(), "the hub must not be serving");
            String log = payara.log();
            assertTrue(log.contains("realtime.history.size=lots"), "the log names the setting and value");
            assertTrue(log.contains("expected a whole number"), "and says what is expected");
        }
    }

    @Test
    void publishTokenAndRateLimitFromSystemPropertiesAndEnvironment() throws Exception {
        // The token comes as a JVM system property, the rate as an environment variable.
        try (PayaraProcess payara = PayaraProcess.start(List.of("-Drealtime.publish.token=s3cret"),
                Map.of("REALTIME_PUBLISH_RATE", "3"))) {
            HubClient hub = new HubClient(payara.base);
            String body = "{\"data\":1}";

            HttpResponse<String> anonymous = hub.post("api/channels/guarded/messages", "application/json", body);
            assertError(anonymous, 401, "unauthorized");
            assertError(publish(hub, "Bearer wrong", body), 403, "forbidden");

            int created = 0;
            HttpResponse<String> last = null;
            for (int i = 0; i < 6; i++) {
                last = publish(hub, "Bearer s3cret", body);
                if (last.statusCode() == 201) {
                    created++;
                }
            }
            assertTrue(created >= 3 && created < 6, "a burst of 3, then refused: " + created);
            assertError(last, 429, "rate_limited");
            assertEquals("1", last.headers().firstValue("Retry-After").orElse(null));
            assertEquals(created, hub.getJson("api/channels/guarded").getInt("lastId"), "refused publishes took no id");

            // This server leaves realtime.demo.enabled at its default, false: the demo paths are unknown paths.
            assertError(hub.post("api/demo/uploads", null, ""), 404, "not_found");
            assertError(hub.get("api/demo/uploads/any"), 404, "not_found");
            assertEquals(hub.get("api/no-such-endpoint").body(), hub.get("api/demo/uploads/any").body());
            assertEquals(0, hub.getJson("api/channels/demo.ticker").getInt("lastId"), "no demo feed runs");

            try (WsClient anonymousWs = WsClient.connect(hub, null); WsClient tokenWs = WsClient.connect(hub, "?token=s3cret")) {
                anonymousWs.send("{\"type\":\"publish\",\"channel\":\"ws-guarded\",\"data\":1,\"ref\":1}");
                JsonObject refused = anonymousWs.next();
                assertEquals("error", refused.getString("type"));
                assertEquals("unauthorized", refused.getString("code"));
                tokenWs.send("{\"type\":\"publish\",\"channel\":\"ws-guarded\",\"data\":1,\"ref\":2}");
                assertEquals("ack", tokenWs.next().getString("type"));
            }
        }
    }

    private static HttpResponse<String> publish(HubClient hub, String authorization, String body) throws Exception {
        return hub.http.send(HttpRequest.newBuilder(hub.uri("api/channels/guarded/messages"))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(code, HubClient.json(r.body()).getString("error"));
    }
}
