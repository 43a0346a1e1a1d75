package io.realtimehub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The browser client library (webapp/client/realtime-hub.js) in headless Chromium: fallback
 * behind proxies, a hub restart mid-stream, one connection for two tabs, and ten subscriptions
 * in one page. The page is the client's own documentation page, which opens no connection itself.
 */
class BrowserClientIT extends BrowserTest {

    static final List<String> SETTINGS = List.of("-Drealtime.history.size=500", "-Drealtime.longpoll.max-wait=8s",
            "-Drealtime.sse.heartbeat=1s", "-Drealtime.connection.max-channels=20");
    static final Duration DELIVERY = Duration.ofSeconds(15);

    /**
     * Test clients in the page: {@code start(name, options, channels)} connects one and records,
     * per channel, the {@code data} of each message in arrival order, its states and fallbacks.
     */
    static final String CLIENTS = """
            window.clients = window.clients || {};
            window.start = async (name, options, channels) => {
              const { connect } = await import('./realtime-hub.js');
              const hub = connect(options);
              const c = { hub, got: {}, states: [], events: [] };
              hub.on('state', s => c.states.push(s.state + ':' + s.transport + ':' + s.role + (s.reason ? ' (' + s.reason + ')' : '')));
              hub.on('fallback', f => c.events.push('fallback ' + f.from + ' -> ' + f.to));
              hub.on('upgrade', u => c.events.push('upgrade ' + u.from + ' -> ' + u.to));
              hub.on('unrecovered', e => c.events.push('unrecovered ' + e.channel));
              hub.on('gap', g => c.events.push('gap ' + g.channel + ' ' + g.from + '-' + g.to));
              for (const channel of channels) { c.got[channel] = []; hub.subscribe(channel, m => c.got[channel].push(m.data)); }
              clients[name] = c;
              return true;
            };""";

    @Override
    List<String> hubSettings() {
        return SETTINGS;
    }

    /** Fallback (issue 2): each proxy blocks what it blocks; the client lands on the next transport and loses nothing. */
    @ParameterizedTest
    @CsvSource({"no-websocket, sse", "no-streaming, longpoll"})
    void fallsBackPastWhatAProxyBlocksAndDeliversEveryMessage(String proxy, String expected) throws Exception {
        nginx = Nginx.start(proxy, payara.base);
        String channel = "fallback." + proxy;
        openClientPage(nginx.base.toString());
        browser.script("return start('c', {share: false, openTimeout: 2000}, [arguments[0]])", channel);
        browser.awaitTrue("clients.c.hub.state === 'open' && clients.c.hub.transport === '" + expected + "'", DELIVERY);

        publishNumbers(channel, 1, 20);
        // Publishing from the page works on every transport (HTTP where the transport is one-way).
        browser.script("return (async () => { for (const n of [21, 22]) await clients.c.hub.publish(arguments[0], n); })()", channel);
        awaitReceived("c", channel, 22);
        assertEquals(expected, browser.script("return clients.c.hub.transport"));
        assertTrue(browser.script("return clients.c.events.join()").toString().contains("fallback websocket -> sse"),
                "the client reported its fallback: " + browser.script("return clients.c.events"));
    }

    /**
     * Restart mid-stream (issue 3): publishing goes on while the hub stops (SIGTERM) and starts again
     * on the same port; the page reconnects by itself and shows every accepted message once, in order.
     */
    @ParameterizedTest
    @ValueSource(strings = {"websocket", "sse"})
    void survivesAHubRestartMidStreamWithEveryMessageOnceInOrder(String transport) throws Exception {
        int port = PayaraProcess.freePort();
        PayaraProcess first = PayaraProcess.start(port, SETTINGS, Map.of());
        PayaraProcess second = null;
        HubClient target = new HubClient(first.base);
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicInteger accepted = new AtomicInteger();
        Thread publisher = new Thread(() -> publishUntilStopped(target, "restart.x", publishing, accepted), "publisher");
        try {
            openClientPage(first.base.toString());
            browser.script("return start('c', {share: false, transports: [arguments[0]], reconnect: {maxDelay: 2000}}, ['restart.x'])",
                    transport);
            browser.awaitTrue("clients.c.hub.state === 'open'", DELIVERY);
            publisher.start();
            browser.awaitTrue("clients.c.got['restart.x'].length >= 20", DELIVERY);

            first.stop();
            second = PayaraProcess.start(port, SETTINGS, Map.of());
            int afterRestart = accepted.get() + 30;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (accepted.get() < afterRestart && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            publishing.set(false);
            publisher.join(10_000);
            assertTrue(accepted.get() >= afterRestart, "the publisher got going again on the new hub: " + accepted.get());

            awaitReceived("c", "restart.x", accepted.get());
            String events = browser.script("return clients.c.events.join(', ')").toString();
            assertTrue(events.contains("unrecovered restart.x"), "the new hub's epoch was reported: " + events);
        } finally {
            publishing.set(false);
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    /**
     * Resume on every transport: the network between browser and hub goes down (the proxy in
     * between is stopped) while messages keep being published; when it comes back the client
     * resumes from its place and shows every message once, in order, with nothing lost.
     */
    @ParameterizedTest
    @ValueSource(strings = {"websocket", "sse", "longpoll", "shortpoll"})
    void resumesAfterANetworkOutageOnEveryTransport(String transport) throws Exception {
        nginx = Nginx.start("shared", payara.base, payara.base); // a plain pass-through, WebSocket included
        String channel = "outage." + transport;
        openClientPage(nginx.base.toString());
        browser.script("return start('c', {share: false, transports: [arguments[0]], pollInterval: 300, reconnect: {maxDelay: 1000}}, [arguments[1]])",
                transport, channel);
        browser.awaitTrue("clients.c.hub.state === 'open'", DELIVERY);
        publishNumbers(channel, 1, 5);
        awaitReceived("c", channel, 5);

        nginx.cut();
        browser.awaitTrue("clients.c.hub.state === 'reconnecting'", DELIVERY);
        publishNumbers(channel, 6, 15); // straight to the hub: the browser cannot see these yet
        nginx.restore();

        awaitReceived("c", channel, 15);
        assertEquals("", browser.script("return clients.c.events.join(', ')"), "no loss reported, no fallback");
        assertTrue(((Number) browser.script("return clients.c.hub.stats.reconnects")).intValue() >= 1, "it did reconnect");
    }

    /**
     * A switch of transport mid-stream loses nothing: the client is on WebSocket when the proxy comes
     * back refusing upgrades; it falls back to SSE and resumes there from the places it reached.
     */
    @Test
    void switchingTransportMidStreamResumesFromTheSamePlaces() throws Exception {
        nginx = Nginx.start("shared", payara.base, payara.base);
        String channel = "switch.x";
        openClientPage(nginx.base.toString());
        browser.script("return start('c', {share: false, openTimeout: 2000, reconnect: {maxDelay: 1000}}, [arguments[0]])", channel);
        browser.awaitTrue("clients.c.hub.state === 'open' && clients.c.hub.transport === 'websocket'", DELIVERY);
        publishNumbers(channel, 1, 5);
        awaitReceived("c", channel, 5);

        nginx.cut();
        browser.awaitTrue("clients.c.hub.state === 'reconnecting'", DELIVERY);
        publishNumbers(channel, 6, 15);
        nginx.restoreAs("no-websocket");

        browser.awaitTrue("clients.c.hub.state === 'open' && clients.c.hub.transport === 'sse'", DELIVERY);
        publishNumbers(channel, 16, 20);
        awaitReceived("c", channel, 20);
        assertEquals("fallback websocket -> sse", browser.script("return clients.c.events.join(', ')"));
    }

    /** After a fallback the client looks for its preferred transport again, and moves back to it without loss. */
    @Test
    void upgradesBackToWebSocketWhenTheProxyLetsItThrough() throws Exception {
        nginx = Nginx.start("no-websocket", payara.base);
        String channel = "upgrade.x";
        openClientPage(nginx.base.toString());
        browser.script("return start('c', {share: false, openTimeout: 2000, upgradeInterval: 1500, reconnect: {maxDelay: 1000}}, [arguments[0]])",
                channel);
        browser.awaitTrue("clients.c.hub.state === 'open' && clients.c.hub.transport === 'sse'", DELIVERY);
        publishNumbers(channel, 1, 5);
        awaitReceived("c", channel, 5);
        Thread.sleep(2000); // an upgrade look while WebSocket is still refused changes nothing
        assertEquals("sse", browser.script("return clients.c.hub.transport"));

        nginx.cut();
        nginx.restoreAs("shared"); // now a proxy that lets WebSocket through
        publishNumbers(channel, 6, 10);
        browser.awaitTrue("clients.c.hub.state === 'open' && clients.c.hub.transport === 'websocket'", DELIVERY);
        publishNumbers(channel, 11, 15);
        awaitReceived("c", channel, 15);
        assertEquals("fallback websocket -> sse, upgrade sse -> websocket", browser.script("return clients.c.events.join(', ')"));
    }

    /** Two tabs (issue 4): one connection to the hub, counted by the hub; the second tab takes over when the first closes. */
    @Test
    void twoTabsShareOneConnectionAndTheSecondTakesOver() throws Exception {
        String channel = "tabs.x";
        openClientPage(payara.base.toString());
        String first = browser.tab();
        browser.script("return start('c', {}, [arguments[0]])", channel);
        browser.awaitTrue("clients.c.hub.state === 'open' && clients.c.hub.role === 'leader'", DELIVERY);
        String second = browser.newTab(payara.base.resolve("client/").toString());
        browser.script(CLIENTS);
        browser.script("return start('c', {}, [arguments[0]])", channel);
        browser.awaitTrue("clients.c.hub.state === 'open' && clients.c.hub.role === 'follower'", DELIVERY);
        awaitWebSockets(1);

        publishNumbers(channel, 1, 3);
        awaitReceived("c", channel, 3);
        browser.switchTo(first);
        awaitReceived("c", channel, 3);
        // Publishing from the follower goes through the leader's connection.
        browser.switchTo(second);
        browser.script("return clients.c.hub.publish(arguments[0], 4)", channel);
        awaitReceived("c", channel, 4);

        browser.closeTab(first);
        browser.switchTo(second);
        browser.awaitTrue("clients.c.hub.role === 'leader' && clients.c.hub.state === 'open'", DELIVERY);
        publishNumbers(channel, 5, 7);
        awaitReceived("c", channel, 7);
        awaitWebSockets(1);
    }

    /**
     * HTTP/1.1 allows six connections per host (issue 5): ten clients in one page, each with its own
     * subscription over a held transport, share one SSE stream or one long poll and all deliver.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sse", "longpoll"})
    void tenSubscriptionsInOnePageAllDeliver(String transport) throws Exception {
        openClientPage(payara.base.toString());
        for (int i = 0; i < 10; i++) {
            browser.script("return start('c' + arguments[0], {transports: [arguments[1]]}, ['ten.' + arguments[1] + '.' + arguments[0]])",
                    i, transport);
        }
        browser.awaitTrue("Object.values(clients).filter(c => c.hub.state === 'open').length === 10", DELIVERY);
        assertEquals(1L, browser.script("return Object.values(clients).filter(c => c.hub.role === 'leader').length"));
        for (int round = 1; round <= 3; round++) {
            for (int i = 0; i < 10; i++) {
                hub.publishData("ten." + transport + "." + i, Json.createValue(round));
            }
        }
        for (int i = 0; i < 10; i++) {
            awaitReceived("c" + i, "ten." + transport + "." + i, 3);
        }
        if (transport.equals("sse")) {
            awaitStat("sse", 1);
        }
    }

    /** Gap detection and duplicate dropping: the place book every client keeps, fed ids as a transport would. */
    @Test
    @SuppressWarnings("unchecked")
    void placesDropDuplicatesAndReportGapsFromIds() throws Exception {
        openClientPage(payara.base.toString());
        Map<String, Object> outcome = (Map<String, Object>) browser.script("""
                return (async () => {
                  const { PlaceBook } = await import('./places.js');
                  const book = new PlaceBook();
                  book.subscribed({ channel: 'a', epoch: 'E1', recovered: true, lastId: 0 });
                  const seen = [1, 2, 2, 5, 4, 6].map(id => book.accept('a', id, 'E1'));
                  const resumed = new PlaceBook();
                  resumed.set('a', { epoch: 'E1', id: 40 });
                  resumed.subscribed({ channel: 'a', epoch: 'E2', recovered: false, lastId: 3, firstRetained: 1 });
                  return { seen: seen.map(r => r === null ? 'dup' : r.gap ? r.gap.from + '-' + r.gap.to : 'ok'),
                           place: book.get('a'), afterNewEpoch: resumed.get('a'),
                           from: book.fromParams(['a', 'b']) };
                })()""");
        assertEquals(List.of("ok", "ok", "dup", "3-4", "dup", "ok"), outcome.get("seen"));
        assertEquals(Map.of("epoch", "E1", "id", 6L), outcome.get("place"));
        assertEquals(Map.of("epoch", "E2", "id", 0L), outcome.get("afterNewEpoch"), "a new epoch replays from firstRetained");
        assertEquals(List.of("a~E1~6"), outcome.get("from"));
    }

    /** A refusal by the hub itself (here: too many channels) is reported, and is no reason to fall back. */
    @Test
    @SuppressWarnings("unchecked")
    void aRefusalByTheHubIsReportedWithoutFallingBack() throws Exception {
        openClientPage(payara.base.toString());
        Map<String, Object> outcome = (Map<String, Object>) browser.script("""
                return (async () => {
                  const { connect } = await import('./realtime-hub.js');
                  const hub = connect({ share: false, transports: ['sse', 'longpoll'], reconnect: { initialDelay: 200 } });
                  const errors = [], fallbacks = [];
                  hub.on('error', e => errors.push(e.code));
                  hub.on('fallback', f => fallbacks.push(f.to));
                  for (let i = 0; i < 21; i++) hub.subscribe('many.' + i, () => {});
                  await new Promise(r => setTimeout(r, 3000));
                  hub.close();
                  return { errors: [...new Set(errors)], fallbacks, transport: hub.transport };
                })()""");
        assertEquals(List.of("too_many_channels"), outcome.get("errors"));
        assertEquals(List.of(), outcome.get("fallbacks"));
        assertEquals("sse", outcome.get("transport"));
    }

    /** The auth hook: the token supplier's token authorises publishing over WebSocket and over HTTP. */
    @Test
    @SuppressWarnings("unchecked")
    void tokenSupplierAuthorisesPublishing() throws Exception {
        List<String> settings = new java.util.ArrayList<>(SETTINGS);
        settings.add("-Drealtime.publish.token=s3cret");
        try (PayaraProcess guarded = PayaraProcess.start(PayaraProcess.freePort(), settings, Map.of())) {
            openClientPage(guarded.base.toString());
            Map<String, Object> outcome = (Map<String, Object>) browser.script("""
                    return (async () => {
                      const { connect } = await import('./realtime-hub.js');
                      const result = {};
                      for (const t of ['websocket', 'longpoll']) {
                        let asked = 0;
                        const withToken = connect({ share: false, transports: [t], token: async () => { asked++; return 's3cret'; } });
                        const without = connect({ share: false, transports: [t] });
                        withToken.subscribe('auth.' + t, () => {});
                        await new Promise(r => { const off = withToken.on('state', s => s.state === 'open' && r(off())); });
                        const ok = await withToken.publish('auth.' + t, 1).then(a => 'accepted ' + a.id, e => e.code);
                        const refused = await without.publish('auth.' + t, 2).then(a => 'accepted ' + a.id, e => e.code);
                        result[t] = { ok, refused, asked: asked > 0 };
                        withToken.close(); without.close();
                      }
                      return result;
                    })()""");
            assertEquals(Map.of("ok", "accepted 1", "refused", "unauthorized", "asked", true), outcome.get("websocket"));
            assertEquals(Map.of("ok", "accepted 1", "refused", "unauthorized", "asked", true), outcome.get("longpoll"));
        }
    }

    /** Publishes the numbers from..to as the data of messages on the channel, over HTTP. */
    private void publishNumbers(String channel, int from, int to) throws Exception {
        for (int n = from; n <= to; n++) {
            hub.publishData(channel, Json.createValue(n));
        }
    }

    private void openClientPage(String base) throws Exception {
        browser.open(base + "client/");
        browser.awaitTrue("document.readyState === 'complete'", DELIVERY);
        browser.script(CLIENTS);
    }

    /** Waits until the client shows exactly 1..count, in order, and nothing more. */
    private void awaitReceived(String client, String channel, int count) throws Exception {
        String expected = IntStream.rangeClosed(1, count).mapToObj(String::valueOf).collect(Collectors.joining(","));
        String got = "clients['" + client + "'].got['" + channel + "']";
        browser.awaitTrue(got + ".length >= " + count, DELIVERY);
        Thread.sleep(300); // anything extra (a duplicate) would arrive right behind
        assertEquals(expected, browser.script("return " + got + ".join(',')"), client + " on " + channel);
    }

    private void awaitWebSockets(int expected) throws Exception {
        awaitStat("websocket", expected);
    }

    /** The hub's own count of connections of a kind reaches the expected figure (closed ones take a heartbeat to go). */
    private void awaitStat(String kind, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int actual;
        while ((actual = hub.getJson("api/stats").getJsonObject("connections").getInt(kind)) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the hub counts " + actual + " " + kind + " connections, expected " + expected);
            }
            Thread.sleep(100);
        }
    }

    /** Publishes 1, 2, 3, … every 20 ms; a number is repeated until the hub accepts it (201). */
    private static void publishUntilStopped(HubClient target, String channel, AtomicBoolean publishing, AtomicInteger accepted) {
        int n = 1;
        while (publishing.get()) {
            try {
                HttpResponse<String> r = target.post("api/channels/" + channel + "/messages", "application/json",
                        "{\"data\":" + n + "}");
                if (r.statusCode() == 201) {
                    accepted.set(n++);
                }
            } catch (Exception e) {
                // the hub is stopping or starting: try the same number again
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
