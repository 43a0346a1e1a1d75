package io.realtimehub.transport;

import io.realtimehub.engine.Cursor;
import io.realtimehub.engine.ErrorCode;

/** Cursor parsing with the protocol's error. */
public final class Cursors {

    private Cursors() {
    }

    public static Cursor parse(String encoded) {
        try {
            return Cursor.decode(encoded);
        } catch (IllegalArgumentException e) {
            throw ErrorCode.INVALID_CURSOR.exception("invalid cursor: " + e.getMessage()
                    + "; pass back a cursor exactly as the hub gave it, or none to start from now");
        }
    }
}
