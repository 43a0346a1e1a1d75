package io.realtimehub.transport.poll;

import io.realtimehub.api.JsonBodies;
import io.realtimehub.engine.Cursor;
import io.realtimehub.engine.Engine;
import io.realtimehub.engine.Message;
import io.realtimehub.engine.Position;
import io.realtimehub.engine.Replay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one poll answers: every channel read from the cursor, within one message budget. */
final class PollBatch {

    private final Cursor cursor;
    private final List<Replay> replays;

    private PollBatch(Cursor cursor, List<Replay> replays) {
        this.cursor = cursor;
        this.replays = replays;
    }

    static PollBatch read(Engine engine, List<String> channels, Cursor cursor, int maxMessages) {
        List<Replay> replays = new ArrayList<>(channels.size());
        int budget = maxMessages;
        for (String channel : channels) {
            Replay r = engine.read(channel, cursor.get(channel), budget);
            replays.add(r);
            budget -= r.messages().size();
        }
        return new PollBatch(cursor, replays);
    }

    /** Worth answering before the wait ends: messages to deliver, or a loss to report. */
    boolean hasNews() {
        return replays.stream().anyMatch(r -> !r.messages().isEmpty() || !r.recovered());
    }

    /** Positions after this batch, for every listed channel. */
    Map<String, Position> ends() {
        Map<String, Position> ends = new LinkedHashMap<>();
        replays.forEach(r -> ends.put(r.channel(), r.end()));
        return ends;
    }

    /**
     * {@code {"cursor":…,"messages":[…],"channels":{…},"more":…}}. The envelopes are the messages'
     * own serialised JSON, spliced into the array rather than serialised again.
     */
    String toJson() {
        String newCursor = cursor.with(ends()).encode();
        boolean more = replays.stream().anyMatch(Replay::more);
        String head = JsonBodies.write(g -> {
            g.writeStartObject().write("cursor", newCursor).writeStartObject("channels");
            for (Replay r : replays) {
                g.writeStartObject(r.channel());
                JsonBodies.writeResume(g, r);
                g.writeEnd();
            }
            g.writeEnd().write("more", more).writeEnd();
        });
        StringBuilder body = new StringBuilder(head.length() + 256);
        body.append(head, 0, head.length() - 1).append(",\"messages\":[");
        boolean first = true;
        for (Replay r : replays) {
            for (Message m : r.messages()) {
                if (!first) {
                    body.append(',');
                }
                body.append(m.json());
                first = false;
            }
        }
        return body.append("]}").toString();
    }
}
