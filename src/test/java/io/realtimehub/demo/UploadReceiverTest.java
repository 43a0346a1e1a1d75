package io.realtimehub.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.realtimehub.engine.ErrorCode;
import io.realtimehub.engine.HubException;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadReceiverTest {

    @TempDir
    Path dir;

    private final List<JsonObject> published = new ArrayList<>();

    private UploadJob job(long maxBytes) {
        return new UploadJob("j", null, maxBytes, 0, (c, s) -> published.add(s));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void storesTheBodyAndComputesItsSha256() throws Exception {
        byte[] body = randomBytes(300_000);
        Path file = dir.resolve("f");
        UploadJob job = job(1_000_000);
        UploadReceiver.Received r = UploadReceiver.receive(job, new ByteArrayInputStream(body), (long) body.length, file);
        assertEquals(body.length, r.bytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)), r.sha256());
        assertArrayEquals(body, Files.readAllBytes(file));
        assertEquals(UploadJob.Phase.PROCESSING, job.phase());
        JsonObject last = published.get(published.size() - 1);
        assertEquals("uploading", last.getString("phase"));
        assertEquals(100, last.getInt("percent"));
        assertEquals(body.length, last.getInt("bytes"));
    }

    @Test
    void aChunkedBodyOverTheLimitIsCutOffAndFailsTheJob() {
        UploadJob job = job(200_000);
        HubException e = assertThrows(HubException.class, () -> UploadReceiver.receive(job,
                new ByteArrayInputStream(randomBytes(200_001)), null, dir.resolve("f")));
        assertEquals(ErrorCode.TOO_LARGE, e.code());
        assertEquals("failed", job.state().getString("phase"));
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() {
        UploadJob job = job(200_000);
        UploadReceiver.Received r = UploadReceiver.receive(job, new ByteArrayInputStream(randomBytes(200_000)), null,
                dir.resolve("f"));
        assertEquals(200_000, r.bytes());
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWithoutReading() {
        UploadJob job = job(100);
        InputStream untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body must not be read");
            }
        };
        HubException e = assertThrows(HubException.class,
                () -> UploadReceiver.receive(job, untouchable, 101L, dir.resolve("f")));
        assertEquals(ErrorCode.TOO_LARGE, e.code());
        assertEquals("failed", job.state().getString("phase"));
    }

    @Test
    void aBodyShorterThanDeclaredFailsTheJob() {
        UploadJob job = job(1000);
        HubException e = assertThrows(HubException.class, () -> UploadReceiver.receive(job,
                new ByteArrayInputStream(new byte[10]), 20L, dir.resolve("f")));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("the body ended after 10 of its 20 bytes", job.state().getString("reason"));
    }

    @Test
    void aBrokenConnectionFailsTheJob() {
        InputStream breaking = new SequenceInputStream(new ByteArrayInputStream(new byte[UploadReceiver.CHUNK_BYTES]),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("Connection reset");
                    }
                });
        UploadJob job = job(1_000_000);
        HubException e = assertThrows(HubException.class,
                () -> UploadReceiver.receive(job, breaking, 500_000L, dir.resolve("f")));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("the upload broke off after 65536 bytes", job.state().getString("reason"));
    }
}
