package io.realtimehub.engine.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.realtimehub.config.HubConfig;
import io.realtimehub.config.Setting;
import io.realtimehub.engine.ChannelState;
import io.realtimehub.engine.Engine;
import io.realtimehub.engine.Message;
import io.realtimehub.engine.Position;
import io.realtimehub.engine.Replay;
import io.realtimehub.engine.Subscriber;
import jakarta.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clustered engines on two real Hazelcast members: what issue 3 asks of {@code shared} and
 * {@code sticky} at the engine level (the same interface the transports use).
 */
class HazelcastEnginesTest {

    private static TwoMembers members;
    private static final MovableClock CLOCK = new MovableClock();

    @BeforeAll
    static void start() {
        members = new TwoMembers();
    }

    @AfterAll
    static void stop() {
        members.close();
    }

    /** Each test's engines share a namespace of their own, so tests never see each other's grid data. */
    private String namespace;

    @org.junit.jupiter.api.BeforeEach
    void newNamespace() {
        namespace = "t" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    private Engine engine(String mode, com.hazelcast.core.HazelcastInstance member, String history, String ttl) {
        HubConfig config = HubConfig.load(s -> Map.of(
                Setting.CLUSTER.key(), mode,
                Setting.HISTORY_SIZE.key(), history,
                Setting.HISTORY_TTL.key(), ttl).get(s.key()));
        return HazelcastEngines.create(config, member, namespace, CLOCK, () -> { });
    }

    @Test
    void sharedPublishOnOneNodeReachesSubscribersOnTheOtherInOrder() throws Exception {
        Engine a = engine("shared", members.a, "100", "10m");
        Engine b = engine("shared", members.b, "100", "10m");
        Recorder onB = new Recorder();
        b.subscribe("s-fanout", null, onB);
        for (int i = 1; i <= 20; i++) {
            assertEquals(i, a.publish("s-fanout", "message", Json.createValue(i)).id());
        }
        onB.await(20);
        assertEquals(ids(1, 20), onB.ids());
        assertEquals(a.state("s-fanout").epoch(), b.state("s-fanout").epoch(), "one epoch for the cluster");
    }

    @Test
    void sharedResumeOnTheOtherNodeIsCompleteWithoutDuplicates() throws Exception {
        Engine a = engine("shared", members.a, "100", "10m");
        Engine b = engine("shared", members.b, "100", "10m");
        for (int i = 1; i <= 10; i++) {
            a.publish("s-resume", "message", Json.createValue(i));
        }
        Position seenOnA = new Position(a.state("s-resume").epoch(), 6);
        Recorder onB = new Recorder();
        b.subscribe("s-resume", seenOnA, onB);
        a.publish("s-resume", "message", Json.createValue(11));
        onB.await(5);
        assertTrue(onB.replay.recovered());
        assertEquals(ids(7, 11), onB.ids(), "replay 7-10 from the grid, then 11 live");

        Replay polled = b.read("s-resume", seenOnA, 100);
        assertTrue(polled.recovered());
        assertEquals(ids(7, 11), polled.messages().stream().map(Message::id).toList());
    }

    @Test
    void sharedConcurrentPublishersOnBothNodesKeepIdsGaplessAndOneOrder() throws Exception {
        Engine a = engine("shared", members.a, "10000", "10m");
        Engine b = engine("shared", members.b, "10000", "10m");
        Recorder onA = new Recorder();
        Recorder onB = new Recorder();
        a.subscribe("s-race", null, onA);
        b.subscribe("s-race", null, onB);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Long> assigned = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Engine publisher = t % 2 == 0 ? a : b;
            pool.execute(() -> {
                for (int i = 0; i < 250; i++) {
                    assigned.add(publisher.publish("s-race", "message", Json.createValue(i)).id());
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        assertEquals(ids(1, 1000), assigned.stream().sorted().toList(), "every id once, none skipped");
        onA.await(1000);
        onB.await(1000);
        assertEquals(ids(1, 1000), onA.ids());
        assertEquals(onA.ids(), onB.ids(), "both nodes deliver the same order");
    }

    @Test
    void sharedLateJoiningNodeServesCursorsIssuedElsewhere() throws Exception {
        Engine a = engine("shared", members.a, "100", "10m");
        for (int i = 1; i <= 5; i++) {
            a.publish("s-late", "message", Json.createValue(i));
        }
        Position fromA = a.read("s-late", null, 10).end();
        a.publish("s-late", "message", Json.createValue(6));
        Engine late = engine("shared", members.b, "100", "10m");
        Replay r = late.read("s-late", fromA, 10);
        assertTrue(r.recovered());
        assertEquals(List.of(6L), r.messages().stream().map(Message::id).toList());
    }

    @Test
    void sharedHistoryIsBoundedAndLossIsReported() {
        Engine a = engine("shared", members.a, "5", "10m");
        for (int i = 1; i <= 12; i++) {
            a.publish("s-bounded", "message", Json.createValue(i));
        }
        String epoch = a.state("s-bounded").epoch();
        Replay lost = a.read("s-bounded", new Position(epoch, 2), 100);
        assertFalse(lost.recovered());
        assertEquals(8, lost.firstRetained());
        assertEquals(ids(8, 12), lost.messages().stream().map(Message::id).toList());
        Replay otherEpoch = a.read("s-bounded", new Position("gone", 12), 100);
        assertFalse(otherEpoch.recovered());
        Replay limited = a.read("s-bounded", new Position(epoch, 7), 2);
        assertEquals(ids(8, 9), limited.messages().stream().map(Message::id).toList());
        assertTrue(limited.more());
        assertEquals(new Position(epoch, 9), limited.end());
    }

    @Test
    void sharedTtlDropsOldMessagesButKeepsTheLatest() {
        Engine a = engine("shared", members.a, "100", "10s");
        a.publish("s-ttl", "message", Json.createValue(1));
        CLOCK.advance(Duration.ofSeconds(5));
        a.publish("s-ttl", "message", Json.createValue(2));
        CLOCK.advance(Duration.ofSeconds(6));
        ChannelState state = a.state("s-ttl");
        assertEquals(2, state.firstRetained(), "message 1 is 11 s old");
        CLOCK.advance(Duration.ofHours(1));
        ChannelState later = a.state("s-ttl");
        assertEquals(2, later.firstRetained());
        assertEquals(2, later.last().id(), "the latest stays however old");
        Replay r = a.read("s-ttl", new Position(later.epoch(), 0), 10);
        assertFalse(r.recovered(), "message 1 expired");
        assertEquals(List.of(2L), r.messages().stream().map(Message::id).toList());
    }

    @Test
    void sharedEmptyChannel() {
        Engine a = engine("shared", members.a, "100", "10m");
        ChannelState s = a.state("s-empty");
        assertNull(s.last());
        assertEquals(0, s.lastId());
        assertEquals(1, s.firstRetained());
    }

    @Test
    void stickyRelaysLiveMessagesAndAFailoverIsNotRecovered() throws Exception {
        Engine a = engine("sticky", members.a, "100", "10m");
        Engine b = engine("sticky", members.b, "100", "10m");
        try {
            Recorder onB = new Recorder();
            b.subscribe("k-relay", null, onB);
            for (int i = 1; i <= 10; i++) {
                a.publish("k-relay", "tick", Json.createObjectBuilder().add("n", i).build());
            }
            onB.await(10);
            assertEquals(ids(1, 10), onB.ids(), "node B files relayed messages under its own gapless ids, in order");
            assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), onB.messages.stream()
                    .map(m -> Json.createReader(new java.io.StringReader(m.json())).readObject().getJsonObject("data").getInt("n")).toList());

            Position onA = a.read("k-relay", null, 1).end();
            assertNotEquals(onA.epoch(), b.state("k-relay").epoch(), "each node has its own epoch");
            Replay failover = b.read("k-relay", onA, 100);
            assertFalse(failover.recovered(), "a client moving from A to B is told it may have lost messages");
        } finally {
            a.close();
            b.close();
        }
    }

    private static List<Long> ids(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    static final class Recorder implements Subscriber {
        volatile Replay replay;
        final List<Message> messages = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onSubscribed(Replay replay) {
            this.replay = replay;
            messages.addAll(replay.messages());
        }

        @Override
        public void onMessage(Message message) {
            messages.add(message);
        }

        List<Long> ids() {
            synchronized (messages) {
                return messages.stream().map(Message::id).toList();
            }
        }

        void await(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (messages.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(count, messages.size(), "messages received");
        }
    }

    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-23T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
