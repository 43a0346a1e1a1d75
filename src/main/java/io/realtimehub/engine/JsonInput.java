package io.realtimehub.engine;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.Reader;
import java.io.StringReader;

/** Strict JSON reading: exactly one JSON value, nothing after it but whitespace. */
public final class JsonInput {

    private JsonInput() {
    }

    public static JsonValue parse(byte[] utf8) {
        return parse(Json.createParser(new ByteArrayInputStream(utf8)));
    }

    public static JsonValue parse(String text) {
        Reader reader = new StringReader(text);
        return parse(Json.createParser(reader));
    }

    private static JsonValue parse(JsonParser parser) {
        try (parser) {
            if (!parser.hasNext()) {
                throw ErrorCode.INVALID_JSON.exception("the body is empty; expected a JSON object");
            }
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw ErrorCode.INVALID_JSON.exception("unexpected content after the JSON value");
            }
            return value;
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            // JsonParsingException is a JsonException; Parsson reports trailing bytes the same way.
            throw ErrorCode.INVALID_JSON.exception("malformed JSON: " + e.getMessage());
        }
    }
}
