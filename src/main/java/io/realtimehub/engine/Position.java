package io.realtimehub.engine;

import java.util.Objects;

/**
 * A place in one channel: the last message id a client has seen within an epoch.
 * Id 0 means "before the first message of the epoch".
 */
public record Position(String epoch, long id) {

    public Position {
        Objects.requireNonNull(epoch, "epoch");
        if (id < 0) {
            throw new IllegalArgumentException("id must not be negative: " + id);
        }
    }
}
