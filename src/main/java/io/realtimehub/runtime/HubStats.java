package io.realtimehub.runtime;

import io.realtimehub.engine.JsonCodec;
import jakarta.json.JsonObjectBuilder;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The hub's live figures at one moment: what {@code GET /api/stats} answers and what the demo's
 * stats feed starts from.
 */
public record HubStats(String node, String cluster, int channels, int webSockets, int sse, int longPolls,
                       long slowConsumersClosed, long processCpuNanos) {

    public static HubStats of(Hub hub) {
        Connections c = hub.connections();
        return new HubStats(c.node(), hub.config().cluster().name().toLowerCase(Locale.ROOT),
                hub.engine().channelCount(), c.webSocketCount(), c.sseCount(), c.waitingPollCount(),
                c.slowConsumersClosedCount(), currentProcessCpuNanos());
    }

    /** CPU time of the server process, or -1 where the JVM cannot tell. */
    public static long currentProcessCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** {@code {"node","cluster","channels","connections":{…},"slowConsumersClosed","processCpuNanos"}}, open for more fields. */
    public JsonObjectBuilder json() {
        return JsonCodec.objectBuilder()
                .add("node", node)
                .add("cluster", cluster)
                .add("channels", channels)
                .add("connections", JsonCodec.objectBuilder()
                        .add("websocket", webSockets)
                        .add("sse", sse)
                        .add("longPolls", longPolls))
                .add("slowConsumersClosed", slowConsumersClosed)
                .add("processCpuNanos", processCpuNanos);
    }
}
