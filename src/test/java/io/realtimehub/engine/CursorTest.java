package io.realtimehub.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {

    /** Builds a cursor string by hand, the way the hub encodes one, from arbitrary text. */
    private static String forge(String text) {
        return "c" + Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Position> manyChannels() {
        Map<String, Position> positions = new LinkedHashMap<>();
        positions.put("prices", new Position("e1", 0));
        positions.put("user:42", new Position("2026-11-23T10:15:30.123Z", 7));
        positions.put("a.b.c", new Position("epoch-1", 123_456_789_012L));
        positions.put("with-dash", new Position("E_2", 1));
        positions.put("under_score", new Position("x", 999_999_999_999_999_999L));
        positions.put("Mixed:Case.name-1_2", new Position("A.b:c-d_e", 42));
        positions.put("x".repeat(Names.MAX_CHANNEL_LENGTH), new Position("y".repeat(Names.MAX_EPOCH_LENGTH), 3));
        for (int i = 0; i < 200; i++) {
            positions.put("ch:" + i, new Position("ep." + (i % 7), i));
        }
        return positions;
    }

    @Test
    void roundTripsManyChannels() {
        Map<String, Position> positions = manyChannels();
        Cursor cursor = Cursor.of(positions);
        Cursor decoded = Cursor.decode(cursor.encode());
        assertEquals(cursor, decoded);
        assertEquals(positions, decoded.positions());
        assertEquals(new Position("2026-11-23T10:15:30.123Z", 7), decoded.get("user:42"));
        assertEquals(999_999_999_999_999_999L, decoded.get("under_score").id());
    }

    @Test
    void staticEncodeMatchesInstanceEncode() {
        Map<String, Position> positions = manyChannels();
        assertEquals(Cursor.of(positions).encode(), Cursor.encode(positions));
    }

    @Test
    void encodingUsesOnlyUnreservedCharacters() {
        // Lengths 1..3 of one channel exercise every base64 tail length (no padding may appear).
        List<Map<String, Position>> samples = List.of(
                manyChannels(),
                Map.of("a", new Position("e", 0)),
                Map.of("ab", new Position("e", 0)),
                Map.of("abc", new Position("e", 0)),
                Map.of());
        for (Map<String, Position> positions : samples) {
            String encoded = Cursor.encode(positions);
            assertTrue(encoded.matches("[A-Za-z0-9._~-]+"), () -> "not URL-safe: " + encoded);
        }
    }

    @Test
    void bytesThatPlainBase64WouldTurnIntoPlusAndSlashStayUrlSafe() {
        // encode() does not validate names; these bytes are 62 and 63 in their last sextet, which
        // plain base64 writes as '+' and '/'. The alphabet must be base64url.
        String plus = Cursor.encode(Map.of("ab~", new Position("e", 0)));
        String slash = Cursor.encode(Map.of("ab?", new Position("e", 0)));
        assertTrue(plus.contains("-"), plus);
        assertTrue(slash.contains("_"), slash);
        assertTrue(plus.matches("[A-Za-z0-9._~-]+"), plus);
        assertTrue(slash.matches("[A-Za-z0-9._~-]+"), slash);
    }

    @Test
    void emptyAndNullDecodeToEmpty() {
        assertSame(Cursor.EMPTY, Cursor.decode(null));
        assertSame(Cursor.EMPTY, Cursor.decode(""));
        assertTrue(Cursor.EMPTY.positions().isEmpty());
        assertNull(Cursor.EMPTY.get("anything"));
    }

    @Test
    void emptyCursorRoundTrips() {
        assertEquals(Cursor.EMPTY, Cursor.decode(Cursor.EMPTY.encode()));
    }

    @Test
    void uncoveredChannelIsNull() {
        Cursor cursor = Cursor.of(Map.of("a", new Position("e", 1)));
        assertNull(cursor.get("b"));
    }

    @Test
    void withKeepsUnmentionedAndReplacesMentionedChannels() {
        Cursor cursor = Cursor.of(Map.of(
                "a", new Position("e1", 1),
                "b", new Position("e1", 2),
                "c", new Position("e1", 3)));
        Cursor updated = cursor.with(Map.of(
                "b", new Position("e2", 20),
                "d", new Position("e1", 4)));
        assertEquals(Map.of(
                "a", new Position("e1", 1),
                "b", new Position("e2", 20),
                "c", new Position("e1", 3),
                "d", new Position("e1", 4)), updated.positions());
        // The original is unchanged.
        assertEquals(new Position("e1", 2), cursor.get("b"));
        assertNull(cursor.get("d"));
        assertEquals(updated, Cursor.decode(updated.encode()));
    }

    @Test
    void positionsAreUnmodifiable() {
        Map<String, Position> source = new LinkedHashMap<>(Map.of("a", new Position("e", 1)));
        Cursor cursor = Cursor.of(source);
        source.put("b", new Position("e", 2));
        assertNull(cursor.get("b"), "the cursor copies its map");
        assertThrows(UnsupportedOperationException.class, () -> cursor.positions().put("c", new Position("e", 3)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "garbage",
        "x",
        "Xabc",
        "not a cursor",
        "c!!!!",
        "c+/+/",     // plain (not URL-safe) base64 alphabet
        "cA",        // a single base64 character cannot be decoded
    })
    void garbageIsRefused(String encoded) {
        assertThrows(IllegalArgumentException.class, () -> Cursor.decode(encoded));
    }

    @Test
    void wrongVersionIsRefused() {
        String valid = Cursor.of(Map.of("a", new Position("e", 1))).encode();
        assertEquals('c', valid.charAt(0));
        for (char version : new char[] {'d', 'C', 'b', '0', '-'}) {
            String other = version + valid.substring(1);
            assertThrows(IllegalArgumentException.class, () -> Cursor.decode(other), other);
        }
    }

    @Test
    void tamperedCursorIsRefused() {
        String valid = Cursor.of(Map.of("channel", new Position("epoch", 5))).encode();
        assertEquals(Cursor.of(Map.of("channel", new Position("epoch", 5))), Cursor.decode(valid));
        // Truncated to a single base64 character, which cannot be decoded.
        assertThrows(IllegalArgumentException.class, () -> Cursor.decode(valid.substring(0, 2)));
        // Truncated inside the text: the id line loses its last field.
        assertThrows(IllegalArgumentException.class,
                () -> Cursor.decode(forge("channel epoch")));
        // Characters outside the base64url alphabet.
        assertThrows(IllegalArgumentException.class, () -> Cursor.decode(valid + "*"));
        assertThrows(IllegalArgumentException.class, () -> Cursor.decode(valid.replace(valid.charAt(3), '/')));
        // A space in the middle of the payload.
        assertThrows(IllegalArgumentException.class,
                () -> Cursor.decode(valid.substring(0, 4) + " " + valid.substring(4)));
    }

    @Test
    void everySingleCharacterCorruptionEitherFailsOrStillDecodesToValidNames() {
        String valid = Cursor.of(Map.of("channel", new Position("epoch", 5))).encode();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 1; i < valid.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                String tampered = valid.substring(0, i) + c + valid.substring(i + 1);
                try {
                    Cursor decoded = Cursor.decode(tampered);
                    // Whatever survives decoding must be something the hub could have issued.
                    decoded.positions().forEach((channel, position) -> {
                        assertTrue(Names.isChannel(channel), channel);
                        assertTrue(Names.isEpoch(position.epoch()), position.epoch());
                        assertTrue(position.id() >= 0);
                    });
                } catch (IllegalArgumentException expected) {
                    // refused: fine
                }
            }
        }
    }

    @Test
    void tooLongInputIsRefused() {
        String huge = "c" + "A".repeat(64 * 1024);
        assertThrows(IllegalArgumentException.class, () -> Cursor.decode(huge));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "has space e 1",      // four fields
        "a/b e 1",            // '/' not allowed in a channel
        " e 1",               // empty channel
        "a e",                // missing id
        "a e 1 2",            // extra field
        "a  1",               // empty epoch
        "a e/1 1",            // bad epoch character
        "a e -1",             // negative id
        "a e +1",             // sign
        "a e 1.5",            // not a whole number
        "a e abc",            // not numeric
        "a e 0x10",           // hex
        "a e ",               // empty id
        "a e 1234567890123456789", // 19 digits: more than an id may have
        "a e 1\n",            // trailing empty line
        "\na e 1",            // leading empty line
        "a e 1\nb e",         // second line malformed
        "a\te\t1",            // tabs instead of spaces
    })
    void invalidContentIsRefused(String text) {
        String encoded = forge(text);
        assertThrows(IllegalArgumentException.class, () -> Cursor.decode(encoded), () -> "accepted: " + text);
    }

    @Test
    void overlongOrNonAsciiNamesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Cursor.decode(forge("x".repeat(Names.MAX_CHANNEL_LENGTH + 1) + " e 1")));
        assertThrows(IllegalArgumentException.class, () -> Cursor.decode(forge("caf\u00e9 e 1")));
        assertThrows(IllegalArgumentException.class,
                () -> Cursor.decode(forge("a " + "y".repeat(Names.MAX_EPOCH_LENGTH + 1) + " 1")));
        // Exactly the maximum lengths are fine.
        assertEquals(new Position("y".repeat(Names.MAX_EPOCH_LENGTH), 1),
                Cursor.decode(forge("x".repeat(Names.MAX_CHANNEL_LENGTH) + " " + "y".repeat(Names.MAX_EPOCH_LENGTH) + " 1"))
                        .get("x".repeat(Names.MAX_CHANNEL_LENGTH)));
    }

    @Test
    void forgedButWellFormedTextIsAccepted() {
        // The format itself (not just what encode() produced) is what decode accepts.
        Cursor decoded = Cursor.decode(forge("a e 1\nb.c f:g 0\nd 9 123456789012345678"));
        assertEquals(Map.of(
                "a", new Position("e", 1),
                "b.c", new Position("f:g", 0),
                "d", new Position("9", 123_456_789_012_345_678L)), decoded.positions());
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] bytes = {'a', (byte) 0xC3, ' ', 'e', ' ', '1'};
        String encoded = "c" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        assertThrows(IllegalArgumentException.class, () -> Cursor.decode(encoded));
    }
}
