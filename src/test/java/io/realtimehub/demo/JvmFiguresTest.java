package io.realtimehub.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JvmFiguresTest {

    @Test
    void cpuLoadIsTheShareOfAllProcessors() {
        assertEquals(0.25, JvmFigures.cpuLoad(0, 500_000_000, 1_000_000_000, 2));
        assertEquals(0.0, JvmFigures.cpuLoad(7, 7, 1_000_000_000, 4));
        assertEquals(0.333, JvmFigures.cpuLoad(0, 1_000_000_000, 1_000_000_000, 3));
        assertEquals(1.0, JvmFigures.cpuLoad(0, 5_000_000_000L, 1_000_000_000, 2), "clipped to 1");
    }

    @Test
    void cpuLoadIsUnknownWithoutCpuTimeOrElapsedTime() {
        assertNull(JvmFigures.cpuLoad(-1, -1, 1_000_000_000, 2));
        assertNull(JvmFigures.cpuLoad(0, 10, 0, 2));
    }

    @Test
    void sampleHasPlausibleFigures() {
        JvmFigures f = JvmFigures.sample();
        assertTrue(f.heapUsedBytes() > 0);
        assertTrue(f.threads() > 0);
        assertTrue(f.uptimeMs() >= 0);
    }
}
