package io.realtimehub.engine;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.OutputStream;

/**
 * A publish request that passed every check of the contract; HTTP and WebSocket publishing share
 * it so both refuse the same things with the same codes. A refused publication never reaches the
 * engine, so it consumes no id.
 */
public record Publication(String channel, String event, JsonValue data) {

    /**
     * Validates {@code {"event":…,"data":…}} for a channel.
     *
     * @param maxBytes the largest allowed size of {@code data}, serialised
     */
    public static Publication of(String channel, JsonValue body, int maxBytes) {
        requireChannel(channel);
        if (!(body instanceof JsonObject object)) {
            throw ErrorCode.INVALID_JSON.exception("the body must be a JSON object with \"data\" and an optional \"event\"");
        }
        String event = Names.DEFAULT_EVENT;
        JsonValue eventValue = object.get("event");
        if (eventValue != null && eventValue != JsonValue.NULL) {
            if (!(eventValue instanceof JsonString s) || !Names.isEvent(s.getString())) {
                throw ErrorCode.INVALID_EVENT.exception("\"event\" must be a string of 1-64 characters from [A-Za-z0-9._:-]");
            }
            event = s.getString();
            if (Names.isReserved(event)) {
                throw ErrorCode.RESERVED_EVENT.exception("the event name \"" + event + "\" is reserved by the hub");
            }
        }
        if (!object.containsKey("data")) {
            throw ErrorCode.MISSING_DATA.exception("\"data\" is required (any JSON value)");
        }
        JsonValue data = object.get("data");
        long size = serialisedSize(data);
        if (size > maxBytes) {
            throw ErrorCode.TOO_LARGE.exception("\"data\" is " + size + " bytes serialised; the limit is " + maxBytes);
        }
        return new Publication(channel, event, data);
    }

    /**
     * The most bytes a publish request may take on the wire. The raw JSON may hold whitespace and
     * escapes that serialise smaller, so it may exceed the data limit; this bound only stops a
     * client from making the hub buffer without end.
     */
    public static int rawLimit(int maxBytes) {
        return (int) Math.min(Integer.MAX_VALUE - 16, (long) maxBytes * 6 + 4096);
    }

    /** The name, if it is a valid channel name; otherwise the protocol's {@code invalid_channel}. */
    public static String requireChannel(String channel) {
        if (!Names.isChannel(channel)) {
            throw invalidChannel(channel);
        }
        return channel;
    }

    public static HubException invalidChannel(String channel) {
        return ErrorCode.INVALID_CHANNEL.exception("channel names are 1-128 characters from [A-Za-z0-9._:-]"
                + (channel == null ? "" : "; got \"" + abbreviate(channel) + "\""));
    }

    public Message publishTo(Engine engine) {
        return engine.publish(channel, event, data);
    }

    private static long serialisedSize(JsonValue value) {
        CountingStream counter = new CountingStream();
        try (JsonGenerator g = JsonCodec.generator(counter)) {
            g.write(value);
        }
        return counter.count;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
