package io.realtimehub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Stopping the server normally (SIGTERM) while publishers keep publishing: every publish the hub
 * accepted reaches the connected subscribers before their connections close, and every publish
 * after that is refused. Starts its own Payara, since the test ends it, and then a new one on the
 * same port, where a client that resumes from its last place learns that history was lost.
 */
class OrderlyStopIT {

    private static final String CHANNEL = "stopping";
    private static final int HTTP_PUBLISHERS = 4;
    /** Per publisher: bounds the test if the stop never comes through. */
    private static final int MAX_PUBLISHES = 20_000;

    /** What the publishers saw. Numbers ≥ 0 come over HTTP, negative ones over WebSocket. */
    private static final class Outcomes {
        final Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        final AtomicInteger refusedByHub = new AtomicInteger();
        /** The server's own error pages: neither accepted nor refused by the hub. */
        final ConcurrentLinkedQueue<Integer> serverErrors = new ConcurrentLinkedQueue<>();
        final AtomicInteger connectionErrors = new AtomicInteger();
        final AtomicInteger refusedOverWebSocket = new AtomicInteger();
        /** WebSocket publishes that got no answer before the close: they must not have been accepted. */
        final Set<Integer> unansweredOverWebSocket = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    }

    @Test
    void everyAcceptedPublishIsDeliveredBeforeTheConnectionsCloseAndLaterOnesAreRefused() throws Exception {
        Outcomes outcomes = new Outcomes();
        ExecutorService publishers = Executors.newFixedThreadPool(HTTP_PUBLISHERS + 1);
        try (PayaraProcess payara = PayaraProcess.start(List.of(), Map.of())) {
            HubClient hub = new HubClient(payara.base);
            WsClient ws = WsClient.connect(hub, null);
            ws.send("{\"type\":\"subscribe\",\"channel\":\"" + CHANNEL + "\"}");
            String epoch = ws.next().getString("epoch");
            SseStream sse = SseStream.open(hub, "api/events?channel=" + CHANNEL, null);
            assertEquals("subscribed", sse.next().event());
            WsClient wsPublisher = WsClient.connect(hub, null);

            List<Future<?>> publishing = new ArrayList<>();
            for (int p = 0; p < HTTP_PUBLISHERS; p++) {
                int first = p;
                publishing.add(publishers.submit(() -> publishOverHttp(hub, first, outcomes)));
            }
            publishing.add(publishers.submit(() -> publishOverWebSocket(wsPublisher, outcomes)));
            HubClient.await("300 accepted publishes", Duration.ofSeconds(60), () -> outcomes.accepted.size() >= 300);

            long stopStart = System.nanoTime();
            payara.stop();
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStart);
            for (Future<?> f : publishing) {
                f.get(60, TimeUnit.SECONDS);
            }
            int lastId;
            try {
                lastId = check(outcomes, ws, sse);
            } catch (AssertionError | Exception e) {
                System.out.println("OrderlyStopIT: the server's log\n" + payara.log());
                throw e;
            }
            resumeOnARestartedHub(payara.port(), epoch, lastId);
            System.out.printf("OrderlyStopIT: %d accepted; HTTP: %d refused by the hub (503 unavailable), server error "
                            + "pages %s, %d connection errors; WebSocket: %d refused (unavailable), %d unanswered; "
                            + "stop took %d ms%n",
                    outcomes.accepted.size(), outcomes.refusedByHub.get(), outcomes.serverErrors,
                    outcomes.connectionErrors.get(), outcomes.refusedOverWebSocket.get(),
                    outcomes.unansweredOverWebSocket.size(), stopMillis);
        } finally {
            publishers.shutdownNow();
        }
    }

    /** Checks what the subscribers got; returns the last id delivered. */
    private static int check(Outcomes outcomes, WsClient ws, SseStream sse) throws Exception {
        assertTrue(outcomes.unexpected.isEmpty(), "unexpected answers: " + outcomes.unexpected);
        Set<Integer> accepted = new TreeSet<>(outcomes.accepted);

        assertEquals(1001, ws.closeCode.get(30, TimeUnit.SECONDS), "the WebSocket is closed as going away");
        assertEquals("hub stopping", ws.closeReason);
        List<Integer> overWebSocket = new ArrayList<>();
        for (JsonObject frame : ws.frames) {
            assertEquals("message", frame.getString("type"), frame.toString());
            assertEquals(overWebSocket.size() + 1, frame.getInt("id"), "ids without gap or duplicate");
            overWebSocket.add(frame.getInt("data"));
        }
        Set<Integer> missing = new TreeSet<>(accepted);
        overWebSocket.forEach(missing::remove);
        assertTrue(missing.isEmpty(), "accepted but not delivered before the close: " + missing);

        assertTrue(sse.hasEnded(Duration.ofSeconds(30)), "the SSE stream ends");
        List<Integer> overSse = new ArrayList<>();
        for (SseStream.Event e : sse.events) {
            overSse.add(HubClient.json(e.data()).getInt("data"));
        }
        assertEquals(overWebSocket, overSse, "the SSE stream got the same messages before it ended");

        // Delivered without a 201: its answer was lost with the publisher's connection, at most
        // one per HTTP publisher. A WebSocket publish gets its ack before the close or was not taken.
        Set<Integer> untold = new TreeSet<>(overWebSocket);
        untold.removeAll(accepted);
        assertTrue(untold.stream().allMatch(n -> n >= 0) && untold.size() <= HTTP_PUBLISHERS,
                "delivered, but the publisher was not told: " + untold);
        assertTrue(outcomes.unansweredOverWebSocket.stream().noneMatch(overWebSocket::contains),
                "a WebSocket publish without an answer was delivered");
        return overWebSocket.size();
    }

    /** The same URL after a restart: the old place is in an epoch the new hub never had. */
    private static void resumeOnARestartedHub(int port, String epoch, int lastId) throws Exception {
        try (PayaraProcess again = PayaraProcess.start(port, List.of(), Map.of(), List.of("--nohazelcast"))) {
            HubClient hub = new HubClient(again.base);
            JsonObject poll = hub.getJson("api/poll?channel=" + CHANNEL + "&from=" + CHANNEL + "~" + epoch + "~" + lastId);
            JsonObject state = poll.getJsonObject("channels").getJsonObject(CHANNEL);
            assertFalse(state.getBoolean("recovered"), "history was lost with the stop");
            assertNotEquals(epoch, state.getString("epoch"), "a new epoch");
            assertEquals(0, state.getInt("lastId"));
            assertEquals(1, state.getInt("firstRetained"));
            try (WsClient ws = WsClient.connect(hub, null)) {
                ws.send("{\"type\":\"subscribe\",\"channel\":\"" + CHANNEL + "\",\"after\":" + lastId + ",\"epoch\":\"" + epoch + "\"}");
                JsonObject subscribed = ws.next();
                assertEquals("subscribed", subscribed.getString("type"));
                assertFalse(subscribed.getBoolean("recovered"));
            }
        }
    }

    /** Publishes first, first + 4, … over HTTP until refused or cut off. */
    private static Void publishOverHttp(HubClient hub, int first, Outcomes outcomes) {
        for (int i = 0, n = first; i < MAX_PUBLISHES; i++, n += HTTP_PUBLISHERS) {
            HttpResponse<String> r;
            try {
                r = hub.post("api/channels/" + CHANNEL + "/messages", "application/json", "{\"data\":" + n + "}");
            } catch (IOException e) {
                outcomes.connectionErrors.incrementAndGet();
                return null;
            } catch (Exception e) {
                outcomes.unexpected.add(e.toString());
                return null;
            }
            if (r.statusCode() == 201) {
                outcomes.accepted.add(n);
                continue;
            }
            if (r.statusCode() == 503 && r.body().startsWith("{\"error\":\"unavailable\"")) {
                outcomes.refusedByHub.incrementAndGet();
            } else if (r.statusCode() >= 500 && !r.body().startsWith("{")) {
                // Payara's own error page: 503 once it stops routing requests to the application,
                // which it does before the hub hears of the stop; 500 for a request caught in the
                // JAX-RS runtime's shutdown.
                outcomes.serverErrors.add(r.statusCode());
            } else {
                outcomes.unexpected.add(r.statusCode() + " " + r.body());
            }
            return null;
        }
        outcomes.unexpected.add("HTTP publisher " + first + " was never refused");
        return null;
    }

    /** Publishes -1, -2, … over WebSocket, one at a time, until refused or closed. */
    private static Void publishOverWebSocket(WsClient ws, Outcomes outcomes) throws Exception {
        for (int k = 1; k <= MAX_PUBLISHES; k++) {
            try {
                ws.send("{\"type\":\"publish\",\"channel\":\"" + CHANNEL + "\",\"data\":" + -k + ",\"ref\":" + k + "}");
            } catch (RuntimeException closed) {
                outcomes.unansweredOverWebSocket.add(-k);
                return null;
            }
            JsonObject answer;
            do {
                answer = ws.frames.poll(100, TimeUnit.MILLISECONDS);
                if (answer == null && ws.closeCode.isDone()) {
                    // Frames are handed over before the close, so an answer would be queued already.
                    answer = ws.frames.poll();
                    if (answer == null) {
                        outcomes.unansweredOverWebSocket.add(-k);
                        return null;
                    }
                }
            } while (answer == null);
            if (answer.getString("type").equals("ack") && answer.getInt("ref") == k) {
                outcomes.accepted.add(-k);
            } else if (answer.getString("type").equals("error") && answer.getString("code").equals("unavailable")) {
                outcomes.refusedOverWebSocket.incrementAndGet();
                return null;
            } else {
                outcomes.unexpected.add(answer.toString());
                return null;
            }
        }
        outcomes.unexpected.add("the WebSocket publisher was never refused");
        return null;
    }
}
