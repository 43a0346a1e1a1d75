package io.realtimehub.demo;

import io.realtimehub.runtime.Hub;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;

/**
 * {@code /api/demo/…}: the demo applications' endpoints, reached through this locator so that one
 * check covers them all. With {@code realtime.demo.enabled=false} every path and method under it
 * answers {@code 404 not_found}, exactly as an unknown path does.
 */
@Path("demo")
public class DemoResource {

    @Inject
    Hub hub;

    @Path("uploads")
    public UploadsResource uploads() {
        return new UploadsResource(hub.demo().orElseThrow(NotFoundException::new).uploads());
    }
}
