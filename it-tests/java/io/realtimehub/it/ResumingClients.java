package io.realtimehub.it;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Subscribers that behave as real clients do across a failover: when the connection breaks they
 * reconnect (here, through the load balancer) and resume from their last position — SSE with
 * Last-Event-ID, WebSocket with after+epoch, long polling with its cursor. Each records every
 * message and every {@code recovered} flag it was given.
 */
final class ResumingClients {

    private ResumingClients() {
    }

    abstract static class Client implements AutoCloseable {
        final List<JsonObject> messages = Collections.synchronizedList(new ArrayList<>());
        final List<Boolean> recoveredFlags = Collections.synchronizedList(new ArrayList<>());
        volatile int reconnects;
        volatile boolean running = true;
        private final Thread thread;

        Client(String name) {
            thread = new Thread(this::loop, name);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void loop() {
            while (running) {
                try {
                    session();
                } catch (Exception | AssertionError e) {
                    // connection lost or refused during the failover: resume
                }
                if (running) {
                    reconnects++;
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        /** One connection's life: returns or throws when it ends. */
        abstract void session() throws Exception;

        List<Long> ids() {
            synchronized (messages) {
                return messages.stream().map(m -> (long) m.getInt("id")).toList();
            }
        }

        @Override
        public void close() throws Exception {
            running = false;
            thread.interrupt();
            thread.join(5000);
        }
    }

    static final class Sse extends Client {
        private final HubClient hub;
        private final String channel;
        private volatile String lastEventId;
        private volatile SseStream stream;

        Sse(HubClient hub, String channel) {
            super("resuming-sse");
            this.hub = hub;
            this.channel = channel;
        }

        @Override
        void session() throws Exception {
            try (SseStream s = SseStream.open(hub, "api/events?channel=" + channel, lastEventId)) {
                stream = s;
                if (s.status != 200) {
                    throw new IllegalStateException("status " + s.status);
                }
                while (running) {
                    SseStream.Event e = s.events.poll(200, TimeUnit.MILLISECONDS);
                    if (e == null) {
                        if (s.isEnded()) {
                            return;
                        }
                        continue;
                    }
                    lastEventId = e.id();
                    JsonObject data = HubClient.json(e.data());
                    if (e.event().equals("subscribed")) {
                        recoveredFlags.add(data.getBoolean("recovered"));
                    } else {
                        messages.add(data);
                    }
                }
            }
        }

        @Override
        public void close() throws Exception {
            running = false;
            SseStream s = stream;
            if (s != null) {
                s.close();
            }
            super.close();
        }
    }

    static final class WebSocket extends Client {
        private final HubClient hub;
        private final String channel;
        private volatile String epoch;
        private volatile long lastId = -1;
        private volatile WsClient socket;

        WebSocket(HubClient hub, String channel) {
            super("resuming-ws");
            this.hub = hub;
            this.channel = channel;
        }

        @Override
        void session() throws Exception {
            try (WsClient ws = WsClient.connect(hub, null)) {
                socket = ws;
                ws.send(epoch == null
                        ? "{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}"
                        : "{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"after\":" + lastId + ",\"epoch\":\"" + epoch + "\"}");
                while (running && !ws.closeCode.isDone()) {
                    JsonObject f = ws.frames.poll(200, TimeUnit.MILLISECONDS);
                    if (f == null) {
                        continue;
                    }
                    if (f.getString("type").equals("subscribed")) {
                        recoveredFlags.add(f.getBoolean("recovered"));
                        epoch = f.getString("epoch");
                        if (lastId < 0 || !f.getBoolean("recovered")) {
                            lastId = f.getBoolean("recovered") ? f.getInt("lastId") : f.getInt("firstRetained", 1) - 1;
                        }
                    } else if (f.getString("type").equals("message")) {
                        messages.add(f);
                        lastId = f.getInt("id");
                    }
                }
            }
        }

        @Override
        public void close() throws Exception {
            running = false;
            WsClient ws = socket;
            if (ws != null) {
                ws.close();
            }
            super.close();
        }
    }

    static final class LongPoll extends Client {
        private final HubClient hub;
        private final String channel;
        private volatile String cursor;

        LongPoll(HubClient hub, String channel) {
            super("resuming-long-poll");
            this.hub = hub;
            this.channel = channel;
        }

        @Override
        void session() throws Exception {
            while (running) {
                var response = hub.get(HubClient.pollPath(List.of(channel), cursor, cursor == null ? "0" : "2"));
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("status " + response.statusCode());
                }
                JsonObject r = HubClient.json(response.body());
                recoveredFlags.add(r.getJsonObject("channels").getJsonObject(channel).getBoolean("recovered"));
                messages.addAll(r.getJsonArray("messages").getValuesAs(JsonObject.class));
                cursor = r.getString("cursor");
            }
        }
    }
}
