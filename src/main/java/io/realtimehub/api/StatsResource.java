package io.realtimehub.api;

import io.realtimehub.runtime.Connections;
import io.realtimehub.runtime.Hub;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;

/** Live counts for operators, tests and benchmarks. */
@Path("stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    @Inject
    Hub hub;

    @GET
    public String stats() {
        Connections c = hub.connections();
        long cpuNanos = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        return JsonBodies.write(g -> g.writeStartObject()
                .write("node", c.node())
                .write("cluster", hub.config().cluster().name().toLowerCase(java.util.Locale.ROOT))
                .write("channels", hub.engine().channelCount())
                .writeStartObject("connections")
                .write("websocket", c.webSocketCount())
                .write("sse", c.sseCount())
                .write("longPolls", c.waitingPollCount())
                .writeEnd()
                .write("slowConsumersClosed", c.slowConsumersClosedCount())
                .write("processCpuNanos", cpuNanos)
                .writeEnd());
    }
}
