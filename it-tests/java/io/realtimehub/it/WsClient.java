package io.realtimehub.it;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket test client on the JDK's {@code java.net.http.WebSocket}. With {@code reading}
 * false it takes no frames until {@link #startReading()}: a consumer that stalls, as a slow
 * browser tab would, so TCP back-pressure builds up on the hub.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    public final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    /** When each frame arrived (System.nanoTime), in the order of {@link #frames}; for benchmarks. */
    public final BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    public volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean reading;
    private WebSocket socket;

    private WsClient(boolean reading) {
        this.reading = reading;
    }

    public static WsClient connect(HubClient hub, String query) throws Exception {
        return connect(hub, query, true);
    }

    public static WsClient connect(HubClient hub, String query, boolean reading) throws Exception {
        WsClient client = new WsClient(reading);
        URI uri = hub.webSocketUri(query);
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(uri, client).get(20, TimeUnit.SECONDS);
        return client;
    }

    public void send(String frame) {
        socket.sendText(frame, true).join();
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
    }

    /** The next frame, failing if none comes in time. */
    public JsonObject next() throws InterruptedException {
        JsonObject f = frames.poll(15, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no WebSocket frame within 15 s");
        }
        return f;
    }

    /** Skips frames until one of the type arrives. */
    public JsonObject next(String type) throws InterruptedException {
        JsonObject f;
        do {
            f = next();
        } while (!type.equals(f.getString("type")));
        return f;
    }

    public void startReading() {
        reading = true;
        socket.request(1);
    }

    // Demand is one frame at a time: the JDK client has failed with InternalError on a close
    // frame after an unbounded request(Long.MAX_VALUE).
    @Override
    public void onOpen(WebSocket webSocket) {
        if (reading) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            arrivals.add(System.nanoTime());
            frames.add(HubClient.json(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
