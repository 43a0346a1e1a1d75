package io.realtimehub.config;

/**
 * Every {@code realtime.*} setting: its name, default and meaning. README.md's settings table is
 * this list; {@code SettingsDocumentedTest} keeps the two in step.
 */
public enum Setting {
    CLUSTER("realtime.cluster", "none",
            "`none`: one node, no Hazelcast. `sticky`: history per node, live messages relayed between nodes over a Hazelcast topic; a client that changes node resumes with `recovered:false`. `shared`: history, ids and epochs in Hazelcast (a Ringbuffer per channel); any node serves any client."),
    HISTORY_SIZE("realtime.history.size", "1000",
            "Messages retained per channel for resume (at least 1; the latest is always kept)."),
    HISTORY_TTL("realtime.history.ttl", "10m",
            "Age after which retained messages are dropped, except each channel's latest."),
    MESSAGE_MAX_BYTES("realtime.message.max-bytes", "65536",
            "Largest `data` of one message, in bytes as serialised JSON; larger publishes get `413`."),
    LONGPOLL_MAX_WAIT("realtime.longpoll.max-wait", "30s",
            "Longest a long poll is held; a larger `wait` is capped to it."),
    POLL_MAX_MESSAGES("realtime.poll.max-messages", "1000",
            "Most messages in one poll response; with more waiting the response says `\"more\":true`."),
    SSE_HEARTBEAT("realtime.sse.heartbeat", "15s",
            "Interval of the SSE comment line that keeps proxies from closing an idle stream."),
    SSE_RETRY("realtime.sse.retry", "2s",
            "Reconnection delay sent to `EventSource` in the stream's first `retry:` field."),
    WEBSOCKET_PING("realtime.websocket.ping-interval", "25s",
            "Interval of WebSocket ping frames that detect dead connections and keep proxies open."),
    WEBSOCKET_MAX_ERRORS("realtime.websocket.max-errors", "20",
            "Error frames one connection may earn within 10 s before it is closed with code 1008."),
    CONNECTION_QUEUE_SIZE("realtime.connection.queue-size", "1024",
            "Messages one SSE or WebSocket connection may have waiting; beyond it the connection is closed as a slow consumer."),
    CONNECTION_MAX_CHANNELS("realtime.connection.max-channels", "100",
            "Channels one connection, SSE stream or poll may subscribe to."),
    PUBLISH_TOKEN("realtime.publish.token", "",
            "When set, publishing needs `Authorization: Bearer <token>` (`401` without, `403` when wrong); WebSocket clients pass it as `?token=`."),
    PUBLISH_RATE("realtime.publish.rate", "0",
            "Publishes per second allowed per client address (HTTP) or connection (WebSocket), burst of the same size; `0` is unlimited. Over it: `429`."),
    HAZELCAST_INSTANCE("realtime.hazelcast.instance", "auto",
            "Which Hazelcast `sticky`/`shared` use: `server` (the server's own, looked up in JNDI), `embedded` (a member the hub starts), `client` (of an external cluster), or `auto` (`server`, else `embedded`)."),
    HAZELCAST_JNDI_NAME("realtime.hazelcast.jndi-name", "payara/Hazelcast",
            "JNDI name of the server's Hazelcast instance (Payara's Domain Data Grid)."),
    HAZELCAST_MEMBERS("realtime.hazelcast.members", "",
            "Comma-separated `host:port` list: the TCP/IP members an embedded member joins, or the addresses a client connects to. Multicast is never used."),
    HAZELCAST_CLUSTER_NAME("realtime.hazelcast.cluster-name", "realtime-hub",
            "Cluster name of an embedded member or client."),
    HAZELCAST_PORT("realtime.hazelcast.port", "5701",
            "First port an embedded member tries (it counts up when taken)."),
    SSE_WRITER_THREADS("realtime.sse.writer-threads", "16",
            "Threads that write SSE streams. JAX-RS SSE writes block while a client's socket is full, so a stalled client can hold one until it is closed; WebSocket writes are asynchronous and use none of these."),
    DEMO_ENABLED("realtime.demo.enabled", "false",
            "`true` runs the server side of the demo applications: the `demo.ticker` and `demo.stats` feeds and the upload endpoints under `/api/demo/uploads` (see *Demo applications*). `false`: none of it runs and `/api/demo/…` answers `404`."),
    DEMO_TICKER_RATE("realtime.demo.ticker-rate", "20",
            "Messages per second on the demo channel `demo.ticker`, over all its symbols (1 to 1000)."),
    DEMO_UPLOAD_MAX_BYTES("realtime.demo.upload-max-bytes", "67108864",
            "Largest file the demo upload accepts (64 MiB); a larger one gets `413` and a `failed` message on its progress channel.");

    private final String key;
    private final String defaultValue;
    private final String meaning;

    Setting(String key, String defaultValue, String meaning) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }

    /** The environment variable that can also set it: {@code realtime.history.size} → {@code REALTIME_HISTORY_SIZE}. */
    public String environmentName() {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
