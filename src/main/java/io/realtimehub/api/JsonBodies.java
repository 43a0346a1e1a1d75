package io.realtimehub.api;

import io.realtimehub.engine.ChannelState;
import io.realtimehub.engine.ErrorCode;
import io.realtimehub.engine.Replay;
import io.realtimehub.engine.JsonCodec;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringWriter;
import java.util.function.Consumer;

/** JSON bodies the HTTP endpoints share, written with JSON-P. */
public final class JsonBodies {

    private JsonBodies() {
    }

    public static String write(Consumer<JsonGenerator> body) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JsonCodec.generator(out)) {
            body.accept(g);
        }
        return out.toString();
    }

    /** {@code {"error":code,"message":text}} */
    public static String error(String code, String message) {
        return write(g -> g.writeStartObject().write("error", code).write("message", message).writeEnd());
    }

    public static Response errorResponse(ErrorCode code, String message) {
        return Response.status(code.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(error(code.code(), message)).build();
    }

    public static String channelState(ChannelState s) {
        // "last" is the message's own envelope, already serialised: it is spliced in, not rewritten.
        String head = write(g -> g.writeStartObject()
                .write("channel", s.channel())
                .write("epoch", s.epoch())
                .write("firstRetained", s.firstRetained())
                .write("lastId", s.lastId())
                .writeEnd());
        return head.substring(0, head.length() - 1) + ",\"last\":" + (s.last() == null ? "null" : s.last().json()) + "}";
    }

    /**
     * A channel's resume outcome, shared by poll responses and SSE/WebSocket {@code subscribed}
     * events: {@code epoch}, {@code recovered}, {@code lastId}, and {@code firstRetained} when
     * something was lost.
     */
    public static void writeResume(JsonGenerator g, Replay r) {
        g.write("epoch", r.epoch()).write("recovered", r.recovered()).write("lastId", r.lastId());
        if (!r.recovered()) {
            g.write("firstRetained", r.firstRetained());
        }
    }
}
