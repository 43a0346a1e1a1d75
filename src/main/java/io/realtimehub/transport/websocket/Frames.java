package io.realtimehub.transport.websocket;

import io.realtimehub.api.JsonBodies;
import io.realtimehub.engine.HubException;
import io.realtimehub.engine.Message;
import io.realtimehub.engine.Replay;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.util.List;

/** The hub's outgoing WebSocket frames. */
final class Frames {

    private Frames() {
    }

    static String subscribed(Replay r) {
        return JsonBodies.write(g -> {
            g.writeStartObject().write("type", "subscribed").write("channel", r.channel());
            JsonBodies.writeResume(g, r);
            g.writeEnd();
        });
    }

    static String unsubscribed(String channel) {
        return JsonBodies.write(g -> g.writeStartObject().write("type", "unsubscribed").write("channel", channel).writeEnd());
    }

    static String ack(JsonValue ref, Message m) {
        return JsonBodies.write(g -> {
            g.writeStartObject().write("type", "ack");
            writeRef(g, ref);
            g.write("channel", m.channel()).write("id", m.id()).writeEnd();
        });
    }

    static String pong(JsonValue ref) {
        return JsonBodies.write(g -> {
            g.writeStartObject().write("type", "pong");
            writeRef(g, ref);
            g.writeEnd();
        });
    }

    static String error(HubException e, JsonValue ref) {
        return JsonBodies.write(g -> {
            g.writeStartObject().write("type", "error").write("code", e.code().code()).write("message", e.getMessage());
            writeRef(g, ref);
            g.writeEnd();
        });
    }

    /**
     * {@code {"type":"batch","messages":[envelope,…]}} for clients that asked for batches. The
     * envelopes are spliced in as serialised when the messages were accepted.
     */
    static String batch(List<Message> messages) {
        int size = 32;
        for (Message m : messages) {
            size += m.json().length() + 1;
        }
        StringBuilder frame = new StringBuilder(size).append("{\"type\":\"batch\",\"messages\":[");
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                frame.append(',');
            }
            frame.append(messages.get(i).json());
        }
        return frame.append("]}").toString();
    }

    private static void writeRef(JsonGenerator g, JsonValue ref) {
        if (ref != null) {
            g.write("ref", ref);
        }
    }
}
