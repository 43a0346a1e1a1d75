package io.realtimehub.engine;

import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;

/** Strict JSON reading: exactly one JSON value, nothing after it but whitespace. */
public final class JsonInput {

    private JsonInput() {
    }

    /** JSON exchanged between systems is UTF-8 (RFC 8259), so no encoding is guessed. */
    public static JsonValue parse(byte[] utf8) {
        return parse(new String(utf8, StandardCharsets.UTF_8));
    }

    public static JsonValue parse(String text) {
        if (text.isBlank()) {
            throw ErrorCode.INVALID_JSON.exception("the body is empty; expected a JSON object");
        }
        try (JsonParser parser = JsonCodec.parser(new StringReader(text))) {
            parser.next();
            JsonValue value = parser.getValue();
            // Parsson reports content after the value either as more events or as an exception.
            if (parser.hasNext()) {
                throw ErrorCode.INVALID_JSON.exception("unexpected content after the JSON value");
            }
            return value;
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw ErrorCode.INVALID_JSON.exception("malformed JSON: " + e.getMessage());
        }
    }
}
