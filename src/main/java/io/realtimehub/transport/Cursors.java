package io.realtimehub.transport;

import io.realtimehub.engine.Cursor;
import io.realtimehub.engine.ErrorCode;
import io.realtimehub.engine.HubException;
import io.realtimehub.engine.Names;
import io.realtimehub.engine.Position;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a poll or SSE request starts: the opaque cursor the hub handed out, and the plain
 * per-channel places ({@code from=<channel>~<epoch>~<id>}) a client carries over from another
 * transport. Both parse here, with the protocol's errors.
 */
public final class Cursors {

    private static final String FROM_SHAPE = "from must be <channel>~<epoch>~<id>";

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

    /**
     * The starting positions of a request: the {@code from} places, with the cursor's positions put
     * over them. The cursor wins because EventSource reconnects with the same URL and a newer
     * {@code Last-Event-ID}; the URL's places must not take the client back.
     */
    public static Cursor start(List<String> from, String encodedCursor) {
        Cursor places = places(from);
        Cursor cursor = parse(encodedCursor);
        return places.positions().isEmpty() ? cursor : places.with(cursor.positions());
    }

    /**
     * {@code from} parameters, each {@code <channel>~<epoch>~<id>}: "I have everything up to id of
     * epoch in channel", as a WebSocket subscribe with {@code after} and {@code epoch}. When a
     * channel comes twice, the last one wins. ({@code ~} occurs in neither names nor epochs.)
     */
    public static Cursor places(List<String> from) {
        if (from == null || from.isEmpty()) {
            return Cursor.EMPTY;
        }
        Map<String, Position> places = new LinkedHashMap<>();
        for (String place : from) {
            String[] f = place.split("~", -1);
            if (f.length != 3) {
                throw invalidFrom("", place);
            }
            if (!Names.isChannel(f[0])) {
                throw invalidFrom(", with a channel name of 1-128 characters from [A-Za-z0-9._:-]", place);
            }
            if (!Names.isEpoch(f[1])) {
                throw invalidFrom(", with an epoch of 1-64 characters from [A-Za-z0-9._:-]", place);
            }
            if (!Cursor.isId(f[2])) {
                throw invalidFrom(", with id a whole number of at most 18 digits", place);
            }
            places.put(f[0], new Position(f[1], Long.parseLong(f[2])));
        }
        return Cursor.of(places);
    }

    private static HubException invalidFrom(String detail, String place) {
        String shown = place.length() <= 256 ? place : place.substring(0, 256) + "…";
        return ErrorCode.INVALID_PARAMETER.exception(FROM_SHAPE + detail + "; got \"" + shown + "\"");
    }
}
