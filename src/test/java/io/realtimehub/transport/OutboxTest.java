package io.realtimehub.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutboxTest {

    /** Writes complete only when the test says so. */
    private static final class ManualWriter implements Outbox.Writer {
        final List<List<Object>> writes = new ArrayList<>();
        final List<CompletableFuture<Void>> futures = new ArrayList<>();
        final List<Throwable> failures = new ArrayList<>();
        int overflows;
        RuntimeException throwOnWrite;

        @Override
        public CompletionStage<?> write(List<Object> items) {
            writes.add(List.copyOf(items));
            if (throwOnWrite != null) {
                throw throwOnWrite;
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            futures.add(f);
            return f;
        }

        @Override
        public void overflowed() {
            overflows++;
        }

        @Override
        public void failed(Throwable cause) {
            failures.add(cause);
        }

        /** Completes the newest write, which lets the outbox write its next batch. */
        void completeLast() {
            futures.get(futures.size() - 1).complete(null);
        }

        List<Object> allItems() {
            List<Object> all = new ArrayList<>();
            writes.forEach(all::addAll);
            return all;
        }
    }

    private final ManualWriter writer = new ManualWriter();

    private Outbox outbox(int capacity, int maxBatch) {
        return new Outbox(capacity, maxBatch, Runnable::run, writer);
    }

    @Test
    void firstItemIsWrittenAtOnce() {
        Outbox outbox = outbox(10, 100);
        assertTrue(outbox.offer("a"));
        assertEquals(List.of(List.of("a")), writer.writes);
        assertEquals(0, outbox.size());
    }

    @Test
    void itemsAreWrittenInOrder() {
        Outbox outbox = outbox(100, 100);
        for (int i = 0; i < 20; i++) {
            assertTrue(outbox.offer(i));
            if (i % 3 == 0) {
                writer.completeLast();
            }
        }
        while (writer.futures.stream().anyMatch(f -> !f.isDone())) {
            writer.completeLast();
        }
        assertEquals(IntStream.range(0, 20).boxed().toList(), writer.allItems());
    }

    @Test
    void synchronouslyCompletingWriterGetsEveryItemInOrder() {
        List<Object> written = new ArrayList<>();
        Outbox outbox = new Outbox(10, 100, Runnable::run, new Outbox.Writer() {
            @Override
            public CompletionStage<?> write(List<Object> items) {
                written.addAll(items);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void overflowed() {
                throw new AssertionError("overflowed");
            }

            @Override
            public void failed(Throwable cause) {
                throw new AssertionError("failed", cause);
            }
        });
        for (int i = 0; i < 1000; i++) {
            assertTrue(outbox.offer(i));
        }
        assertEquals(IntStream.range(0, 1000).boxed().toList(), written);
    }

    @Test
    void offersDuringAWriteGoOutTogetherAsTheNextBatch() {
        Outbox outbox = outbox(100, 100);
        outbox.offer("a");
        outbox.offer("b");
        outbox.offer("c");
        outbox.offer("d");
        assertEquals(1, writer.writes.size(), "nothing more is written while a write is in flight");
        assertEquals(3, outbox.size());
        writer.completeLast();
        assertEquals(List.of(List.of("a"), List.of("b", "c", "d")), writer.writes);
        assertEquals(0, outbox.size());
        writer.completeLast();
        assertEquals(2, writer.writes.size(), "no empty batch is written");
    }

    @Test
    void batchesAreCappedAtMaxBatch() {
        Outbox outbox = outbox(100, 3);
        for (int i = 0; i < 10; i++) {
            outbox.offer(i);
        }
        for (int i = 0; i < 3; i++) {
            writer.completeLast();
        }
        assertEquals(List.of(List.of(0), List.of(1, 2, 3), List.of(4, 5, 6), List.of(7, 8, 9)), writer.writes);
    }

    @Test
    void overflowCallsOverflowedOnceAndRefusesLaterOffers() {
        Outbox outbox = outbox(3, 100);
        assertTrue(outbox.offer(0)); // taken by the first write at once
        assertTrue(outbox.offer(1));
        assertTrue(outbox.offer(2));
        assertTrue(outbox.offer(3)); // three waiting: at capacity
        assertEquals(0, writer.overflows);

        assertFalse(outbox.offer(4));
        assertEquals(1, writer.overflows);
        assertFalse(outbox.offer(5));
        assertFalse(outbox.offerReplay(6));
        assertEquals(1, writer.overflows);
        assertEquals(0, outbox.size(), "the queue is dropped");

        writer.completeLast();
        assertEquals(List.of(List.of(0)), writer.writes, "nothing more is written after an overflow");
        assertTrue(writer.failures.isEmpty());
    }

    @Test
    void writtenItemsFreeCapacity() {
        Outbox outbox = outbox(2, 100);
        outbox.offer("a");
        assertTrue(outbox.offer("b"));
        assertTrue(outbox.offer("c"));
        writer.completeLast(); // b and c leave the queue
        assertTrue(outbox.offer("d"));
        assertTrue(outbox.offer("e"));
        assertEquals(0, writer.overflows);
        assertFalse(outbox.offer("f"));
        assertEquals(1, writer.overflows);
    }

    @Test
    void replayedItemsDoNotCountTowardsCapacity() {
        Outbox outbox = outbox(1, 100);
        assertTrue(outbox.offer("live0"));
        for (int i = 0; i < 50; i++) {
            assertTrue(outbox.offerReplay("replay" + i));
        }
        assertTrue(outbox.offer("live1"));
        assertEquals(0, writer.overflows);
        assertEquals(51, outbox.size());

        writer.completeLast();
        List<Object> expected = new ArrayList<>();
        IntStream.range(0, 50).forEach(i -> expected.add("replay" + i));
        expected.add("live1");
        assertEquals(expected, writer.writes.get(1), "replayed items are written unwrapped, in order");

        // Live items still count: one waiting is the capacity, two overflow.
        assertTrue(outbox.offer("live2"));
        assertFalse(outbox.offer("live3"));
        assertEquals(1, writer.overflows);
    }

    @Test
    void replayedAndLiveItemsKeepTheirRelativeOrder() {
        Outbox outbox = outbox(10, 100);
        outbox.offerReplay("r1");
        outbox.offer("l1");
        outbox.offerReplay("r2");
        outbox.offer("l2");
        writer.completeLast();
        assertEquals(List.of("r1", "l1", "r2", "l2"), writer.allItems());
    }

    @Test
    void failedWriteCallsFailedOnceAndStopsTheOutbox() {
        Outbox outbox = outbox(10, 100);
        outbox.offer("a");
        outbox.offer("b");
        IllegalStateException cause = new IllegalStateException("connection reset");
        writer.futures.get(0).completeExceptionally(cause);

        assertEquals(1, writer.failures.size());
        assertSame(cause, writer.failures.get(0));
        assertEquals(1, writer.writes.size(), "nothing is written after a failure");
        assertEquals(0, outbox.size());
        assertFalse(outbox.offer("c"));
        assertFalse(outbox.offerReplay("d"));
        assertEquals(1, writer.writes.size());
        assertEquals(1, writer.failures.size());
        assertEquals(0, writer.overflows);
    }

    @Test
    void alreadyFailedWriteCallsFailedOnce() {
        RuntimeException cause = new RuntimeException("closed");
        List<Throwable> failures = new ArrayList<>();
        AtomicInteger writes = new AtomicInteger();
        Outbox outbox = new Outbox(10, 100, Runnable::run, new Outbox.Writer() {
            @Override
            public CompletionStage<?> write(List<Object> items) {
                writes.incrementAndGet();
                return CompletableFuture.failedFuture(cause);
            }

            @Override
            public void overflowed() {
                throw new AssertionError("overflowed");
            }

            @Override
            public void failed(Throwable t) {
                failures.add(t);
            }
        });
        outbox.offer("a");
        assertFalse(outbox.offer("b"));
        assertEquals(List.of(cause), failures);
        assertEquals(1, writes.get());
    }

    @Test
    void writeThatThrowsCallsFailedOnceAndStopsTheOutbox() {
        writer.throwOnWrite = new IllegalStateException("boom");
        Outbox outbox = outbox(10, 100);
        outbox.offer("a");
        assertEquals(List.of(writer.throwOnWrite), writer.failures);
        assertFalse(outbox.offer("b"));
        assertFalse(outbox.offerReplay("c"));
        assertEquals(1, writer.writes.size());
        assertEquals(1, writer.failures.size());
    }

    @Test
    void closeDropsQueuedItems() {
        Outbox outbox = outbox(10, 100);
        outbox.offer("a");
        outbox.offer("b");
        outbox.offerReplay("c");
        assertEquals(2, outbox.size());

        outbox.close();
        assertEquals(0, outbox.size());
        writer.completeLast();
        assertEquals(List.of(List.of("a")), writer.writes, "queued items are not written after close");
        assertFalse(outbox.offer("d"));
        assertFalse(outbox.offerReplay("e"));
        assertEquals(1, writer.writes.size());
        assertTrue(writer.failures.isEmpty());
        assertEquals(0, writer.overflows);
    }

    @Test
    void closeBeforeAnyOfferWritesNothing() {
        Outbox outbox = outbox(10, 100);
        outbox.close();
        assertFalse(outbox.offer("a"));
        assertTrue(writer.writes.isEmpty());
    }

    @Test
    void finishWritesWhatIsQueuedThenCompletes() {
        Outbox outbox = outbox(10, 100);
        outbox.offer("a");
        outbox.offer("b");
        outbox.offerReplay("c");
        CompletableFuture<Void> finished = outbox.finish();
        assertFalse(outbox.offer("d"), "nothing is taken after finish");
        assertFalse(outbox.offerReplay("e"));
        assertFalse(finished.isDone(), "a is still being written");

        writer.completeLast();
        assertEquals(List.of(List.of("a"), List.of("b", "c")), writer.writes);
        assertFalse(finished.isDone(), "b and c are still being written");
        writer.completeLast();
        assertTrue(finished.isDone());
        assertEquals(2, writer.writes.size());
        assertTrue(writer.failures.isEmpty());
    }

    @Test
    void finishOfAnIdleOutboxCompletesAtOnce() {
        Outbox outbox = outbox(10, 100);
        assertTrue(outbox.finish().isDone());
        assertTrue(writer.writes.isEmpty());
        Outbox written = outbox(10, 100);
        written.offer("a");
        writer.completeLast();
        assertTrue(written.finish().isDone());
    }

    @Test
    void finishSpanningSeveralBatchesWritesThemAll() {
        Outbox outbox = outbox(100, 2);
        for (int i = 0; i < 5; i++) {
            outbox.offer(i);
        }
        CompletableFuture<Void> finished = outbox.finish();
        while (!finished.isDone()) {
            writer.completeLast();
        }
        assertEquals(List.of(0, 1, 2, 3, 4), writer.allItems());
    }

    @Test
    void finishCompletesWhenTheOutboxIsClosedOrFails() {
        Outbox closed = outbox(10, 100);
        closed.offer("a");
        closed.offer("b");
        CompletableFuture<Void> finished = closed.finish();
        closed.close();
        assertTrue(finished.isDone(), "a forced close ends the wait");

        Outbox failing = outbox(10, 100);
        failing.offer("x");
        CompletableFuture<Void> finishing = failing.finish();
        writer.futures.get(writer.futures.size() - 1).completeExceptionally(new IllegalStateException("reset"));
        assertTrue(finishing.isDone());
        assertEquals(1, writer.failures.size());

        Outbox already = outbox(10, 100);
        already.close();
        assertTrue(already.finish().isDone());
    }

    @Test
    void concurrentProducersLoseNothingAndNeverOverlapWrites() throws Exception {
        int producers = 4;
        int perProducer = 5_000;
        ExecutorService outboxThread = Executors.newSingleThreadExecutor();
        ExecutorService completer = Executors.newSingleThreadExecutor();
        ExecutorService producerPool = Executors.newFixedThreadPool(producers);
        try {
            List<Object> written = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger active = new AtomicInteger();
            AtomicBoolean overlapped = new AtomicBoolean();
            AtomicBoolean problem = new AtomicBoolean();
            CountDownLatch all = new CountDownLatch(producers * perProducer);
            Outbox outbox = new Outbox(Integer.MAX_VALUE, 64, outboxThread, new Outbox.Writer() {
                @Override
                public CompletionStage<?> write(List<Object> items) {
                    if (active.getAndIncrement() != 0) {
                        overlapped.set(true);
                    }
                    written.addAll(items);
                    CompletableFuture<Void> f = new CompletableFuture<>();
                    completer.execute(() -> {
                        active.decrementAndGet();
                        items.forEach(i -> all.countDown());
                        f.complete(null);
                    });
                    return f;
                }

                @Override
                public void overflowed() {
                    problem.set(true);
                }

                @Override
                public void failed(Throwable cause) {
                    problem.set(true);
                }
            });
            CountDownLatch start = new CountDownLatch(1);
            for (int p = 0; p < producers; p++) {
                int producer = p;
                producerPool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < perProducer; i++) {
                        outbox.offer(producer * perProducer + i);
                    }
                });
            }
            start.countDown();
            // The timeout only guards against a hang (an item stranded in the queue).
            assertTrue(all.await(30, TimeUnit.SECONDS), "items were stranded: " + written.size() + " written");
            assertFalse(overlapped.get(), "two writes were in flight at once");
            assertFalse(problem.get());
            assertEquals(producers * perProducer, written.size());
            List<Object> snapshot;
            synchronized (written) {
                snapshot = new ArrayList<>(written);
            }
            for (int p = 0; p < producers; p++) {
                int producer = p;
                List<Object> ofProducer = snapshot.stream()
                        .filter(o -> (Integer) o / perProducer == producer).toList();
                assertEquals(IntStream.range(0, perProducer).mapToObj(i -> (Object) (producer * perProducer + i)).toList(),
                        ofProducer, "items of one producer stay in order");
            }
        } finally {
            producerPool.shutdownNow();
            outboxThread.shutdownNow();
            completer.shutdownNow();
        }
    }
}
