package io.realtimehub.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded outgoing queue of one connection, drained by at most one writer at a time.
 *
 * <p>Publishers only enqueue (never write to a network), so a slow connection cannot hold up a
 * publish or another subscriber. While one write is in flight, new items pile up and go to the
 * writer together as the next batch, which a transport may send as one frame. When more than
 * {@code capacity} counted items wait, the connection is a slow consumer: the outbox stops and
 * asks its writer to close the connection; the client resumes from its last position.
 *
 * <p>Replayed history is offered uncounted: it is bounded by the history size already and must
 * not make a resuming client look slow.
 *
 * <p>{@link #close()} drops what is queued; {@link #finish()} writes it first, for an orderly stop.
 */
public final class Outbox {

    /** What a connection does with the batches. */
    public interface Writer {
        /** Writes the items in order; the stage completes when the next batch may be written. */
        CompletionStage<?> write(List<Object> items);

        /** The queue overflowed: close the connection as a slow consumer. Called once. */
        void overflowed();

        /** A write failed: the connection is gone. Called at most once. */
        void failed(Throwable cause);
    }

    private record Uncounted(Object item) {
    }

    /** Queued by {@link #finish()}: everything before it is written, nothing after it. */
    private static final Object FINISH = new Object();

    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean finishing = new AtomicBoolean();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final int capacity;
    private final int maxBatch;
    private final Executor executor;
    private final Writer writer;

    public Outbox(int capacity, int maxBatch, Executor executor, Writer writer) {
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.executor = executor;
        this.writer = writer;
    }

    /** Queues a live item; counts against the capacity. Returns false once the outbox is closed. */
    public boolean offer(Object item) {
        if (closed.get() || finishing.get()) {
            return false;
        }
        if (pending.incrementAndGet() > capacity) {
            if (closed.compareAndSet(false, true)) {
                queue.clear();
                finished.complete(null);
                executor.execute(writer::overflowed);
            }
            return false;
        }
        queue.add(item);
        schedule();
        return true;
    }

    /** Queues replayed history, which the capacity does not count. */
    public boolean offerReplay(Object item) {
        if (closed.get() || finishing.get()) {
            return false;
        }
        queue.add(new Uncounted(item));
        schedule();
        return true;
    }

    /** Items waiting, not counting a batch being written. */
    public int size() {
        return queue.size();
    }

    /** Stops the outbox; queued items are dropped. */
    public void close() {
        closed.set(true);
        queue.clear();
        finished.complete(null);
    }

    /**
     * Takes no more items but still writes those queued. The stage completes once they are
     * written (the last write included), or once the outbox stops early: closed, failed or
     * overflowed. Then the connection may close without cutting off what it had accepted.
     */
    public CompletableFuture<Void> finish() {
        if (finishing.compareAndSet(false, true)) {
            queue.add(FINISH);
            if (closed.get()) {
                finished.complete(null);
            } else {
                schedule();
            }
        }
        return finished;
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            if (closed.get()) {
                draining.set(false);
                return;
            }
            List<Object> batch = new ArrayList<>(Math.min(maxBatch, 16));
            int counted = 0;
            boolean last = false;
            Object item;
            while (batch.size() < maxBatch && (item = queue.poll()) != null) {
                if (item == FINISH) {
                    last = true;
                    break;
                }
                if (item instanceof Uncounted u) {
                    batch.add(u.item());
                } else {
                    batch.add(item);
                    counted++;
                }
            }
            pending.addAndGet(-counted);
            if (batch.isEmpty() && last) {
                finished.complete(null);
                return;
            }
            if (batch.isEmpty()) {
                draining.set(false);
                // An item queued after our last poll but before the flag cleared would be stranded.
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            CompletableFuture<?> written;
            try {
                written = writer.write(batch).toCompletableFuture();
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            if (written.isDone()) {
                if (written.isCompletedExceptionally()) {
                    written.whenComplete((v, e) -> fail(e));
                    return;
                }
                if (last) {
                    finished.complete(null);
                    return;
                }
                continue;
            }
            // The next batch is written from the thread that completes this one (never blocked).
            boolean finishedAfterThis = last;
            written.whenComplete((v, e) -> {
                if (e != null) {
                    fail(e);
                } else if (finishedAfterThis) {
                    finished.complete(null);
                } else {
                    drain();
                }
            });
            return;
        }
    }

    private void fail(Throwable cause) {
        draining.set(false);
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            finished.complete(null);
            writer.failed(cause);
        }
    }
}
