package io.realtimehub.transport.sse;

import io.realtimehub.api.JsonBodies;
import io.realtimehub.engine.Cursor;
import io.realtimehub.engine.Message;
import io.realtimehub.engine.Names;
import io.realtimehub.engine.Position;
import io.realtimehub.engine.Replay;
import io.realtimehub.engine.Subscriber;
import io.realtimehub.engine.Subscription;
import io.realtimehub.runtime.Connections;
import io.realtimehub.runtime.Hub;
import io.realtimehub.transport.Outbox;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One SSE stream. Every event carries, as its {@code id}, the cursor after that event over all
 * the stream's channels, so whatever {@code EventSource} sends back as {@code Last-Event-ID}
 * resumes exactly there.
 */
final class SseConnection implements Connections.Tended, Outbox.Writer {

    private static final Logger LOG = Logger.getLogger(SseConnection.class.getName());
    private static final Object HEARTBEAT = new Object();
    private static final Object RETRY = new Object();

    /** The {@code subscribed} event of one channel. */
    private record Subscribed(Replay replay) {
    }

    private final Hub hub;
    private final SseEventSink sink;
    private final Sse sse;
    private final Outbox outbox;
    /** The client's position per channel: set when subscribed, advanced as events are written. */
    private final Map<String, Position> positions = new ConcurrentHashMap<>();
    private final Map<String, String> epochs = new ConcurrentHashMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * While the stream starts, events are collected here so that every channel's {@code subscribed}
     * event goes first, then all replays, then live messages (per channel always in id order).
     */
    private final Object starting = new Object();
    private List<Object> subscribedEvents = new ArrayList<>();
    private List<Object> replayed = new ArrayList<>();
    private List<Object> liveDuringStart = new ArrayList<>();
    private volatile boolean started;

    SseConnection(Hub hub, SseEventSink sink, Sse sse) {
        this.hub = hub;
        this.sink = sink;
        this.sse = sse;
        this.outbox = new Outbox(hub.config().connectionQueueSize(), 64, hub.sseWriters(), this);
    }

    void start(List<String> channels, Cursor cursor) {
        positions.putAll(cursor.positions());
        hub.connections().addSse(this);
        for (String channel : channels) {
            subscriptions.add(hub.engine().subscribe(channel, cursor.get(channel), new ChannelSubscriber(channel)));
        }
        synchronized (starting) {
            outbox.offerReplay(RETRY);
            subscribedEvents.forEach(outbox::offerReplay);
            replayed.forEach(outbox::offerReplay);
            liveDuringStart.forEach(outbox::offer);
            subscribedEvents = replayed = liveDuringStart = null;
            started = true;
        }
        if (closed.get()) {
            subscriptions.forEach(Subscription::cancel);
        }
    }

    private final class ChannelSubscriber implements Subscriber {
        private final String channel;

        ChannelSubscriber(String channel) {
            this.channel = channel;
        }

        @Override
        public void onSubscribed(Replay replay) {
            epochs.put(channel, replay.epoch());
            // Where the client stands before the replay; safe to hand out before it is written.
            long before = replay.messages().isEmpty() ? replay.lastId() : replay.messages().get(0).id() - 1;
            positions.put(channel, new Position(replay.epoch(), before));
            synchronized (starting) {
                subscribedEvents.add(new Subscribed(replay));
                replayed.addAll(replay.messages());
            }
        }

        @Override
        public void onMessage(Message message) {
            if (!started) {
                // Never held while subscribing, so a publisher waiting here cannot deadlock with start().
                synchronized (starting) {
                    if (!started) {
                        liveDuringStart.add(message);
                        return;
                    }
                }
            }
            outbox.offer(message);
        }
    }

    @Override
    public CompletionStage<?> write(List<Object> items) {
        List<CompletableFuture<?>> sent = new ArrayList<>(items.size());
        for (Object item : items) {
            sent.add(sink.send(toEvent(item)).toCompletableFuture());
        }
        return sent.size() == 1 ? sent.get(0) : CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    private OutboundSseEvent toEvent(Object item) {
        if (item instanceof Message m) {
            positions.put(m.channel(), new Position(epochs.get(m.channel()), m.id()));
            return sse.newEventBuilder().name(m.event()).id(Cursor.encode(positions)).data(String.class, m.json()).build();
        }
        if (item instanceof Subscribed s) {
            Replay r = s.replay();
            String data = JsonBodies.write(g -> {
                g.writeStartObject().write("channel", r.channel());
                JsonBodies.writeResume(g, r);
                g.writeEnd();
            });
            return sse.newEventBuilder().name(Names.SUBSCRIBED_EVENT).id(Cursor.encode(positions)).data(String.class, data).build();
        }
        if (item == RETRY) {
            // Jersey writes "retry:" only for an event with data, and "data:" only for non-empty
            // data: an empty string makes the stream start with exactly "retry: <ms>".
            return sse.newEventBuilder().reconnectDelay(hub.config().sseRetry().toMillis()).data(String.class, "").build();
        }
        return sse.newEventBuilder().comment("keep-alive").build();
    }

    @Override
    public void heartbeat() {
        if (sink.isClosed()) {
            close();
        } else if (outbox.size() == 0) {
            outbox.offer(HEARTBEAT);
        }
    }

    @Override
    public void overflowed() {
        hub.connections().slowConsumerClosed();
        LOG.fine("closing a slow SSE consumer");
        close();
    }

    @Override
    public void failed(Throwable cause) {
        LOG.log(Level.FINE, "SSE stream ended", cause);
        close();
    }

    @Override
    public CompletionStage<?> shutdown() {
        // The stream ends after the events already queued, so no accepted message is cut off.
        return outbox.finish().whenComplete((v, e) -> close());
    }

    @Override
    public void shutdownNow() {
        close();
    }

    private void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        subscriptions.forEach(Subscription::cancel);
        outbox.close();
        hub.connections().removeSse(this);
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing an SSE stream failed", e);
        }
    }
}
