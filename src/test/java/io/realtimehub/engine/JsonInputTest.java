package io.realtimehub.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonInputTest {

    private static void assertInvalid(String text) {
        HubException fromString = assertThrows(HubException.class, () -> JsonInput.parse(text), () -> "accepted: " + text);
        assertEquals(ErrorCode.INVALID_JSON, fromString.code());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        HubException fromBytes = assertThrows(HubException.class, () -> JsonInput.parse(bytes), () -> "accepted: " + text);
        assertEquals(ErrorCode.INVALID_JSON, fromBytes.code());
    }

    private static void assertParses(JsonValue expected, String text) {
        assertEquals(expected, JsonInput.parse(text));
        assertEquals(expected, JsonInput.parse(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parsesOneObject() {
        JsonValue expected = Json.createObjectBuilder()
                .add("event", "price")
                .add("data", Json.createObjectBuilder().add("px", 12.5).add("tags", Json.createArrayBuilder().add("a")))
                .build();
        assertParses(expected, "{\"event\":\"price\",\"data\":{\"px\":12.5,\"tags\":[\"a\"]}}");
    }

    @Test
    void parsesScalarsAndArrays() {
        assertParses(Json.createValue(42), "42");
        assertParses(Json.createValue("s"), "\"s\"");
        assertParses(JsonValue.TRUE, "true");
        assertParses(JsonValue.NULL, "null");
        assertParses(Json.createArrayBuilder().add(1).add(2).build(), "[1,2]");
    }

    @Test
    void surroundingWhitespaceIsFine() {
        JsonValue expected = Json.createObjectBuilder().add("a", 1).build();
        assertParses(expected, "{\"a\":1}   ");
        assertParses(expected, "{\"a\":1}\n");
        assertParses(expected, "{\"a\":1}\r\n\t \n");
        assertParses(expected, "  \n {\"a\":1}");
        assertParses(Json.createValue(7), " 7 ");
    }

    @Test
    void utf8BytesAreDecodedAsUtf8() {
        byte[] utf8 = "{\"name\":\"caf\u00e9 \u20ac \uD83D\uDE00\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(Json.createObjectBuilder().add("name", "caf\u00e9 \u20ac \uD83D\uDE00").build(), JsonInput.parse(utf8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1} x",
        "{\"a\":1}{}",
        "{\"a\":1} {\"b\":2}",
        "{\"a\":1}]",
        "{\"a\":1}}",
        "{\"a\":1},",
        "{\"a\":1} 1",
        "[1] [2]",
        "1 2",
        "\"a\" \"b\"",
        "null null",
        "true false",
    })
    void trailingContentIsRefused(String text) {
        assertInvalid(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\t\r "})
    void emptyInputIsRefused(String text) {
        assertInvalid(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{",
        "}",
        "]",
        "{\"a\":",
        "{\"a\" 1}",
        "{a:1}",
        "{'a':1}",
        "{\"a\":1,}",
        "[1,]",
        "[1 2]",
        "nul",
        "tru",
        "\"unterminated",
        "x",
        "{\"a\":01}",
        "{\"a\":NaN}",
        ":",
        ",",
    })
    void malformedInputIsRefused(String text) {
        assertInvalid(text);
    }
}
