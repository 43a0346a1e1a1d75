package io.realtimehub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each demo page (webapp/demos) end to end in headless Chromium, on a hub with the demos on. */
class BrowserDemosIT extends BrowserTest {

    static final List<String> SETTINGS = List.of("-Drealtime.demo.enabled=true", "-Drealtime.demo.ticker-rate=50",
            "-Drealtime.sse.heartbeat=1s", "-Drealtime.longpoll.max-wait=8s");
    static final Duration PAGE = Duration.ofSeconds(15);

    @Override
    List<String> hubSettings() {
        return SETTINGS;
    }

    @Test
    void chatSendsAndReceivesInSeveralRoomsOnOneSharedWebSocket() throws Exception {
        browser.open(payara.base.resolve("demos/chat.html"));
        String first = browser.tab();
        awaitBadge("websocket");
        send("hello from the first tab");
        browser.awaitTrue(messagesInclude("hello from the first tab"), PAGE);

        // A second tab: the room's history comes along, the connection is shared.
        String second = browser.newTab(payara.base.resolve("demos/chat.html").toString());
        browser.awaitTrue("document.getElementById('badge').textContent.includes('shared from another tab')", PAGE);
        browser.awaitTrue(messagesInclude("hello from the first tab"), PAGE);
        HubClient.await("two tabs on one WebSocket", Duration.ofSeconds(10),
                () -> hub.stats().getJsonObject("connections").getInt("websocket") == 1);

        // Another room, from the second tab: the first counts it unread, and shows it when opened.
        browser.click("[data-room=java]");
        send("a message in java");
        browser.awaitTrue(messagesInclude("a message in java"), PAGE);
        browser.switchTo(first);
        browser.awaitTrue("document.querySelector('[data-room=java] .unread').textContent === '1'", PAGE);
        browser.click("[data-room=java]");
        browser.awaitTrue(messagesInclude("a message in java"), PAGE);

        // A message from another application (Java, over HTTP) lands in the room too.
        hub.publish("chat.random", "{\"event\":\"chat\",\"data\":{\"user\":\"backend\",\"text\":\"from Java\"}}");
        browser.click("[data-room=random]");
        browser.awaitTrue(messagesInclude("from Java"), PAGE);
        browser.switchTo(second);
        assertTrue(browser.consoleLog().stream().noneMatch(l -> l.contains("Uncaught")), "no script errors");
    }

    @Test
    void tickerStreamsPricesOverSseWithoutGaps() throws Exception {
        browser.open(payara.base.resolve("demos/ticker.html"));
        awaitBadge("sse");
        browser.awaitTrue("Number(document.getElementById('count').textContent) >= 100", PAGE);
        assertEquals(8L, browser.script("return document.querySelectorAll('#quotes tr').length"), "eight symbols");
        assertEquals("0", browser.text("#gaps"));
        long lastId = Long.parseLong(browser.text("#last-id"));
        browser.awaitTrue("Number(document.getElementById('last-id').textContent) > " + (lastId + 20), PAGE);
        assertTrue(browser.text("#quotes tr[data-sym=ACME] td.px").matches("\\d+\\.\\d\\d"), "a price with two decimals");
    }

    @Test
    void uploadProgressIsFollowedByLongPollingAndSurvivesAReload() throws Exception {
        browser.open(payara.base.resolve("demos/upload.html"));
        awaitBadge("longpoll");
        browser.script("""
                const data = new Uint8Array(6 * 1024 * 1024);
                for (let i = 0; i < data.length; i += 65536) crypto.getRandomValues(data.subarray(i, i + 65536));
                uploadBlob(new Blob([data]), 'six.bin');""");
        browser.awaitTrue("document.querySelector('[data-job][data-phase=done]')", Duration.ofSeconds(30));
        assertEquals("true", browser.script("return document.querySelector('[data-job]').dataset.verified"),
                "the server's SHA-256 equals the page's");
        // Every step the server published reached the page, in order (data-phases: each phase once, as it began).
        assertEquals("created uploading processing done", browser.script("return document.querySelector('[data-job]').dataset.phases"));
        assertEquals(100L, browser.script("return document.querySelector('[data-job] progress').value"));

        // The state lives on the server: a reload shows the job as the server has it.
        browser.open(payara.base.resolve("demos/upload.html"));
        browser.awaitTrue("document.querySelector('[data-job][data-phase=done][data-verified=true]')", PAGE);
    }

    @Test
    void dashboardRefreshesTheHubsFiguresByShortPolling() throws Exception {
        browser.open(payara.base.resolve("demos/dashboard.html"));
        awaitBadge("shortpoll");
        browser.awaitTrue("document.getElementById('sample').textContent !== '–'", PAGE);
        long sample = Long.parseLong(browser.text("#sample"));
        browser.awaitTrue("Number(document.getElementById('sample').textContent) > " + sample, PAGE);
        assertTrue(browser.text("#heap").contains("MiB"), "heap shown: " + browser.text("#heap"));
        assertTrue(browser.text("#threads").matches("\\d+"), "threads shown");

        // A faster interval: a new client resumes where the old one was, and updates keep coming.
        browser.script("const s = document.getElementById('every'); s.value = '1'; s.dispatchEvent(new Event('change'));");
        long now = Long.parseLong(browser.text("#sample"));
        browser.awaitTrue("Number(document.getElementById('sample').textContent) >= " + (now + 2), PAGE);
        assertEquals("shortpoll", browser.script("return document.getElementById('badge').dataset.transport"));
    }

    @Test
    void transportLabMeasuresAllFourTransportsSideBySide() throws Exception {
        browser.open(payara.base.resolve("demos/lab.html"));
        for (String t : List.of("websocket", "sse", "longpoll", "shortpoll")) {
            browser.awaitTrue("Number(document.querySelector('[data-transport=" + t + "][data-figure=received]').textContent) >= 15",
                    Duration.ofSeconds(30));
        }
        Thread.sleep(3500); // past the "still on its way" window of the missing count
        for (String t : List.of("websocket", "sse", "longpoll", "shortpoll")) {
            assertEquals("open", figure(t, "state"), t);
            assertEquals("0", figure(t, "missing"), t + " missed messages");
            assertEquals("0", figure(t, "duplicates"), t + " showed duplicates");
            assertTrue(figure(t, "p50").endsWith(" ms"), t + " latency: " + figure(t, "p50"));
            assertTrue(figure(t, "bpm").matches("\\d+"), t + " bytes per message: " + figure(t, "bpm"));
        }
        // The measured figures tell the transports apart: polling costs requests, streaming does not.
        assertEquals("0", figure("websocket", "rpm"));
        assertTrue(Integer.parseInt(figure("shortpoll", "rpm")) >= 30, "short polls per minute: " + figure("shortpoll", "rpm"));
    }

    private String figure(String transport, String key) {
        return browser.script("return document.querySelector('[data-transport=" + transport + "][data-figure=" + key + "]').textContent")
                .toString();
    }

    private void awaitBadge(String transport) throws Exception {
        browser.awaitTrue("document.getElementById('badge').dataset.state === 'open' && document.getElementById('badge').dataset.transport === '"
                + transport + "'", PAGE);
    }

    private void send(String text) {
        browser.script("document.getElementById('text').value = arguments[0]; document.getElementById('send').click();", text);
    }

    private static String messagesInclude(String text) {
        return "document.getElementById('messages').textContent.includes('" + text + "')";
    }
}
