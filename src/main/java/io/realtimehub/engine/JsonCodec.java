package io.realtimehub.engine;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.util.Map;

/**
 * JSON-P factories, looked up once. {@code jakarta.json.Json.createGenerator} and friends look
 * the provider up through ServiceLoader on every call, which costs more than writing the JSON.
 */
public final class JsonCodec {

    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonGeneratorFactory GENERATORS = PROVIDER.createGeneratorFactory(Map.of());
    private static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of());
    private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());

    private JsonCodec() {
    }

    public static JsonGenerator generator(Writer out) {
        return GENERATORS.createGenerator(out);
    }

    public static JsonGenerator generator(OutputStream out) {
        return GENERATORS.createGenerator(out);
    }

    public static JsonParser parser(Reader in) {
        return PARSERS.createParser(in);
    }

    public static JsonObjectBuilder objectBuilder() {
        return BUILDERS.createObjectBuilder();
    }
}
