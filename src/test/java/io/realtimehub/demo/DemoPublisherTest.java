package io.realtimehub.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.realtimehub.engine.ErrorCode;
import io.realtimehub.engine.HubException;
import io.realtimehub.engine.Message;
import io.realtimehub.engine.local.LocalEngine;
import io.realtimehub.runtime.PublishGate;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoPublisherTest {

    private final LocalEngine engine = new LocalEngine(100, Duration.ofMinutes(1), Clock.systemUTC());

    @Test
    void publishesThroughTheEngineWithGaplessIds() {
        DemoPublisher publisher = new DemoPublisher(engine, new PublishGate(), 65536);
        Message first = publisher.publish("demo.ticker", "tick", new Ticker.Tick("ACME", 100, 1).json());
        Message second = publisher.publish("demo.ticker", "tick", JsonValue.NULL);
        assertEquals(1, first.id());
        assertEquals(2, second.id());
        assertEquals("tick", first.event());
        assertEquals(2, engine.state("demo.ticker").lastId());
    }

    @Test
    void theChecksOfAnHttpPublishApply() {
        DemoPublisher publisher = new DemoPublisher(engine, new PublishGate(), 10);
        HubException tooLarge = assertThrows(HubException.class,
                () -> publisher.publish("demo.stats", "stats", new Ticker.Tick("ACME", 100, 1).json()));
        assertEquals(ErrorCode.TOO_LARGE, tooLarge.code());
        HubException badChannel = assertThrows(HubException.class, () -> publisher.publish("no spaces", "x", JsonValue.NULL));
        assertEquals(ErrorCode.INVALID_CHANNEL, badChannel.code());
        assertEquals(0, engine.state("demo.stats").lastId(), "a refused message takes no id");
    }
}
