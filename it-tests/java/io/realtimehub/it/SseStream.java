package io.realtimehub.it;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events reader that keeps every line it received, parsed per the SSE spec into
 * events, comments and {@code retry} fields.
 */
public final class SseStream implements AutoCloseable {

    /** One dispatched event (fields as received) and when it arrived (System.nanoTime). */
    public record Event(String event, String id, String data, long arrivedNanos) {
    }

    public final List<String> rawLines = java.util.Collections.synchronizedList(new ArrayList<>());
    public final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    public final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    public volatile int status;
    public volatile HttpHeaders headers;
    private volatile InputStream body;
    private final Thread reader;

    private SseStream(HttpClient http, URI uri, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        status = response.statusCode();
        headers = response.headers();
        body = response.body();
        reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static SseStream open(HubClient hub, String pathAndQuery, String lastEventId) throws Exception {
        return new SseStream(hub.http, hub.uri(pathAndQuery), lastEventId);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = null;
            String id = null;
            StringBuilder data = null;
            String line;
            while ((line = in.readLine()) != null) {
                rawLines.add(line);
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(event == null ? "message" : event, id, data.toString(), System.nanoTime()));
                    }
                    event = null;
                    data = null;
                    continue;
                }
                if (line.startsWith(":")) {
                    comments.add(line.substring(1).trim());
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (field) {
                    case "event" -> event = value;
                    case "id" -> id = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> { }
                }
            }
        } catch (Exception e) {
            // closed by the test or by the hub
        }
    }

    /** The next event, failing if none comes in time. */
    public Event next() throws InterruptedException {
        Event e = events.poll(15, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no SSE event within 15 s; lines so far: " + rawLines);
        }
        return e;
    }

    /** The next event that is not a {@code subscribed} event. */
    public Event nextMessage() throws InterruptedException {
        Event e;
        do {
            e = next();
        } while (e.event().equals("subscribed"));
        return e;
    }

    /** Whether the stream has ended (by the hub or by close), without waiting. */
    public boolean isEnded() {
        return !reader.isAlive();
    }

    public boolean hasEnded(Duration within) throws InterruptedException {
        reader.join(within.toMillis());
        return !reader.isAlive();
    }

    @Override
    public void close() throws Exception {
        InputStream b = body;
        if (b != null) {
            b.close();
        }
    }

    public static long millis(Duration d) {
        return TimeUnit.NANOSECONDS.toMillis(d.toNanos());
    }
}
