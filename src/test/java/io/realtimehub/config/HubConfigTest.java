package io.realtimehub.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.realtimehub.config.HubConfig.ClusterMode;
import io.realtimehub.config.HubConfig.HazelcastSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HubConfigTest {

    /** A source backed by a map of setting keys (e.g. {@code realtime.history.size}) to raw values. */
    private static SettingSource source(Map<String, String> values) {
        return s -> values.get(s.key());
    }

    private static HubConfig load(Map<String, String> values) {
        return HubConfig.load(source(values));
    }

    private static IllegalArgumentException refused(Map<String, String> values) {
        return assertThrows(IllegalArgumentException.class, () -> load(values));
    }

    @Test
    void defaultsMatchTheDocumentedValues() {
        HubConfig c = HubConfig.defaults();
        assertEquals(ClusterMode.NONE, c.cluster());
        assertEquals(1000, c.historySize());
        assertEquals(Duration.ofMinutes(10), c.historyTtl());
        assertEquals(65536, c.messageMaxBytes());
        assertEquals(Duration.ofSeconds(30), c.longPollMaxWait());
        assertEquals(1000, c.pollMaxMessages());
        assertEquals(Duration.ofSeconds(15), c.sseHeartbeat());
        assertEquals(Duration.ofSeconds(2), c.sseRetry());
        assertEquals(Duration.ofSeconds(25), c.webSocketPingInterval());
        assertEquals(20, c.webSocketMaxErrors());
        assertEquals(1024, c.connectionQueueSize());
        assertEquals(100, c.connectionMaxChannels());
        assertEquals("", c.publishToken());
        assertEquals(0, c.publishRate());
        assertEquals(HazelcastSource.AUTO, c.hazelcastInstance());
        assertEquals("payara/Hazelcast", c.hazelcastJndiName());
        assertEquals(List.of(), c.hazelcastMembers());
        assertEquals("realtime-hub", c.hazelcastClusterName());
        assertEquals(5701, c.hazelcastPort());
        assertEquals(16, c.sseWriterThreads());
        assertFalse(c.demoEnabled());
        assertEquals(20, c.demoTickerRate());
        assertEquals(64 * 1024 * 1024, c.demoUploadMaxBytes());
    }

    @Test
    void defaultsAreTheSettingDefaultValues() {
        HubConfig c = HubConfig.defaults();
        assertEquals(Setting.CLUSTER.defaultValue(), c.cluster().name().toLowerCase(java.util.Locale.ROOT));
        assertEquals(Integer.parseInt(Setting.HISTORY_SIZE.defaultValue()), c.historySize());
        assertEquals(HubConfig.parseDuration(Setting.HISTORY_TTL.defaultValue()), c.historyTtl());
        assertEquals(Integer.parseInt(Setting.MESSAGE_MAX_BYTES.defaultValue()), c.messageMaxBytes());
        assertEquals(HubConfig.parseDuration(Setting.LONGPOLL_MAX_WAIT.defaultValue()), c.longPollMaxWait());
        assertEquals(HubConfig.parseDuration(Setting.SSE_HEARTBEAT.defaultValue()), c.sseHeartbeat());
        assertEquals(Integer.parseInt(Setting.CONNECTION_QUEUE_SIZE.defaultValue()), c.connectionQueueSize());
        assertEquals(Setting.PUBLISH_TOKEN.defaultValue(), c.publishToken());
        assertEquals(Integer.parseInt(Setting.PUBLISH_RATE.defaultValue()), c.publishRate());
        // An empty source and one that returns null for everything are the same thing.
        assertEquals(c, load(Map.of()));
    }

    @Test
    void settingsOverrideDefaults() {
        HubConfig c = load(Map.of(
                "realtime.history.size", "5",
                "realtime.history.ttl", "2m",
                "realtime.message.max-bytes", "100",
                "realtime.longpoll.max-wait", "500ms",
                "realtime.sse.heartbeat", "1h",
                "realtime.publish.token", "secret",
                "realtime.publish.rate", "7",
                "realtime.hazelcast.members", " a:1 , b:2,, ",
                "realtime.hazelcast.instance", "Client"));
        assertEquals(5, c.historySize());
        assertEquals(Duration.ofMinutes(2), c.historyTtl());
        assertEquals(100, c.messageMaxBytes());
        assertEquals(Duration.ofMillis(500), c.longPollMaxWait());
        assertEquals(Duration.ofHours(1), c.sseHeartbeat());
        assertEquals("secret", c.publishToken());
        assertEquals(7, c.publishRate());
        assertEquals(List.of("a:1", "b:2"), c.hazelcastMembers());
        assertEquals(HazelcastSource.CLIENT, c.hazelcastInstance());
        // Untouched settings keep their defaults.
        assertEquals(1000, c.pollMaxMessages());
    }

    @Test
    void valuesAreTrimmed() {
        HubConfig c = load(Map.of("realtime.history.size", "  42 ", "realtime.sse.heartbeat", " 3s\t"));
        assertEquals(42, c.historySize());
        assertEquals(Duration.ofSeconds(3), c.sseHeartbeat());
    }

    @ParameterizedTest
    @CsvSource({
        "500ms, 500",
        "15s, 15000",
        "2m, 120000",
        "1h, 3600000",
        "0ms, 0",
        "999999999ms, 999999999",
        "' 15s ', 15000",
    })
    void durationsParse(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), HubConfig.parseDuration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"15", "", "s", "15 s", "1.5s", "-1s", "15S", "15sec", "1d", "PT15S", "1000000000ms", "1h30m"})
    void badDurationsAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> HubConfig.parseDuration(text));
    }

    @ParameterizedTest
    @CsvSource({
        "realtime.history.size, abc",
        "realtime.history.size, 0",
        "realtime.history.size, -5",
        "realtime.history.size, 1.5",
        "realtime.history.size, 10000001",
        "realtime.history.size, 99999999999999999999",
        "realtime.message.max-bytes, ''",
        "realtime.publish.rate, -1",
        "realtime.hazelcast.port, 65536",
        "realtime.sse.heartbeat, 15",
        "realtime.sse.heartbeat, 99ms",
        "realtime.history.ttl, 0ms",
        "realtime.longpoll.max-wait, forever",
        "realtime.cluster, galaxy",
        "realtime.cluster, ''",
        "realtime.hazelcast.instance, remote",
        "realtime.demo.enabled, yes",
        "realtime.demo.enabled, ''",
        "realtime.demo.ticker-rate, 0",
        "realtime.demo.ticker-rate, 1001",
        "realtime.demo.upload-max-bytes, 0",
        "realtime.demo.upload-max-bytes, 1073741825",
    })
    void badValueIsReportedWithItsKey(String key, String value) {
        IllegalArgumentException e = refused(Map.of(key, value));
        assertTrue(e.getMessage().contains(key + "=" + value), e.getMessage());
    }

    @Test
    void boundaryValuesAreAccepted() {
        HubConfig c = load(Map.of(
                "realtime.history.size", "1",
                "realtime.publish.rate", "0",
                "realtime.hazelcast.port", "65535",
                "realtime.sse.heartbeat", "100ms",
                "realtime.history.ttl", "1ms"));
        assertEquals(1, c.historySize());
        assertEquals(0, c.publishRate());
        assertEquals(65535, c.hazelcastPort());
        assertEquals(Duration.ofMillis(100), c.sseHeartbeat());
        assertEquals(Duration.ofMillis(1), c.historyTtl());
    }

    @ParameterizedTest
    @CsvSource({"true, true", "TRUE, true", "' false ', false", "False, false"})
    void demoSwitchTakesTrueOrFalseInAnyCase(String value, boolean expected) {
        assertEquals(expected, load(Map.of("realtime.demo.enabled", value)).demoEnabled());
    }

    @Test
    void demoSettingsOverrideDefaults() {
        HubConfig c = load(Map.of("realtime.demo.enabled", "true", "realtime.demo.ticker-rate", "1000",
                "realtime.demo.upload-max-bytes", "8388608"));
        assertTrue(c.demoEnabled());
        assertEquals(1000, c.demoTickerRate());
        assertEquals(8 * 1024 * 1024, c.demoUploadMaxBytes());
    }

    @Test
    void unknownClusterModeListsTheAcceptedOnes() {
        IllegalArgumentException e = refused(Map.of("realtime.cluster", "galaxy"));
        assertTrue(e.getMessage().contains("realtime.cluster"), e.getMessage());
        assertTrue(e.getMessage().contains("none, sticky, shared"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"none, NONE", "NONE, NONE", "sticky, STICKY", "Shared, SHARED"})
    void clusterModesAreCaseInsensitive(String value, ClusterMode expected) {
        assertEquals(expected, load(Map.of("realtime.cluster", value)).cluster());
    }

    @Test
    void everyBadValueIsReportedInOneMessage() {
        Map<String, String> values = new HashMap<>();
        values.put("realtime.history.size", "abc");
        values.put("realtime.sse.heartbeat", "15");
        values.put("realtime.cluster", "galaxy");
        values.put("realtime.connection.queue-size", "0");
        values.put("realtime.message.max-bytes", "65536"); // fine, must not be reported
        IllegalArgumentException e = refused(values);
        String message = e.getMessage();
        assertTrue(message.contains("realtime.history.size=abc"), message);
        assertTrue(message.contains("realtime.sse.heartbeat=15"), message);
        assertTrue(message.contains("realtime.cluster=galaxy"), message);
        assertTrue(message.contains("realtime.connection.queue-size=0"), message);
        assertFalse(message.contains("realtime.message.max-bytes"), message);
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() {
        assertEquals("REALTIME_HISTORY_SIZE", Setting.HISTORY_SIZE.environmentName());
        assertEquals("REALTIME_MESSAGE_MAX_BYTES", Setting.MESSAGE_MAX_BYTES.environmentName());
        assertEquals("REALTIME_WEBSOCKET_PING_INTERVAL", Setting.WEBSOCKET_PING.environmentName());
        for (Setting s : Setting.values()) {
            assertTrue(s.environmentName().matches("REALTIME_[A-Z_]+"), s.environmentName());
        }
    }
}
