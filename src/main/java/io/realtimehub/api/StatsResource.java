package io.realtimehub.api;

import io.realtimehub.runtime.Hub;
import io.realtimehub.runtime.HubStats;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Live counts for operators, tests and benchmarks. */
@Path("stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    @Inject
    Hub hub;

    @GET
    public String stats() {
        return HubStats.of(hub).json().build().toString();
    }
}
