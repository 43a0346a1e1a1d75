package io.realtimehub.engine;

import java.util.List;

/**
 * What a channel can give a client that resumes from a position: the retained messages after it,
 * and whether they are everything the client missed.
 *
 * @param recovered     false when messages after the position are lost (another epoch, or older
 *                      than the retained history); {@code messages} then start at {@code firstRetained}
 * @param firstRetained the oldest id still retained ({@code lastId + 1} when none is)
 * @param lastId        the channel's newest id (0 before its first message)
 * @param more          true when {@code messages} was cut at the caller's limit
 * @param endId         the id a client has reached once it has {@code messages}: the last of them,
 *                      or, when none could be given, the position delivery continues from
 */
public record Replay(String channel, String epoch, boolean recovered, long firstRetained, long lastId,
                     List<Message> messages, boolean more, long endId) {

    /** Where a client stands after receiving {@code messages}. */
    public Position end() {
        return new Position(epoch, endId);
    }
}
