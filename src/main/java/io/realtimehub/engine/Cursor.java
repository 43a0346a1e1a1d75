package io.realtimehub.engine;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Positions in any number of channels, carried by clients as one opaque, URL-safe string.
 *
 * <p>Encoding: the lines {@code channel SP epoch SP id}, joined by LF, in UTF-8, as unpadded
 * base64url after a version letter. Channel names and epochs cannot hold a space or LF, so the
 * text needs no escaping. Clients must not rely on any of this.
 */
public final class Cursor {

    private static final char VERSION = 'c';
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** Decoding refuses anything longer: a cursor of many channels stays far below it. */
    private static final int MAX_ENCODED_LENGTH = 64 * 1024;

    public static final Cursor EMPTY = new Cursor(Map.of());

    private final Map<String, Position> positions;

    private Cursor(Map<String, Position> positions) {
        this.positions = positions;
    }

    public static Cursor of(Map<String, Position> positions) {
        return new Cursor(Collections.unmodifiableMap(new LinkedHashMap<>(positions)));
    }

    /** The position in a channel, or null when the cursor does not cover it ("from now"). */
    public Position get(String channel) {
        return positions.get(channel);
    }

    public Map<String, Position> positions() {
        return positions;
    }

    /** This cursor with some positions replaced or added; the others are kept. */
    public Cursor with(Map<String, Position> updates) {
        Map<String, Position> merged = new LinkedHashMap<>(positions);
        merged.putAll(updates);
        return of(merged);
    }

    public String encode() {
        return encode(positions);
    }

    /** Encodes positions without building a Cursor first (the SSE hot path). */
    public static String encode(Map<String, Position> positions) {
        StringBuilder text = new StringBuilder(32 * Math.max(1, positions.size()));
        for (Map.Entry<String, Position> e : positions.entrySet()) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(e.getKey()).append(' ').append(e.getValue().epoch()).append(' ').append(e.getValue().id());
        }
        return VERSION + ENCODER.encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses a cursor the hub handed out.
     *
     * @throws IllegalArgumentException with a reason a client can act on
     */
    public static Cursor decode(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return EMPTY;
        }
        if (encoded.length() > MAX_ENCODED_LENGTH || encoded.charAt(0) != VERSION) {
            throw new IllegalArgumentException("not a cursor issued by this hub");
        }
        String text;
        try {
            text = new String(DECODER.decode(encoded.substring(1)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor issued by this hub");
        }
        Map<String, Position> positions = new LinkedHashMap<>();
        if (!text.isEmpty()) {
            for (String line : text.split("\n", -1)) {
                String[] f = line.split(" ", -1);
                if (f.length != 3 || !Names.isChannel(f[0]) || !Names.isEpoch(f[1]) || !isId(f[2])) {
                    throw new IllegalArgumentException("not a cursor issued by this hub");
                }
                positions.put(f[0], new Position(f[1], Long.parseLong(f[2])));
            }
        }
        return of(positions);
    }

    /** Whether the text is an id as cursors carry it: 1-18 digits, so it always fits a long. */
    public static boolean isId(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cursor c && c.positions.equals(positions);
    }

    @Override
    public int hashCode() {
        return positions.hashCode();
    }

    @Override
    public String toString() {
        return positions.toString();
    }
}
