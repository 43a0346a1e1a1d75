package io.realtimehub.engine;

import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One accepted message. Its JSON envelope is produced once, when the message is accepted;
 * every transport and every subscriber writes that same string.
 */
public final class Message {

    /** ISO-8601 UTC, always with milliseconds, as the protocol fixes it. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String channel;
    private final long id;
    private final String event;
    private final Instant time;
    private final String json;
    private volatile String webSocketFrame;

    private Message(String channel, long id, String event, Instant time, String json) {
        this.channel = channel;
        this.id = id;
        this.event = event;
        this.time = time;
        this.json = json;
    }

    /** Builds the envelope of a newly accepted message. */
    public static Message create(String channel, long id, String event, JsonValue data, Instant time) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JsonCodec.generator(out)) {
            g.writeStartObject()
                    .write("channel", channel)
                    .write("id", id)
                    .write("event", event)
                    .write("data", data)
                    .write("time", TIME.format(time))
                    .writeEnd();
        }
        return new Message(channel, id, event, time, out.toString());
    }

    public String channel() {
        return channel;
    }

    public long id() {
        return id;
    }

    public String event() {
        return event;
    }

    public Instant time() {
        return time;
    }

    /** The envelope: {@code {"channel":…,"id":…,"event":…,"data":…,"time":…}}. */
    public String json() {
        return json;
    }

    /**
     * The WebSocket {@code message} frame: the envelope with {@code "type":"message"} in front.
     * Made from the already serialised envelope (a JSON object always starts with '{'), once per
     * message and only if a WebSocket subscriber needs it.
     */
    public String webSocketFrame() {
        String frame = webSocketFrame;
        if (frame == null) {
            frame = "{\"type\":\"message\"," + json.substring(1);
            webSocketFrame = frame;
        }
        return frame;
    }

    @Override
    public String toString() {
        return json;
    }
}
