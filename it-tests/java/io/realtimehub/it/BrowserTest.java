package io.realtimehub.it;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every browser test class stands on: the hub's WAR on its own Payara Micro for the class
 * (with the class's settings), a fresh headless Chromium per test, and the nginx a test may put
 * in front, closed after it. A failed test leaves a screenshot and the console in
 * target/browser-screenshots.
 */
@ExtendWith(Browser.ScreenshotOnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTest {

    PayaraProcess payara;
    HubClient hub;
    Browser browser;
    /** Set by a test that needs a proxy; closed after the test. */
    Nginx nginx;

    /** JVM options of the class's hub, e.g. {@code -Drealtime.history.size=50}. */
    abstract List<String> hubSettings();

    @BeforeAll
    void startHub() throws Exception {
        payara = PayaraProcess.start(PayaraProcess.freePort(), hubSettings(), Map.of());
        hub = new HubClient(payara.base);
    }

    @AfterAll
    void stopHub() throws Exception {
        if (payara != null) {
            payara.close();
        }
    }

    @BeforeEach
    void startBrowser() throws Exception {
        browser = Browser.start();
    }

    @AfterEach
    void closeBrowserAndProxy() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (nginx != null) {
                nginx.close();
                nginx = null;
            }
        }
    }
}
