package io.realtimehub.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HubStatsTest {

    @Test
    void jsonHasTheDocumentedFieldsInOrder() {
        HubStats stats = new HubStats("2ef260a9", "none", 12, 40, 7, 300, 1, 16_700_000_000L);
        assertEquals("{\"node\":\"2ef260a9\",\"cluster\":\"none\",\"channels\":12,"
                        + "\"connections\":{\"websocket\":40,\"sse\":7,\"longPolls\":300},"
                        + "\"slowConsumersClosed\":1,\"processCpuNanos\":16700000000}",
                stats.json().build().toString());
    }
}
