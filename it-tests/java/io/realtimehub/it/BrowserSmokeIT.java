package io.realtimehub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hub's status page in headless Chromium, and the two proxies the browser's fallback tests
 * stand behind: what they must block, the browser sees blocked, and what must pass, passes.
 */
class BrowserSmokeIT extends BrowserTest {

    static final List<String> SETTINGS = List.of("-Drealtime.history.size=50", "-Drealtime.longpoll.max-wait=8s",
            "-Drealtime.sse.heartbeat=1s", "-Drealtime.sse.retry=1s");
    static final Duration PAGE = Duration.ofSeconds(10);

    @Override
    List<String> hubSettings() {
        return SETTINGS;
    }

    @Test
    void statusPageShowsTheHubUpAndFollowsHello() throws Exception {
        browser.open(payara.base);
        browser.awaitTrue("document.getElementById('status-text').textContent === 'up'", PAGE);
        assertEquals("up", browser.text("#status-text"));
        awaitFollowing(payara, "hello");

        browser.click("#publish");
        browser.awaitTrue("document.getElementById('feed').textContent.includes('\"greeting\":\"hello\"')", PAGE);

        hub.publishData("hello", Json.createValue("from Java"));
        browser.awaitTrue("document.getElementById('feed').textContent.includes('\"from Java\"')", PAGE);

        // The same page opens both streaming transports straight to the hub: the controls for
        // the proxy tests below.
        assertEquals("open", webSocketOutcome());
        assertEquals("x", sseSubscribed(5000).get("channel"));
    }

    @Test
    void behindNoWebSocketProxyWebSocketFailsButSseStreams() throws Exception {
        nginx = Nginx.start("no-websocket", payara.base);
        browser.open(nginx.base);
        browser.awaitTrue("document.getElementById('status-text').textContent === 'up'", PAGE);

        String ws = webSocketOutcome();
        assertTrue(ws.startsWith("error") || ws.startsWith("close"), "WebSocket through no-websocket: " + ws);
        assertEquals("x", sseSubscribed(5000).get("channel"));
        assertLongPollWorks("nows");
    }

    @Test
    void behindNoStreamingProxySseIsHeldButLongPollsWork() throws Exception {
        nginx = Nginx.start("no-streaming", payara.base);
        browser.open(nginx.base);
        browser.awaitTrue("document.getElementById('status-text').textContent === 'up'", PAGE);

        String ws = webSocketOutcome();
        assertTrue(ws.startsWith("error") || ws.startsWith("close"), "WebSocket through no-streaming: " + ws);
        assertEquals("nothing", browser.script("""
                return new Promise(resolve => {
                  const es = new EventSource('api/events?channel=x');
                  const timer = setTimeout(() => { es.close(); resolve('nothing'); }, 3000);
                  es.addEventListener('subscribed', e => { clearTimeout(timer); es.close(); resolve(e.data); });
                });"""), "an SSE event came through the buffering proxy");
        assertLongPollWorks("nostream");
    }

    @Test
    void pageComesBackWhenTheHubRestartsOnTheSamePort() throws Exception {
        int port = PayaraProcess.freePort();
        PayaraProcess first = PayaraProcess.start(port, SETTINGS, Map.of());
        PayaraProcess second = null;
        try {
            browser.open(first.base);
            browser.awaitTrue("document.getElementById('status-text').textContent === 'up'", PAGE);
            awaitFollowing(first, "hello");

            long stopping = System.nanoTime();
            first.stop();
            System.out.printf("Payara stopped (SIGTERM) in %d ms%n", (System.nanoTime() - stopping) / 1_000_000);
            browser.awaitTrue("document.getElementById('status-text').textContent === 'not reachable'", PAGE);

            second = PayaraProcess.start(port, SETTINGS, Map.of());
            assertEquals(first.base, second.base);
            browser.awaitTrue("document.getElementById('status-text').textContent === 'up'", PAGE);
            // Same page, no reload: the client library reconnects by itself. (A bare EventSource
            // would stay deaf: Payara listens before the WAR is deployed, the reconnect meets a
            // 404 then, and a non-200 answer closes an EventSource for good.)
            awaitFollowing(second, "hello");
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    /**
     * Publishes to the channel the page follows until one of the messages shows in its feed: the
     * page has no sign of its EventSource being subscribed, and earlier messages are not for it.
     */
    private void awaitFollowing(PayaraProcess server, String channel) throws Exception {
        HubClient client = new HubClient(server.base);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int i = 0; ; i++) {
            String mark = "probe-" + System.nanoTime();
            client.publishData(channel, Json.createValue(mark));
            try {
                browser.awaitTrue("document.getElementById('feed').textContent.includes('" + mark + "')",
                        Duration.ofSeconds(1));
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    /** Opens a WebSocket to the page's origin; "open", or how it failed ("error", "close 1006"). */
    private String webSocketOutcome() {
        return (String) browser.script("""
                return new Promise(resolve => {
                  const ws = new WebSocket(new URL('ws', location.href).href.replace(/^http/, 'ws'));
                  const seen = [];
                  const timer = setTimeout(() => resolve('nothing within 5 s'), 5000);
                  ws.onopen = () => { clearTimeout(timer); ws.close(); resolve('open'); };
                  ws.onerror = () => seen.push('error');
                  ws.onclose = e => { clearTimeout(timer); seen.push('close ' + e.code); resolve(seen.join(', ')); };
                });""");
    }

    /** The data of the first {@code subscribed} event of an EventSource on channel x, within the time. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> sseSubscribed(int millis) {
        Object result = browser.script("""
                return new Promise(resolve => {
                  const es = new EventSource('api/events?channel=x');
                  const timer = setTimeout(() => { es.close(); resolve('no subscribed event'); }, arguments[0]);
                  es.addEventListener('subscribed', e => { clearTimeout(timer); es.close(); resolve(JSON.parse(e.data)); });
                });""", millis);
        assertTrue(result instanceof Map, "EventSource: " + result);
        return (Map<String, Object>) result;
    }

    /** From the page: a poll that times out empty, then a long poll that a publish from Java ends. */
    @SuppressWarnings("unchecked")
    private void assertLongPollWorks(String channel) throws Exception {
        Map<String, Object> empty = (Map<String, Object>) browser.script("""
                return fetch('api/poll?channel=' + arguments[0] + '&wait=1')
                  .then(async r => ({ status: r.status, type: r.headers.get('content-type'), body: await r.json() }));""",
                channel);
        assertEquals(200L, empty.get("status"));
        assertTrue(String.valueOf(empty.get("type")).startsWith("application/json"), "content type " + empty.get("type"));
        String cursor = (String) ((Map<String, Object>) empty.get("body")).get("cursor");

        browser.script("""
                window.longPoll = fetch('api/poll?channel=' + arguments[0] + '&wait=8&cursor=' + encodeURIComponent(arguments[1]))
                  .then(r => r.json()).then(b => b.messages.map(m => m.data));""", channel, cursor);
        Thread.sleep(500); // the poll is held at the hub by then (its cursor would catch the message anyway)
        hub.publishData(channel, Json.createValue("through the proxy"));
        assertEquals(List.of("through the proxy"), browser.script("return window.longPoll;"));
    }
}
