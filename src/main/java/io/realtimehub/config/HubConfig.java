package io.realtimehub.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every setting, parsed and validated once at start-up. A bad value fails deployment with a
 * message naming the setting.
 */
public record HubConfig(
        ClusterMode cluster,
        int historySize,
        Duration historyTtl,
        int messageMaxBytes,
        Duration longPollMaxWait,
        int pollMaxMessages,
        Duration sseHeartbeat,
        Duration sseRetry,
        Duration webSocketPingInterval,
        int webSocketMaxErrors,
        int connectionQueueSize,
        int connectionMaxChannels,
        String publishToken,
        int publishRate,
        HazelcastSource hazelcastInstance,
        String hazelcastJndiName,
        List<String> hazelcastMembers,
        String hazelcastClusterName,
        int hazelcastPort,
        int sseWriterThreads,
        boolean demoEnabled,
        int demoTickerRate,
        int demoUploadMaxBytes) {

    public enum ClusterMode { NONE, STICKY, SHARED }

    public enum HazelcastSource { AUTO, SERVER, EMBEDDED, CLIENT }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    public static HubConfig defaults() {
        return load(s -> null);
    }

    /** Reads and checks every setting; reports all bad values at once. */
    public static HubConfig load(SettingSource source) {
        Parser p = new Parser(source);
        HubConfig config = new HubConfig(
                p.cluster(),
                p.integer(Setting.HISTORY_SIZE, 1, 10_000_000),
                p.duration(Setting.HISTORY_TTL, Duration.ofMillis(1)),
                p.integer(Setting.MESSAGE_MAX_BYTES, 1, 64 * 1024 * 1024),
                p.duration(Setting.LONGPOLL_MAX_WAIT, Duration.ofMillis(1)),
                p.integer(Setting.POLL_MAX_MESSAGES, 1, 1_000_000),
                p.duration(Setting.SSE_HEARTBEAT, Duration.ofMillis(100)),
                p.duration(Setting.SSE_RETRY, Duration.ofMillis(1)),
                p.duration(Setting.WEBSOCKET_PING, Duration.ofMillis(100)),
                p.integer(Setting.WEBSOCKET_MAX_ERRORS, 1, 1_000_000),
                p.integer(Setting.CONNECTION_QUEUE_SIZE, 1, 10_000_000),
                p.integer(Setting.CONNECTION_MAX_CHANNELS, 1, 100_000),
                p.text(Setting.PUBLISH_TOKEN),
                p.integer(Setting.PUBLISH_RATE, 0, 10_000_000),
                p.choice(Setting.HAZELCAST_INSTANCE, HazelcastSource.class, HazelcastSource.AUTO),
                p.text(Setting.HAZELCAST_JNDI_NAME),
                p.list(Setting.HAZELCAST_MEMBERS),
                p.text(Setting.HAZELCAST_CLUSTER_NAME),
                p.integer(Setting.HAZELCAST_PORT, 1, 65535),
                p.integer(Setting.SSE_WRITER_THREADS, 1, 1024),
                p.bool(Setting.DEMO_ENABLED),
                p.integer(Setting.DEMO_TICKER_RATE, 1, 1000),
                p.integer(Setting.DEMO_UPLOAD_MAX_BYTES, 1, 1024 * 1024 * 1024));
        if (!p.problems.isEmpty()) {
            throw new IllegalArgumentException("Realtime Hub configuration is invalid: " + String.join("; ", p.problems));
        }
        return config;
    }

    /** Parses {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}. */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a number with a unit (ms, s, m, h), e.g. 15s");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static final class Parser {
        final SettingSource source;
        final List<String> problems = new ArrayList<>();

        Parser(SettingSource source) {
            this.source = source;
        }

        String raw(Setting s) {
            String v = source.get(s);
            return v == null ? s.defaultValue() : v.trim();
        }

        ClusterMode cluster() {
            return choice(Setting.CLUSTER, ClusterMode.class, ClusterMode.NONE);
        }

        <E extends Enum<E>> E choice(Setting s, Class<E> type, E fallback) {
            String v = raw(s);
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                List<String> names = java.util.Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
                problems.add(s.key() + "=" + v + ": expected one of " + String.join(", ", names));
                return fallback;
            }
        }

        List<String> list(Setting s) {
            return java.util.Arrays.stream(raw(s).split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        }

        int integer(Setting s, int min, int max) {
            String v = raw(s);
            try {
                long n = Long.parseLong(v);
                if (n < min || n > max) {
                    problems.add(s.key() + "=" + v + ": expected a whole number from " + min + " to " + max);
                    return min;
                }
                return (int) n;
            } catch (NumberFormatException e) {
                problems.add(s.key() + "=" + v + ": expected a whole number from " + min + " to " + max);
                return min;
            }
        }

        Duration duration(Setting s, Duration min) {
            String v = raw(s);
            try {
                Duration d = parseDuration(v);
                if (d.compareTo(min) < 0) {
                    problems.add(s.key() + "=" + v + ": must be at least " + min.toMillis() + "ms");
                    return min;
                }
                return d;
            } catch (IllegalArgumentException e) {
                problems.add(s.key() + "=" + v + ": " + e.getMessage());
                return min;
            }
        }

        boolean bool(Setting s) {
            String v = raw(s);
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
            }
            problems.add(s.key() + "=" + v + ": expected true or false");
            return false;
        }

        String text(Setting s) {
            return raw(s);
        }
    }
}
