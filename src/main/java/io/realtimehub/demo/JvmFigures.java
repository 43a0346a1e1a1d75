package io.realtimehub.demo;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/** The server JVM's heap, threads and uptime at one moment, for the stats feed. */
record JvmFigures(long heapUsedBytes, long heapMaxBytes, int threads, long uptimeMs) {

    static JvmFigures sample() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new JvmFigures(heap.getUsed(), heap.getMax(), ManagementFactory.getThreadMXBean().getThreadCount(),
                ManagementFactory.getRuntimeMXBean().getUptime());
    }

    /**
     * Share of all processors the process used between two samples, 0 to 1 with three decimals;
     * null when the JVM cannot tell its CPU time (-1) or no time passed.
     */
    static Double cpuLoad(long cpuNanosBefore, long cpuNanosNow, long wallNanos, int processors) {
        if (cpuNanosBefore < 0 || cpuNanosNow < 0 || wallNanos <= 0 || processors <= 0) {
            return null;
        }
        double load = (double) (cpuNanosNow - cpuNanosBefore) / ((double) wallNanos * processors);
        return Math.round(Math.max(0, Math.min(1, load)) * 1000) / 1000.0;
    }
}
