package io.realtimehub.transport.poll;

import io.realtimehub.engine.Cursor;
import io.realtimehub.engine.Message;
import io.realtimehub.engine.Replay;
import io.realtimehub.engine.Subscriber;
import io.realtimehub.engine.Subscription;
import io.realtimehub.runtime.Hub;
import jakarta.ws.rs.container.AsyncResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A suspended long poll. It subscribes to its channels from the positions it has already
 * answered up to, so a message published between the first read and the subscription still wakes
 * it. Waking reads everything after the cursor again and answers once.
 */
final class LongPoll implements Subscriber {

    private final Hub hub;
    private final List<String> channels;
    private final Cursor cursor;
    private final AsyncResponse response;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicBoolean woken = new AtomicBoolean();
    private final AtomicBoolean answered = new AtomicBoolean();

    LongPoll(Hub hub, List<String> channels, Cursor cursor, AsyncResponse response) {
        this.hub = hub;
        this.channels = channels;
        this.cursor = cursor;
        this.response = response;
    }

    void start(long waitMillis) {
        hub.connections().pollWaiting();
        response.setTimeoutHandler(r -> answer());
        response.setTimeout(waitMillis, TimeUnit.MILLISECONDS);
        for (String channel : channels) {
            subscriptions.add(hub.engine().subscribe(channel, cursor.get(channel), this));
            if (answered.get()) {
                break;
            }
        }
        if (answered.get()) {
            // Woken while still subscribing: the answering task may have missed the latest ones.
            subscriptions.forEach(Subscription::cancel);
        }
    }

    @Override
    public void onSubscribed(Replay replay) {
        if (!replay.messages().isEmpty() || !replay.recovered()) {
            wake();
        }
    }

    @Override
    public void onMessage(Message message) {
        wake();
    }

    /** Called under a channel's order: the answer is written elsewhere. */
    private void wake() {
        if (woken.compareAndSet(false, true)) {
            hub.workers().execute(this::answer);
        }
    }

    private void answer() {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        subscriptions.forEach(Subscription::cancel);
        hub.connections().pollAnswered();
        PollBatch batch = PollBatch.read(hub.engine(), channels, cursor, hub.config().pollMaxMessages());
        response.resume(PollResource.ok(batch));
    }
}
