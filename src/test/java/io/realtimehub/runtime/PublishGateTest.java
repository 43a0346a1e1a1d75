package io.realtimehub.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.realtimehub.engine.ErrorCode;
import io.realtimehub.engine.HubException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PublishGateTest {

    private final PublishGate gate = new PublishGate();

    @Test
    void publishesPassUntilClosedThenAreUnavailable() throws Exception {
        assertEquals("ok", gate.pass(() -> "ok"));
        assertTrue(gate.close(Duration.ofSeconds(1)), "nothing was under way");
        HubException refused = assertThrows(HubException.class, () -> gate.pass(() -> "late"));
        assertEquals(ErrorCode.UNAVAILABLE, refused.code());
        assertEquals(503, refused.code().status());
    }

    @Test
    void closeWaitsForAPublishUnderWay() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean fannedOut = new AtomicBoolean();
            CompletableFuture<String> publishing = CompletableFuture.supplyAsync(() -> gate.pass(() -> {
                inside.countDown();
                await(release);
                fannedOut.set(true);
                return "accepted";
            }), pool);
            assertTrue(inside.await(5, TimeUnit.SECONDS));
            CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> {
                try {
                    return gate.close(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(100);
            assertFalse(closing.isDone(), "close waits while the publish fans out");
            release.countDown();
            assertTrue(closing.get(5, TimeUnit.SECONDS));
            assertTrue(fannedOut.get(), "the publish had finished when close returned");
            assertEquals("accepted", publishing.get(5, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeGivesUpAfterItsWait() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = new Thread(() -> gate.pass(() -> {
            inside.countDown();
            await(release);
            return null;
        }));
        stuck.start();
        try {
            assertTrue(inside.await(5, TimeUnit.SECONDS));
            long start = System.nanoTime();
            assertFalse(gate.close(Duration.ofMillis(200)));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 150 && waited < 5_000, "waited " + waited + " ms");
        } finally {
            release.countDown();
            stuck.join(5_000);
        }
    }

    /** Publishers racing a close: each is either refused or had finished when close returned. */
    @Test
    void noPublishFinishesAfterCloseReturned() throws Exception {
        ExecutorService publishers = Executors.newFixedThreadPool(4);
        AtomicBoolean closeReturned = new AtomicBoolean();
        AtomicInteger lateFinishes = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        try {
            for (int t = 0; t < 4; t++) {
                publishers.execute(() -> {
                    while (!stop.get()) {
                        try {
                            gate.pass(() -> {
                                Thread.onSpinWait();
                                if (closeReturned.get()) {
                                    lateFinishes.incrementAndGet();
                                }
                                return accepted.incrementAndGet();
                            });
                        } catch (HubException refused) {
                            Thread.yield();
                        }
                    }
                });
            }
            Thread.sleep(50);
            assertTrue(gate.close(Duration.ofSeconds(2)));
            closeReturned.set(true);
            Thread.sleep(50);
        } finally {
            stop.set(true);
            publishers.shutdown();
            assertTrue(publishers.awaitTermination(5, TimeUnit.SECONDS));
        }
        assertTrue(accepted.get() > 0);
        assertEquals(0, lateFinishes.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
