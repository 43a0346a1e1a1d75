package io.realtimehub.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicationTest {

    private static final int MAX = 1024;

    private static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    private static Publication publish(String channel, String body) {
        return Publication.of(channel, json(body), MAX);
    }

    private static void assertCode(ErrorCode expected, Executable call) {
        HubException e = assertThrows(HubException.class, call);
        assertEquals(expected, e.code(), e.getMessage());
    }

    /** A JSON string value of exactly {@code bytes} bytes serialised: the quotes count. */
    private static JsonObject bodyWithStringDataOfSerialisedSize(int bytes) {
        return Json.createObjectBuilder().add("data", "a".repeat(bytes - 2)).build();
    }

    @Test
    void eventDefaultsToMessage() {
        Publication p = publish("prices", "{\"data\":{\"px\":1}}");
        assertEquals("prices", p.channel());
        assertEquals(Names.DEFAULT_EVENT, p.event());
        assertEquals("message", p.event());
        assertEquals(json("{\"px\":1}"), p.data());
    }

    @Test
    void nullEventMeansDefault() {
        assertEquals("message", publish("a", "{\"event\":null,\"data\":1}").event());
    }

    @Test
    void explicitEventIsKept() {
        assertEquals("price.update:v2-x_y", publish("a", "{\"event\":\"price.update:v2-x_y\",\"data\":1}").event());
        String longest = "e".repeat(Names.MAX_EVENT_LENGTH);
        assertEquals(longest, publish("a", "{\"event\":\"" + longest + "\",\"data\":1}").event());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"event\":\"\",\"data\":1}",
        "{\"event\":\"has space\",\"data\":1}",
        "{\"event\":\"a/b\",\"data\":1}",
        "{\"event\":\"caf\u00e9\",\"data\":1}",
        "{\"event\":\"line\\nbreak\",\"data\":1}",
        "{\"event\":1,\"data\":1}",
        "{\"event\":true,\"data\":1}",
        "{\"event\":[\"message\"],\"data\":1}",
        "{\"event\":{\"name\":\"message\"},\"data\":1}",
    })
    void invalidEventsAreRefused(String body) {
        assertCode(ErrorCode.INVALID_EVENT, () -> publish("a", body));
    }

    @Test
    void eventOf65CharactersIsRefused() {
        String tooLong = "e".repeat(Names.MAX_EVENT_LENGTH + 1);
        assertEquals(65, tooLong.length());
        assertCode(ErrorCode.INVALID_EVENT, () -> publish("a", "{\"event\":\"" + tooLong + "\",\"data\":1}"));
    }

    @Test
    void subscribedIsReserved() {
        assertCode(ErrorCode.RESERVED_EVENT, () -> publish("a", "{\"event\":\"subscribed\",\"data\":1}"));
        // Names are case-sensitive: only the exact reserved name is refused.
        assertEquals("Subscribed", publish("a", "{\"event\":\"Subscribed\",\"data\":1}").event());
    }

    @Test
    void missingDataIsRefused() {
        assertCode(ErrorCode.MISSING_DATA, () -> publish("a", "{}"));
        assertCode(ErrorCode.MISSING_DATA, () -> publish("a", "{\"event\":\"price\"}"));
        assertCode(ErrorCode.MISSING_DATA, () -> publish("a", "{\"Data\":1}"));
    }

    @Test
    void explicitNullDataIsAccepted() {
        Publication p = publish("a", "{\"data\":null}");
        assertSame(JsonValue.NULL, p.data());
        assertEquals("message", p.event());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "\"text\"", "[1,2]", "true", "false", "{}", "[]", "{\"nested\":{\"deep\":[1,{\"x\":null}]}}"})
    void anyJsonValueIsAcceptedAsData(String data) {
        assertEquals(json(data), publish("a", "{\"data\":" + data + "}").data());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"data\":1}]", "\"data\"", "1", "null", "true"})
    void nonObjectBodyIsRefused(String body) {
        assertCode(ErrorCode.INVALID_JSON, () -> publish("a", body));
    }

    @Test
    void dataOfExactlyMaxBytesIsAccepted() {
        JsonObject body = bodyWithStringDataOfSerialisedSize(MAX);
        Publication p = Publication.of("a", body, MAX);
        assertEquals(MAX - 2, ((JsonString) p.data()).getString().length());
    }

    @Test
    void dataOfOneByteMoreThanMaxIsTooLarge() {
        JsonObject body = bodyWithStringDataOfSerialisedSize(MAX + 1);
        HubException e = assertThrows(HubException.class, () -> Publication.of("a", body, MAX));
        assertEquals(ErrorCode.TOO_LARGE, e.code());
        assertTrue(e.getMessage().contains(String.valueOf(MAX + 1)), e.getMessage());
    }

    @Test
    void sizeCountsUtf8BytesNotCharacters() {
        // "é" is two bytes in UTF-8: 2 quotes + 2 * 3 bytes = 8 bytes for a 3-character string.
        JsonObject body = Json.createObjectBuilder().add("data", "\u00e9\u00e9\u00e9").build();
        Publication.of("a", body, 8);
        assertCode(ErrorCode.TOO_LARGE, () -> Publication.of("a", body, 7));
    }

    @Test
    void sizeIsOfSerialisedDataNotOfTheRawBody() {
        // Whitespace in the request does not count; the data serialises as {"k":[1,2]} (11 bytes).
        JsonValue body = json("{ \"data\" :  {  \"k\" :  [ 1 ,  2 ]  }  }");
        Publication.of("a", body, 11);
        assertCode(ErrorCode.TOO_LARGE, () -> Publication.of("a", body, 10));
    }

    @Test
    void nullDataCountsAsFourBytes() {
        Publication.of("a", json("{\"data\":null}"), 4);
        assertCode(ErrorCode.TOO_LARGE, () -> Publication.of("a", json("{\"data\":null}"), 3));
    }

    @Test
    void otherFieldsDoNotCountTowardsTheLimit() {
        JsonObject body = Json.createObjectBuilder()
                .add("event", "e".repeat(Names.MAX_EVENT_LENGTH))
                .add("extra", "x".repeat(500))
                .add("data", 1)
                .build();
        assertEquals("1", Publication.of("a", body, 1).data().toString());
    }

    @Test
    void badChannelNamesAreRefused() {
        String body = "{\"data\":1}";
        assertCode(ErrorCode.INVALID_CHANNEL, () -> publish("", body));
        assertCode(ErrorCode.INVALID_CHANNEL, () -> publish(null, body));
        assertCode(ErrorCode.INVALID_CHANNEL, () -> publish("x".repeat(Names.MAX_CHANNEL_LENGTH + 1), body));
        assertCode(ErrorCode.INVALID_CHANNEL, () -> publish("has space", body));
        assertCode(ErrorCode.INVALID_CHANNEL, () -> publish("a/b", body));
        assertCode(ErrorCode.INVALID_CHANNEL, () -> publish("caf\u00e9", body));
        assertCode(ErrorCode.INVALID_CHANNEL, () -> publish("a\nb", body));
    }

    @Test
    void channelOf128CharactersIsAccepted() {
        String longest = "x".repeat(128);
        assertEquals(Names.MAX_CHANNEL_LENGTH, longest.length());
        assertEquals(longest, publish(longest, "{\"data\":1}").channel());
        assertEquals("a:b.c-d_E9", publish("a:b.c-d_E9", "{\"data\":1}").channel());
    }

    @Test
    void channelIsCheckedBeforeTheBody() {
        // An invalid channel wins over every problem of the body.
        assertCode(ErrorCode.INVALID_CHANNEL, () -> Publication.of("bad channel", json("[]"), MAX));
        assertCode(ErrorCode.INVALID_CHANNEL, () -> Publication.of("bad channel", json("{}"), MAX));
    }

    @Test
    void invalidChannelMessageAbbreviatesLongNames() {
        HubException e = Publication.invalidChannel("y".repeat(1000));
        assertEquals(ErrorCode.INVALID_CHANNEL, e.code());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
        assertTrue(e.getMessage().contains("y".repeat(40)), e.getMessage());
    }

    @Test
    void rawLimitLeavesRoomForEscapesAndNeverOverflows() {
        assertTrue(Publication.rawLimit(MAX) >= MAX * 6);
        assertTrue(Publication.rawLimit(Integer.MAX_VALUE) > 0);
        assertTrue(Publication.rawLimit(Integer.MAX_VALUE) <= Integer.MAX_VALUE - 16);
    }
}
