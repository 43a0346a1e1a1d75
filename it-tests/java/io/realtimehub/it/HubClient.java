package io.realtimehub.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** The hub's HTTP endpoints, as a test sees them. */
public final class HubClient {

    public final URI base;
    public final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    public HubClient(URI base) {
        this.base = base;
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    public URI webSocketUri(String query) {
        String http = base.resolve("ws").toString();
        return URI.create(http.replaceFirst("^http", "ws") + (query == null ? "" : query));
    }

    public HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Publishes and insists on 201; returns the envelope. */
    public JsonObject publish(String channel, String body) throws Exception {
        HttpResponse<String> r = post("api/channels/" + channel + "/messages", "application/json", body);
        if (r.statusCode() != 201) {
            throw new AssertionError("publish to " + channel + " got " + r.statusCode() + ": " + r.body());
        }
        return json(r.body());
    }

    public JsonObject publishData(String channel, JsonValue data) throws Exception {
        return publish(channel, Json.createObjectBuilder().add("data", data).build().toString());
    }

    public CompletableFuture<HttpResponse<String>> publishAsync(String channel, String body) {
        return http.sendAsync(HttpRequest.newBuilder(uri("api/channels/" + channel + "/messages"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Publishes {@code count} messages of about {@code padBytes} each, 50 in flight at a time;
     * returns once all are accepted.
     */
    public void publishMany(String channel, int count, int padBytes) throws Exception {
        String pad = "x".repeat(padBytes);
        List<CompletableFuture<HttpResponse<String>>> inFlight = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            inFlight.add(publishAsync(channel, "{\"data\":{\"i\":" + i + ",\"pad\":\"" + pad + "\"}}"));
            if (inFlight.size() == 50 || i == count - 1) {
                for (CompletableFuture<HttpResponse<String>> f : inFlight) {
                    HttpResponse<String> r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                    if (r.statusCode() != 201) {
                        throw new AssertionError("publish got " + r.statusCode() + ": " + r.body());
                    }
                }
                inFlight.clear();
            }
        }
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return http.sendAsync(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public JsonObject getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " got " + r.statusCode() + ": " + r.body());
        }
        return json(r.body());
    }

    public JsonObject stats() throws Exception {
        return getJson("api/stats");
    }

    /** {@code api/poll?channel=a&channel=b&cursor=…&wait=…} */
    public static String pollPath(List<String> channels, String cursor, String wait) {
        StringBuilder path = new StringBuilder("api/poll?")
                .append(channels.stream().map(c -> "channel=" + enc(c)).collect(Collectors.joining("&")));
        if (cursor != null) {
            path.append("&cursor=").append(enc(cursor));
        }
        if (wait != null) {
            path.append("&wait=").append(enc(wait));
        }
        return path.toString();
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** Waits until the condition holds, polling; fails after the timeout. */
    public static void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }
}
