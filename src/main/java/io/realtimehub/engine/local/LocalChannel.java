package io.realtimehub.engine.local;

import io.realtimehub.engine.ChannelState;
import io.realtimehub.engine.Message;
import io.realtimehub.engine.Position;
import io.realtimehub.engine.Replay;
import io.realtimehub.engine.Subscriber;
import io.realtimehub.engine.Subscription;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One channel in memory. A single lock orders everything that touches the channel: id
 * assignment, history, subscriber registration and fan-out. Subscribers only enqueue under it,
 * so the lock is held for microseconds, and holding it during fan-out is what gives every
 * subscriber the same order and makes "replay, then live" gapless.
 */
final class LocalChannel {

    private static final Subscriber[] NONE = new Subscriber[0];

    private final String name;
    private final String epoch;
    private final int historySize;
    private final long ttlNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Message> history = new ArrayDeque<>();
    private long lastId;
    /** Copied on change so fan-out iterates a plain array. */
    private Subscriber[] subscribers = NONE;

    LocalChannel(String name, String epoch, int historySize, Duration ttl) {
        this.name = name;
        this.epoch = epoch;
        this.historySize = historySize;
        this.ttlNanos = ttl.toNanos();
    }

    Message publish(String event, JsonValue data, Instant now) {
        lock.lock();
        try {
            Message message = Message.create(name, lastId + 1, event, data, now);
            lastId = message.id();
            history.addLast(message);
            while (history.size() > historySize) {
                history.removeFirst();
            }
            evict(now);
            for (Subscriber s : subscribers) {
                s.onMessage(message);
            }
            return message;
        } finally {
            lock.unlock();
        }
    }

    ChannelState state(Instant now) {
        return locked(now, () -> new ChannelState(name, epoch, history.peekLast(), firstRetained(), lastId));
    }

    Replay read(Position after, int limit, Instant now) {
        return locked(now, () -> replay(after, limit));
    }

    Subscription subscribe(Position after, Subscriber subscriber, Instant now) {
        lock.lock();
        try {
            evict(now);
            subscriber.onSubscribed(replay(after, Integer.MAX_VALUE));
            Subscriber[] grown = Arrays.copyOf(subscribers, subscribers.length + 1);
            grown[subscribers.length] = subscriber;
            subscribers = grown;
        } finally {
            lock.unlock();
        }
        return () -> unsubscribe(subscriber);
    }

    private void unsubscribe(Subscriber subscriber) {
        lock.lock();
        try {
            for (int i = 0; i < subscribers.length; i++) {
                if (subscribers[i] == subscriber) {
                    Subscriber[] shrunk = new Subscriber[subscribers.length - 1];
                    System.arraycopy(subscribers, 0, shrunk, 0, i);
                    System.arraycopy(subscribers, i + 1, shrunk, i, subscribers.length - i - 1);
                    subscribers = shrunk.length == 0 ? NONE : shrunk;
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void evictExpired(Instant now) {
        locked(now, () -> null);
    }

    /** Runs a read of the channel under its lock, after dropping expired history. */
    private <T> T locked(Instant now, Supplier<T> read) {
        lock.lock();
        try {
            evict(now);
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /** Drops messages older than the TTL, except the newest: the latest value always stays. */
    private void evict(Instant now) {
        while (history.size() > 1 && Duration.between(history.peekFirst().time(), now).toNanos() > ttlNanos) {
            history.removeFirst();
        }
    }

    private long firstRetained() {
        return history.isEmpty() ? lastId + 1 : history.peekFirst().id();
    }

    private Replay replay(Position after, int limit) {
        long first = firstRetained();
        if (after == null) {
            return new Replay(name, epoch, true, first, lastId, List.of(), false, lastId);
        }
        boolean sameEpoch = epoch.equals(after.epoch());
        if (sameEpoch && after.id() > lastId) {
            // A position this epoch never reached: nothing can be vouched for; continue from now.
            return new Replay(name, epoch, false, first, lastId, List.of(), false, lastId);
        }
        boolean recovered = sameEpoch && after.id() >= first - 1;
        long from = recovered ? after.id() + 1 : first;
        long available = lastId - from + 1;
        if (available <= 0) {
            return new Replay(name, epoch, recovered, first, lastId, List.of(), false, lastId);
        }
        int count = (int) Math.min(available, limit);
        if (count == 0) {
            // Nothing fits the caller's budget: the client stays just before what it still needs.
            return new Replay(name, epoch, recovered, first, lastId, List.of(), true, from - 1);
        }
        List<Message> messages = new ArrayList<>(count);
        // Ids in the history are consecutive, so the wanted ones are its last `available` entries.
        Iterator<Message> it = history.iterator();
        for (long skip = history.size() - available; skip > 0; skip--) {
            it.next();
        }
        while (messages.size() < count) {
            messages.add(it.next());
        }
        return new Replay(name, epoch, recovered, first, lastId, List.copyOf(messages), available > count,
                messages.get(messages.size() - 1).id());
    }
}
