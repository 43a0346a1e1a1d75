package io.realtimehub.it;

import java.io.File;
import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deploys the WAR the build just made, exactly as users get it, into a managed Payara Micro; the
 * tests run outside the server and speak the wire protocol only. Each subclass gets its own
 * server (~10 s), so test classes are few and grouped by transport.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class HubDeployment {

    @ArquillianResource
    URL base;

    protected HubClient hub;

    @Deployment(testable = false)
    public static WebArchive hubWar() {
        String path = System.getProperty("hub.war", "target/realtime-hub.war");
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(path));
    }

    @BeforeEach
    void connect() throws Exception {
        hub = new HubClient(URI.create(base.toString().endsWith("/") ? base.toString() : base + "/"));
    }
}
