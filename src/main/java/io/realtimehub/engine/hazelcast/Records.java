package io.realtimehub.engine.hazelcast;

import io.realtimehub.engine.JsonCodec;
import io.realtimehub.engine.JsonInput;
import io.realtimehub.engine.Message;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.time.Instant;

/**
 * What travels through Hazelcast: a message without its id, as a JSON string
 * {@code {"c":channel,"e":event,"t":epochMillis,"d":data}}, plus {@code "n":node} when relayed
 * between nodes. Only strings go into the grid, so no application class must ever be loadable by
 * the server's own Hazelcast members.
 */
final class Records {

    private Records() {
    }

    static String encode(String channel, String event, JsonValue data, Instant time) {
        return encode(null, channel, event, data, time);
    }

    static String encode(String node, String channel, String event, JsonValue data, Instant time) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = JsonCodec.generator(out)) {
            g.writeStartObject();
            if (node != null) {
                g.write("n", node);
            }
            g.write("c", channel).write("e", event).write("t", time.toEpochMilli()).write("d", data).writeEnd();
        }
        return out.toString();
    }

    static JsonObject decode(String record) {
        return (JsonObject) JsonInput.parse(record);
    }

    static Instant time(JsonObject record) {
        return Instant.ofEpochMilli(record.getJsonNumber("t").longValue());
    }

    /** The message a record becomes once the grid has given it an id. */
    static Message toMessage(JsonObject record, long id) {
        return Message.create(record.getString("c"), id, record.getString("e"), record.get("d"), time(record));
    }
}
