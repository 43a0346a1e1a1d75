package io.realtimehub.engine.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.realtimehub.engine.ChannelState;
import io.realtimehub.engine.HubException;
import io.realtimehub.engine.Message;
import io.realtimehub.engine.Position;
import io.realtimehub.engine.Replay;
import io.realtimehub.engine.Subscriber;
import io.realtimehub.engine.Subscription;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LocalEngineTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:15:30.123456Z"));

    private LocalEngine engine(int historySize, Duration ttl) {
        return new LocalEngine(historySize, ttl, clock);
    }

    private static JsonValue data(int n) {
        return Json.createValue(n);
    }

    @Test
    void idsStartAtOneAndAreGaplessPerChannel() {
        LocalEngine engine = engine(100, Duration.ofMinutes(10));
        assertEquals(1, engine.publish("a", "message", data(1)).id());
        assertEquals(2, engine.publish("a", "message", data(2)).id());
        assertEquals(1, engine.publish("b", "message", data(3)).id());
        assertEquals(3, engine.publish("a", "message", data(4)).id());
    }

    @Test
    void envelopeHasEveryFieldOfTheContract() {
        LocalEngine engine = engine(10, Duration.ofMinutes(10));
        Message m = engine.publish("prices", "price", Json.createObjectBuilder().add("px", 12.5).build());
        JsonObject envelope = Json.createReader(new StringReader(m.json())).readObject();
        assertEquals("prices", envelope.getString("channel"));
        assertEquals(1, envelope.getInt("id"));
        assertEquals("price", envelope.getString("event"));
        assertEquals(12.5, envelope.getJsonObject("data").getJsonNumber("px").doubleValue());
        assertEquals("2026-11-23T10:15:30.123Z", envelope.getString("time"));
        assertEquals(5, envelope.size());
        JsonObject frame = Json.createReader(new StringReader(m.webSocketFrame())).readObject();
        assertEquals("message", frame.getString("type"));
        assertEquals(envelope, Json.createObjectBuilder(frame).remove("type").build());
    }

    @Test
    void historyKeepsOnlyTheNewestMessages() {
        LocalEngine engine = engine(3, Duration.ofMinutes(10));
        for (int i = 1; i <= 5; i++) {
            engine.publish("a", "message", data(i));
        }
        ChannelState state = engine.state("a");
        assertEquals(3, state.firstRetained());
        assertEquals(5, state.lastId());
        assertEquals(5, state.last().id());
    }

    @Test
    void ttlDropsOldMessagesButAlwaysKeepsTheLatest() {
        LocalEngine engine = engine(100, Duration.ofSeconds(10));
        engine.publish("a", "message", data(1));
        clock.advance(Duration.ofSeconds(5));
        engine.publish("a", "message", data(2));
        clock.advance(Duration.ofSeconds(6));
        assertEquals(2, engine.state("a").firstRetained(), "message 1 is 11 s old");
        clock.advance(Duration.ofHours(1));
        engine.evictExpired();
        ChannelState state = engine.state("a");
        assertEquals(2, state.firstRetained(), "the latest message stays however old");
        assertEquals(2, state.last().id());
    }

    @Test
    void emptyChannelHasAnEpochAndNoMessages() {
        LocalEngine engine = engine(10, Duration.ofMinutes(10));
        ChannelState state = engine.state("fresh");
        assertNull(state.last());
        assertEquals(0, state.lastId());
        assertEquals(1, state.firstRetained());
        engine.publish("fresh", "message", data(1));
        assertEquals(state.epoch(), engine.state("fresh").epoch(), "publishing keeps the epoch handed out before");
    }

    @Test
    void readFromNowReturnsNothingButThePosition() {
        LocalEngine engine = engine(10, Duration.ofMinutes(10));
        engine.publish("a", "message", data(1));
        Replay r = engine.read("a", null, 100);
        assertTrue(r.recovered());
        assertTrue(r.messages().isEmpty());
        assertEquals(new Position(r.epoch(), 1), r.end());
    }

    @Test
    void readResumesAfterAPositionInOrder() {
        LocalEngine engine = engine(10, Duration.ofMinutes(10));
        for (int i = 1; i <= 5; i++) {
            engine.publish("a", "message", data(i));
        }
        String epoch = engine.state("a").epoch();
        Replay r = engine.read("a", new Position(epoch, 2), 100);
        assertTrue(r.recovered());
        assertEquals(List.of(3L, 4L, 5L), ids(r.messages()));
        assertFalse(r.more());
        assertEquals(new Position(epoch, 5), r.end());
    }

    @Test
    void readStopsAtTheLimitAndSaysThereIsMore() {
        LocalEngine engine = engine(10, Duration.ofMinutes(10));
        for (int i = 1; i <= 5; i++) {
            engine.publish("a", "message", data(i));
        }
        String epoch = engine.state("a").epoch();
        Replay r = engine.read("a", new Position(epoch, 0), 2);
        assertEquals(List.of(1L, 2L), ids(r.messages()));
        assertTrue(r.more());
        assertEquals(new Position(epoch, 2), r.end());
        Replay none = engine.read("a", new Position(epoch, 2), 0);
        assertTrue(none.more());
        assertEquals(new Position(epoch, 2), none.end(), "a read cut to nothing does not skip ahead");
    }

    @Test
    void positionOlderThanHistoryIsNotRecovered() {
        LocalEngine engine = engine(3, Duration.ofMinutes(10));
        for (int i = 1; i <= 6; i++) {
            engine.publish("a", "message", data(i));
        }
        String epoch = engine.state("a").epoch();
        Replay lost = engine.read("a", new Position(epoch, 1), 100);
        assertFalse(lost.recovered(), "message 2 and 3 are gone");
        assertEquals(4, lost.firstRetained());
        assertEquals(List.of(4L, 5L, 6L), ids(lost.messages()));
        Replay edge = engine.read("a", new Position(epoch, 3), 100);
        assertTrue(edge.recovered(), "everything after 3 is still there");
        assertEquals(List.of(4L, 5L, 6L), ids(edge.messages()));
    }

    @Test
    void otherEpochIsNotRecovered() {
        LocalEngine engine = engine(10, Duration.ofMinutes(10));
        engine.publish("a", "message", data(1));
        Replay r = engine.read("a", new Position("gone-epoch", 1), 100);
        assertFalse(r.recovered());
        assertEquals(List.of(1L), ids(r.messages()));
        assertNotEquals("gone-epoch", r.epoch());
    }

    @Test
    void positionBeyondTheLastIdIsNotRecovered() {
        LocalEngine engine = engine(10, Duration.ofMinutes(10));
        engine.publish("a", "message", data(1));
        String epoch = engine.state("a").epoch();
        Replay r = engine.read("a", new Position(epoch, 7), 100);
        assertFalse(r.recovered());
        assertTrue(r.messages().isEmpty());
        assertEquals(new Position(epoch, 1), r.end());
    }

    @Test
    void restartedEngineHasNewEpochs() {
        String before = engine(10, Duration.ofMinutes(1)).state("a").epoch();
        String after = engine(10, Duration.ofMinutes(1)).state("a").epoch();
        assertNotEquals(before, after);
    }

    @Test
    void invalidChannelIsRefused() {
        LocalEngine engine = engine(10, Duration.ofMinutes(1));
        assertThrows(HubException.class, () -> engine.publish("no spaces", "message", data(1)));
        assertThrows(HubException.class, () -> engine.state(""));
        assertEquals(0, engine.channelCount());
    }

    @Test
    void subscribeReplaysThenDeliversLiveWithoutGapOrDuplicate() {
        LocalEngine engine = engine(100, Duration.ofMinutes(10));
        for (int i = 1; i <= 3; i++) {
            engine.publish("a", "message", data(i));
        }
        String epoch = engine.state("a").epoch();
        Recorder recorder = new Recorder();
        Subscription subscription = engine.subscribe("a", new Position(epoch, 1), recorder);
        engine.publish("a", "message", data(4));
        assertTrue(recorder.replay.recovered());
        assertEquals(List.of(2L, 3L, 4L), recorder.ids());
        subscription.cancel();
        engine.publish("a", "message", data(5));
        assertEquals(List.of(2L, 3L, 4L), recorder.ids(), "nothing after cancel");
    }

    @Test
    void concurrentPublishersKeepIdsGaplessAndEverySubscriberSeesOneOrder() throws Exception {
        LocalEngine engine = engine(100_000, Duration.ofMinutes(10));
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        engine.subscribe("a", null, first);
        int threads = 4;
        int perThread = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Long> assigned = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < perThread; i++) {
                    assigned.add(engine.publish("a", "message", data(i)).id());
                    if (i == perThread / 2 && Thread.currentThread().getName().endsWith("-1")) {
                        engine.subscribe("a", new Position(engine.state("a").epoch(), 0), second);
                    }
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        List<Long> all = LongStream.rangeClosed(1, (long) threads * perThread).boxed().toList();
        List<Long> sorted = new ArrayList<>(assigned);
        Collections.sort(sorted);
        assertEquals(all, sorted, "every id from 1 to N assigned exactly once");
        assertEquals(all, first.ids(), "a live subscriber sees every id in order");
        assertEquals(all, second.ids(), "a subscriber joining mid-stream from 0 sees replay + live, in order, once each");
    }

    private static List<Long> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    /** Collects what a subscriber gets, replay first. */
    static final class Recorder implements Subscriber {
        Replay replay;
        final List<Message> messages = new ArrayList<>();

        @Override
        public synchronized void onSubscribed(Replay replay) {
            this.replay = replay;
            messages.addAll(replay.messages());
        }

        @Override
        public synchronized void onMessage(Message message) {
            messages.add(message);
        }

        synchronized List<Long> ids() {
            return LocalEngineTest.ids(messages);
        }
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
