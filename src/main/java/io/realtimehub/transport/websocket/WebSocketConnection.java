package io.realtimehub.transport.websocket;

import io.realtimehub.engine.ErrorCode;
import io.realtimehub.engine.HubException;
import io.realtimehub.engine.JsonInput;
import io.realtimehub.engine.Message;
import io.realtimehub.engine.Names;
import io.realtimehub.engine.Position;
import io.realtimehub.engine.Publication;
import io.realtimehub.engine.Replay;
import io.realtimehub.engine.Subscriber;
import io.realtimehub.engine.Subscription;
import io.realtimehub.runtime.Connections;
import io.realtimehub.runtime.Hub;
import io.realtimehub.transport.Outbox;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One WebSocket connection: reads the client's frames, keeps its subscriptions, and writes through
 * a bounded {@link Outbox} with one asynchronous send in flight at a time.
 */
final class WebSocketConnection implements Connections.Tended, Outbox.Writer {

    /** Private-use close code: the client read too slowly; reconnect and resume with after+epoch. */
    static final int CLOSE_SLOW_CONSUMER = 4008;
    private static final long ERROR_WINDOW_NANOS = 10_000_000_000L;
    /** How long a slow consumer gets to take the frame in flight, so that the 4008 close reaches it. */
    private static final long SLOW_CLOSE_GRACE_MILLIS = 10_000;
    /** A batch frame is cut at about this many characters, so one frame stays a reasonable size. */
    private static final int BATCH_FRAME_CHARS = 64 * 1024;
    private static final Object PING = new Object();
    private static final ByteBuffer PING_DATA = ByteBuffer.wrap(new byte[0]);
    private static final Logger LOG = Logger.getLogger(WebSocketConnection.class.getName());

    private final Hub hub;
    private final Session session;
    private final Outbox outbox;
    private final boolean batching;
    private final String token;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The batch being sent, if any. */
    private volatile CompletableFuture<Void> inFlight;
    private int errorsInWindow;
    private long errorWindowStart;

    WebSocketConnection(Hub hub, Session session) {
        this.hub = hub;
        this.session = session;
        this.outbox = new Outbox(hub.config().connectionQueueSize(), 256, hub.workers(), this);
        this.batching = isTrue(parameter(session, "batch"));
        this.token = parameter(session, "token");
    }

    void open() {
        // Tyrus re-arms its idle timer on every send, which is much of a send's cost; the hub's own
        // pings find dead connections instead.
        session.setMaxIdleTimeout(0);
        hub.connections().addWebSocket(this);
    }

    /** Handles one client frame; a bad frame earns an error frame and nothing else. */
    void receive(String text) {
        JsonValue ref = null;
        try {
            JsonValue value = JsonInput.parse(text);
            if (!(value instanceof JsonObject frame)) {
                throw ErrorCode.INVALID_FRAME.exception("a frame is a JSON object with a \"type\"");
            }
            ref = frame.get("ref");
            String type = frame.get("type") instanceof JsonString s ? s.getString() : null;
            if (type == null) {
                throw ErrorCode.INVALID_FRAME.exception("a frame needs a string \"type\"");
            }
            switch (type) {
                case "subscribe" -> subscribe(frame);
                case "unsubscribe" -> unsubscribe(frame);
                case "publish" -> publish(frame, ref);
                case "ping" -> reply(Frames.pong(ref));
                default -> throw ErrorCode.UNKNOWN_TYPE.exception("unknown frame type \"" + abbreviate(type)
                        + "\"; expected subscribe, unsubscribe, publish or ping");
            }
        } catch (HubException e) {
            refuse(e, ref);
        }
    }

    void receiveBinary() {
        refuse(ErrorCode.INVALID_FRAME.exception("binary frames are not supported; send JSON text frames"), null);
    }

    private void subscribe(JsonObject frame) {
        String channel = channel(frame);
        Position after = position(frame);
        if (subscriptions.containsKey(channel)) {
            throw ErrorCode.ALREADY_SUBSCRIBED.exception("already subscribed to \"" + channel + "\"; unsubscribe first to resume elsewhere");
        }
        if (subscriptions.size() >= hub.config().connectionMaxChannels()) {
            throw ErrorCode.TOO_MANY_CHANNELS.exception("at most " + hub.config().connectionMaxChannels() + " channels per connection");
        }
        subscriptions.put(channel, hub.engine().subscribe(channel, after, new ChannelSubscriber()));
        if (closed.get()) {
            cancelAll();
        }
    }

    private void unsubscribe(JsonObject frame) {
        String channel = channel(frame);
        Subscription subscription = subscriptions.remove(channel);
        if (subscription != null) {
            subscription.cancel();
        }
        // After this frame the client gets no message of the channel: cancel waited for any
        // delivery in progress, and earlier queued messages go out before it.
        reply(Frames.unsubscribed(channel));
    }

    private void publish(JsonObject frame, JsonValue ref) {
        hub.publishGuard().authorize(token);
        Publication publication = Publication.of(channel(frame), frame, hub.config().messageMaxBytes());
        hub.publishGuard().admit("ws:" + session.getId(), System.nanoTime());
        // The ack is queued inside the gate, so a stop sends it before the connection's 1001.
        hub.publishGate().pass(() -> {
            Message message = publication.publishTo(hub.engine());
            reply(Frames.ack(ref, message));
            return message;
        });
    }

    private static String channel(JsonObject frame) {
        JsonValue value = frame.get("channel");
        String channel = value instanceof JsonString s ? s.getString() : null;
        Publication.requireChannel(channel);
        return channel;
    }

    /** {@code after}+{@code epoch} resume; neither means "from now"; one without the other is refused. */
    private static Position position(JsonObject frame) {
        JsonValue after = frame.get("after");
        JsonValue epoch = frame.get("epoch");
        boolean hasAfter = after != null && after != JsonValue.NULL;
        boolean hasEpoch = epoch != null && epoch != JsonValue.NULL;
        if (!hasAfter && !hasEpoch) {
            return null;
        }
        if (!hasAfter || !hasEpoch) {
            throw ErrorCode.INVALID_FRAME.exception("resume needs both \"after\" (the last id seen) and \"epoch\"");
        }
        if (!(after instanceof JsonNumber n) || !n.isIntegral() || n.bigIntegerValue().signum() < 0
                || n.bigIntegerValue().bitLength() > 62) {
            throw ErrorCode.INVALID_FRAME.exception("\"after\" must be a whole number, 0 or more");
        }
        if (!(epoch instanceof JsonString e) || !Names.isEpoch(e.getString())) {
            throw ErrorCode.INVALID_FRAME.exception("\"epoch\" must be an epoch string the hub handed out");
        }
        return new Position(e.getString(), n.longValue());
    }

    private void refuse(HubException e, JsonValue ref) {
        reply(Frames.error(e, ref));
        long now = System.nanoTime();
        if (now - errorWindowStart > ERROR_WINDOW_NANOS) {
            errorWindowStart = now;
            errorsInWindow = 0;
        }
        if (++errorsInWindow > hub.config().webSocketMaxErrors()) {
            close(CloseReason.CloseCodes.VIOLATED_POLICY, "too many invalid frames");
        }
    }

    private void reply(String frame) {
        outbox.offer(frame);
    }

    private final class ChannelSubscriber implements Subscriber {
        @Override
        public void onSubscribed(Replay replay) {
            outbox.offerReplay(Frames.subscribed(replay));
            replay.messages().forEach(outbox::offerReplay);
        }

        @Override
        public void onMessage(Message message) {
            outbox.offer(message);
        }
    }

    @Override
    public CompletionStage<?> write(List<Object> items) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        inFlight = done;
        sendFrom(items, 0, done);
        return done;
    }

    /** Sends the items in order, one asynchronous send at a time; batching clients get runs of messages as one frame. */
    private void sendFrom(List<Object> items, int index, CompletableFuture<Void> done) {
        if (index == items.size()) {
            done.complete(null);
            return;
        }
        Object item = items.get(index);
        if (item == PING) {
            try {
                session.getAsyncRemote().sendPing(PING_DATA.duplicate());
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            sendFrom(items, index + 1, done);
            return;
        }
        String frame;
        int next = index + 1;
        if (item instanceof Message m) {
            frame = m.webSocketFrame();
            if (batching) {
                List<Message> run = new ArrayList<>();
                int chars = 0;
                int end = index;
                while (end < items.size() && items.get(end) instanceof Message more
                        && (run.isEmpty() || chars + more.json().length() <= BATCH_FRAME_CHARS)) {
                    run.add(more);
                    chars += more.json().length();
                    end++;
                }
                if (run.size() > 1) {
                    frame = Frames.batch(run);
                    next = end;
                }
            }
        } else {
            frame = (String) item;
        }
        int following = next;
        try {
            session.getAsyncRemote().sendText(frame, result -> {
                if (result.isOK()) {
                    sendFrom(items, following, done);
                } else {
                    done.completeExceptionally(result.getException());
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    @Override
    public void heartbeat() {
        if (outbox.size() == 0) {
            outbox.offer(PING);
        }
    }

    @Override
    public void overflowed() {
        hub.connections().slowConsumerClosed();
        // Closing now would make the container drop the close frame behind the data still in
        // flight; close once the client has taken it, or after a grace period if it never does.
        Runnable closeSlow = () -> close(CloseReason.CloseCodes.getCloseCode(CLOSE_SLOW_CONSUMER),
                "slow consumer: outgoing queue full; reconnect and resume with after+epoch");
        CompletableFuture<Void> sending = inFlight;
        if (sending == null || sending.isDone()) {
            closeSlow.run();
            return;
        }
        sending.whenComplete((v, e) -> closeSlow.run());
        hub.timers().schedule(closeSlow, SLOW_CLOSE_GRACE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The container reported an error on the session. */
    void error(Throwable cause) {
        if (hub.stopping()) {
            // Frames that arrive while the application is undeployed can fail to dispatch (Payara
            // reports "Thread's context class loader is null"): that is the stop, so let the queue
            // out first instead of dropping it with a 1011.
            LOG.log(Level.FINE, "WebSocket error while the hub stops", cause);
            shutdown();
            return;
        }
        failed(cause);
    }

    @Override
    public void failed(Throwable cause) {
        LOG.log(Level.FINE, "WebSocket connection failed", cause);
        close(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "write failed");
    }

    @Override
    public CompletionStage<?> shutdown() {
        // Closing only once the queue is sent, so the close frame is not cut in ahead of it (see overflowed()).
        return outbox.finish().whenComplete((v, e) -> shutdownNow());
    }

    @Override
    public void shutdownNow() {
        close(CloseReason.CloseCodes.GOING_AWAY, "hub stopping");
    }

    /** The container closed the session (either side). */
    void closed() {
        if (closed.compareAndSet(false, true)) {
            release();
        }
    }

    private void close(CloseReason.CloseCode code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        release();
        try {
            session.close(new CloseReason(code, reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "closing a WebSocket failed", e);
        }
    }

    private void release() {
        cancelAll();
        outbox.close();
        hub.connections().removeWebSocket(this);
    }

    private void cancelAll() {
        subscriptions.values().forEach(Subscription::cancel);
        subscriptions.clear();
    }

    private static String parameter(Session session, String name) {
        List<String> values = session.getRequestParameterMap().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static boolean isTrue(String value) {
        return "1".equals(value) || "true".equalsIgnoreCase(value);
    }

    private static String abbreviate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "…";
    }
}
