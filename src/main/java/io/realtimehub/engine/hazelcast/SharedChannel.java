package io.realtimehub.engine.hazelcast;

import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.realtimehub.engine.ChannelState;
import io.realtimehub.engine.Message;
import io.realtimehub.engine.Position;
import io.realtimehub.engine.Replay;
import io.realtimehub.engine.Subscriber;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's view of one shared channel. While it has local subscribers, one asynchronous reader
 * follows the ringbuffer and delivers under a local lock; a subscriber is replayed everything up
 * to the reader's position under that same lock, so replay and live meet without gap or duplicate.
 */
final class SharedChannel {

    private static final Logger LOG = Logger.getLogger(SharedChannel.class.getName());
    private static final Subscriber[] NONE = new Subscriber[0];
    /** Items per ringbuffer read: Hazelcast allows up to 1000, and no more than the capacity. */
    private static final int MAX_BATCH = 500;

    private final String name;
    private final String epoch;
    private final Ringbuffer<String> ringbuffer;
    private final long ttlMillis;
    private final int batch;
    private final ReentrantLock lock = new ReentrantLock();
    private Subscriber[] subscribers = NONE;
    /** The next sequence the reader delivers; meaningful while {@code reading}. */
    private long nextSequence;
    private boolean reading;
    private volatile boolean stopped;

    SharedChannel(String name, String epoch, Ringbuffer<String> ringbuffer, Duration ttl) {
        this.name = name;
        this.epoch = epoch;
        this.ringbuffer = ringbuffer;
        this.ttlMillis = ttl.toMillis();
        this.batch = (int) Math.min(MAX_BATCH, ringbuffer.capacity());
    }

    Ringbuffer<String> ringbuffer() {
        return ringbuffer;
    }

    ChannelState state(Instant now) {
        long tail = ringbuffer.tailSequence();
        if (tail < 0) {
            return new ChannelState(name, epoch, null, 1, 0);
        }
        Item firstKept = readRange(ringbuffer.headSequence(), tail, tail, now, 1).get(0);
        Item last = readRange(tail, tail, tail, now, 1).get(0);
        return new ChannelState(name, epoch, last.message(), firstKept.sequence + 1, tail + 1);
    }

    Replay read(Position after, int limit, Instant now) {
        return replay(after, limit, ringbuffer.tailSequence(), now);
    }

    io.realtimehub.engine.Subscription subscribe(Position after, Subscriber subscriber, Instant now) {
        lock.lock();
        try {
            if (!reading) {
                reading = true;
                nextSequence = ringbuffer.tailSequence() + 1;
                readFrom(nextSequence);
            }
            subscriber.onSubscribed(replay(after, Integer.MAX_VALUE, nextSequence - 1, now));
            Subscriber[] grown = Arrays.copyOf(subscribers, subscribers.length + 1);
            grown[subscribers.length] = subscriber;
            subscribers = grown;
        } finally {
            lock.unlock();
        }
        return () -> unsubscribe(subscriber);
    }

    void stop() {
        stopped = true;
    }

    private void unsubscribe(Subscriber subscriber) {
        lock.lock();
        try {
            subscribers = Arrays.stream(subscribers).filter(s -> s != subscriber).toArray(Subscriber[]::new);
        } finally {
            lock.unlock();
        }
    }

    /** Follows the ringbuffer from a sequence, delivering to local subscribers, while any remain. */
    private void readFrom(long sequence) {
        ringbuffer.readManyAsync(sequence, 1, batch, null).whenComplete((result, failure) -> {
            if (stopped) {
                return;
            }
            long next;
            lock.lock();
            try {
                if (failure != null) {
                    next = recover(failure);
                } else {
                    deliver(result);
                    next = result.getNextSequenceToReadFrom();
                }
                if (subscribers.length == 0) {
                    reading = false;
                    return;
                }
            } finally {
                lock.unlock();
            }
            if (failure != null && !(unwrap(failure) instanceof StaleSequenceException)) {
                CompletableFuture.runAsync(() -> readFrom(next), CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
            } else {
                readFrom(next);
            }
        });
    }

    private void deliver(ReadResultSet<String> result) {
        for (int i = 0; i < result.size(); i++) {
            long sequence = result.getSequence(i);
            if (sequence < nextSequence) {
                continue;
            }
            Message message = Records.toMessage(Records.decode(result.get(i)), sequence + 1);
            for (Subscriber s : subscribers) {
                s.onMessage(message);
            }
            nextSequence = sequence + 1;
        }
    }

    /**
     * The reader fell behind the ringbuffer (more published than it holds between two reads) or
     * the grid failed: continue from what is still there; subscribers see the gap in the ids.
     */
    private long recover(Throwable failure) {
        LOG.log(Level.WARNING, "reading shared channel " + name + " failed; continuing", unwrap(failure));
        try {
            nextSequence = Math.max(nextSequence, ringbuffer.headSequence());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "ringbuffer unavailable", e);
        }
        return nextSequence;
    }

    /** Same rules as the local engine, on the ringbuffer up to sequence {@code last} (inclusive). */
    private Replay replay(Position after, int limit, long last, Instant now) {
        long lastId = last + 1;
        long head = ringbuffer.headSequence();
        if (after == null) {
            return new Replay(name, epoch, true, Math.min(head, last + 1) + 1, lastId, List.of(), false, lastId);
        }
        boolean sameEpoch = epoch.equals(after.epoch());
        if (sameEpoch && after.id() > lastId) {
            return new Replay(name, epoch, false, head + 1, lastId, List.of(), false, lastId);
        }
        long wanted = sameEpoch ? after.id() : head;
        // One more than the limit tells whether there is more (without overflowing at MAX_VALUE).
        List<Item> items = readRange(Math.max(wanted, head), last, ringbuffer.tailSequence(), now,
                (int) Math.min(Integer.MAX_VALUE, (long) limit + 1));
        long firstKept = items.isEmpty() ? last + 1 : items.get(0).sequence;
        boolean recovered = sameEpoch && wanted >= head && firstKept <= wanted;
        boolean more = items.size() > limit;
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, items.size()); i++) {
            messages.add(items.get(i).message());
        }
        long endId = !messages.isEmpty() ? messages.get(messages.size() - 1).id() : more ? firstKept : lastId;
        return new Replay(name, epoch, recovered, firstKept + 1, lastId, List.copyOf(messages), more, endId);
    }

    /** One retained record with its sequence. */
    private record Item(long sequence, JsonObject record) {
        Message message() {
            return Records.toMessage(record, sequence + 1);
        }
    }

    /**
     * The records from {@code from} to {@code last}, without the ones older than the TTL except
     * the channel's newest ({@code newest}); at most {@code max}.
     */
    private List<Item> readRange(long from, long last, long newest, Instant now, int max) {
        List<Item> items = new ArrayList<>();
        long sequence = from;
        long oldest = now.toEpochMilli() - ttlMillis;
        while (sequence <= last && items.size() < max) {
            ReadResultSet<String> read;
            try {
                int count = (int) Math.min(batch, last - sequence + 1);
                read = ringbuffer.readManyAsync(sequence, 0, count, null).toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (unwrap(e) instanceof StaleSequenceException) {
                    sequence = ringbuffer.headSequence();
                    items.clear();
                    continue;
                }
                throw new IllegalStateException("reading shared channel " + name, unwrap(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted reading shared channel " + name, e);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("timed out reading shared channel " + name, e);
            }
            if (read.size() == 0) {
                break;
            }
            for (int i = 0; i < read.size() && items.size() < max; i++) {
                long s = read.getSequence(i);
                if (s > last) {
                    break;
                }
                JsonObject record = Records.decode(read.get(i));
                boolean expired = Records.time(record).toEpochMilli() < oldest && s != newest;
                // Only a prefix can expire (records are in time order); what follows is kept.
                if (!(expired && items.isEmpty())) {
                    items.add(new Item(s, record));
                }
            }
            sequence = read.getNextSequenceToReadFrom();
        }
        return items;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
