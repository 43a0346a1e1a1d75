package io.realtimehub.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.realtimehub.engine.Cursor;
import io.realtimehub.engine.ErrorCode;
import io.realtimehub.engine.HubException;
import io.realtimehub.engine.Position;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorsTest {

    @Test
    void noFromIsNoPlaces() {
        assertSame(Cursor.EMPTY, Cursors.places(null));
        assertSame(Cursor.EMPTY, Cursors.places(List.of()));
    }

    @Test
    void aPlaceIsChannelEpochAndId() {
        Cursor places = Cursors.places(List.of("prices~AFFB92jP~17"));
        assertEquals(Map.of("prices", new Position("AFFB92jP", 17)), places.positions());
    }

    @Test
    void severalChannelsKeepTheirOrder() {
        Cursor places = Cursors.places(List.of("a~e1~0", "user:42~2026-11-23T10:15:30.123Z~7", "a.b_c-d~E_2~123456789"));
        Map<String, Position> expected = new LinkedHashMap<>();
        expected.put("a", new Position("e1", 0));
        expected.put("user:42", new Position("2026-11-23T10:15:30.123Z", 7));
        expected.put("a.b_c-d", new Position("E_2", 123_456_789));
        assertEquals(expected, places.positions());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(places.positions().keySet()));
    }

    @Test
    void theLastPlaceOfAChannelWins() {
        Cursor places = Cursors.places(List.of("a~e1~5", "b~e1~1", "a~e2~9"));
        assertEquals(new Position("e2", 9), places.get("a"));
        assertEquals(new Position("e1", 1), places.get("b"));
    }

    @Test
    void longestNamesAndIdsFit() {
        String channel = "c".repeat(128);
        String epoch = "e".repeat(64);
        Cursor places = Cursors.places(List.of(channel + "~" + epoch + "~999999999999999999"));
        assertEquals(new Position(epoch, 999_999_999_999_999_999L), places.get(channel));
        assertEquals(new Position("e", 7), Cursors.places(List.of("a~e~007")).get("a"), "leading zeros, as in cursors");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                     // nothing
        "a",                    // one part
        "a~e",                  // two parts
        "a~e~1~2",              // four parts
        "~e~1",                 // empty channel
        "a~~1",                 // empty epoch
        "a~e~",                 // empty id
        "a b~e~1",              // space in the channel
        "a/b~e~1",              // '/' is not in the alphabet
        "a~e!~1",               // '!' is not in the alphabet of epochs
        "a~e~x",                // not a number
        "a~e~-1",               // negative
        "a~e~+1",               // a sign
        "a~e~1.0",              // not whole
        "a~e~1e3",              // exponent
        "a~e~ 1",               // padded
        "a~e~1000000000000000000",  // 19 digits
    })
    void malformedPlacesAreInvalidParameters(String place) {
        HubException e = assertThrows(HubException.class, () -> Cursors.places(List.of("ok~e~1", place)));
        assertEquals(ErrorCode.INVALID_PARAMETER, e.code());
        assertTrue(e.getMessage().startsWith("from must be <channel>~<epoch>~<id>"), e.getMessage());
        assertTrue(e.getMessage().endsWith("got \"" + place + "\""), e.getMessage());
    }

    @Test
    void tooLongNamesAreRefused() {
        assertThrows(HubException.class, () -> Cursors.places(List.of("c".repeat(129) + "~e~1")));
        assertThrows(HubException.class, () -> Cursors.places(List.of("c~" + "e".repeat(65) + "~1")));
    }

    @Test
    void theMessageSaysWhichPartIsWrong() {
        assertTrue(message("a b~e~1").contains("channel name"));
        assertTrue(message("a~e!~1").contains("epoch"));
        assertTrue(message("a~e~x").contains("whole number"));
    }

    @Test
    void aVeryLongBadValueIsShortenedInTheMessage() {
        String place = "x".repeat(5000);
        assertTrue(message(place).length() < 400);
    }

    private static String message(String place) {
        return assertThrows(HubException.class, () -> Cursors.places(List.of(place))).getMessage();
    }

    @Test
    void theCursorWinsForEveryChannelItCovers() {
        String cursor = Cursor.of(Map.of("a", new Position("e2", 40), "c", new Position("e3", 3))).encode();
        Cursor start = Cursors.start(List.of("a~e1~5", "b~e1~6"), cursor);
        assertEquals(Map.of(
                "a", new Position("e2", 40),
                "b", new Position("e1", 6),
                "c", new Position("e3", 3)), start.positions());
    }

    @Test
    void startWithoutFromIsTheCursorAndWithoutCursorTheFromPlaces() {
        String cursor = Cursor.of(Map.of("a", new Position("e", 1))).encode();
        assertEquals(Cursor.decode(cursor), Cursors.start(null, cursor));
        assertEquals(Cursor.decode(cursor), Cursors.start(List.of(), cursor));
        assertEquals(Map.of("a", new Position("e", 2)), Cursors.start(List.of("a~e~2"), null).positions());
        assertEquals(Map.of("a", new Position("e", 2)), Cursors.start(List.of("a~e~2"), "").positions());
        assertSame(Cursor.EMPTY, Cursors.start(null, null));
    }

    @Test
    void startRefusesABadCursorOrABadPlace() {
        assertEquals(ErrorCode.INVALID_CURSOR,
                assertThrows(HubException.class, () -> Cursors.start(List.of("a~e~1"), "bogus")).code());
        String cursor = Cursor.of(Map.of("a", new Position("e", 1))).encode();
        assertEquals(ErrorCode.INVALID_PARAMETER,
                assertThrows(HubException.class, () -> Cursors.start(Arrays.asList("a~e"), cursor)).code());
    }
}
