package io.realtimehub.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.realtimehub.engine.ErrorCode;
import io.realtimehub.engine.HubException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UploadsResourceTest {

    private static String name(String body) {
        return UploadsResource.name(body.getBytes(StandardCharsets.UTF_8));
    }

    private static ErrorCode refusal(String body) {
        return assertThrows(HubException.class, () -> name(body)).code();
    }

    @Test
    void theNameIsOptional() {
        assertNull(name(""));
        assertNull(name("  \n"));
        assertNull(name("{}"));
        assertNull(name("{\"name\":null}"));
        assertEquals("file.bin", name("{\"name\":\"file.bin\",\"other\":1}"));
    }

    @Test
    void aBadCreateBodyIsRefused() {
        assertEquals(ErrorCode.INVALID_JSON, refusal("file.bin"));
        assertEquals(ErrorCode.INVALID_JSON, refusal("[\"file.bin\"]"));
        assertEquals(ErrorCode.INVALID_PARAMETER, refusal("{\"name\":3}"));
        assertEquals(ErrorCode.INVALID_PARAMETER, refusal("{\"name\":\"\"}"));
        assertEquals(ErrorCode.INVALID_PARAMETER, refusal("{\"name\":\"" + "x".repeat(256) + "\"}"));
        assertEquals(ErrorCode.TOO_LARGE, refusal(" ".repeat(4097)));
    }

    @Test
    void contentLengthIsReadWhenPresent() {
        assertEquals(5_000_000L, UploadsResource.length("5000000"));
        assertNull(UploadsResource.length(null));
        assertNull(UploadsResource.length(""));
        assertNull(UploadsResource.length("lots"));
        assertNull(UploadsResource.length("-1"));
    }
}
