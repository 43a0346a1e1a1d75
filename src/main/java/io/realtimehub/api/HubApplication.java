package io.realtimehub.api;

import io.realtimehub.runtime.Hub;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every HTTP endpoint of the hub lives under {@code /api}. */
@ApplicationPath("/api")
public class HubApplication extends Application {

    private static final Logger LOG = Logger.getLogger(HubApplication.class.getName());

    /**
     * Jersey (Payara's JAX-RS) calls this when the application is undeployed, just before it shuts
     * down the JAX-RS runtime, which no SSE stream survives; the hub's own {@code @PreDestroy}
     * comes later. So the orderly part of the stop starts here, while streams can still be written.
     */
    @PreDestroy
    void stopping() {
        try {
            CDI.current().select(Hub.class).get().closeConnections();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the hub closes its connections when it is destroyed instead", e);
        }
    }
}
