package io.realtimehub.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Every HTTP endpoint of the hub lives under {@code /api}. */
@ApplicationPath("/api")
public class HubApplication extends Application {
}
