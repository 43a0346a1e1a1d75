package io.realtimehub.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.realtimehub.engine.ErrorCode;
import io.realtimehub.engine.HubException;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UploadJobTest {

    private static final long MS = 1_000_000;

    private final List<JsonObject> published = new ArrayList<>();
    private final List<String> channels = new ArrayList<>();

    private UploadJob job(long maxBytes) {
        return new UploadJob("abc", "file.bin", maxBytes, 0, (channel, state) -> {
            channels.add(channel);
            published.add(state);
        });
    }

    private List<String> phases() {
        return published.stream().map(s -> s.getString("phase")).toList();
    }

    @Test
    void aJobGoesFromCreatedThroughUploadingAndProcessingToDone() {
        UploadJob job = job(1000);
        assertEquals("{\"id\":\"abc\",\"name\":\"file.bin\",\"phase\":\"created\"}", job.state().toString());
        job.announce();
        job.beginUpload(500L, 0);
        job.received(250, 150 * MS);
        job.received(500, 200 * MS);
        job.uploaded(210 * MS);
        job.processing(0, "starting", 220 * MS);
        job.processing(100, "checked", 300 * MS);
        job.done("ff00", new ContentAnalysis.Summary(3, 5, 1.5), 310 * MS);

        assertEquals(List.of("created", "uploading", "uploading", "uploading", "processing", "processing", "done"), phases());
        assertTrue(channels.stream().allMatch("demo.upload.abc"::equals));
        assertEquals("{\"id\":\"abc\",\"name\":\"file.bin\",\"phase\":\"uploading\",\"bytes\":0,\"total\":500,\"percent\":0}",
                published.get(1).toString());
        assertEquals("{\"id\":\"abc\",\"name\":\"file.bin\",\"phase\":\"uploading\",\"bytes\":500,\"total\":500,\"percent\":100}",
                published.get(3).toString());
        assertEquals("{\"id\":\"abc\",\"name\":\"file.bin\",\"phase\":\"processing\",\"bytes\":500,\"percent\":0,\"step\":\"starting\"}",
                published.get(4).toString());
        assertEquals("{\"id\":\"abc\",\"name\":\"file.bin\",\"phase\":\"done\",\"bytes\":500,\"percent\":100,\"sha256\":\"ff00\","
                + "\"lines\":3,\"distinctBytes\":5,\"entropyBitsPerByte\":1.5}", job.state().toString());
        assertEquals(published.get(published.size() - 1), job.state(), "the state is the channel's latest message");
        assertTrue(job.hasEnded());
        assertEquals(310 * MS, job.endedAtNanos());
    }

    @Test
    void uploadProgressIsPublishedAtMostEvery100MsPlusAtTheEnd() {
        UploadJob job = job(1_000_000);
        job.beginUpload(null, 0);
        for (int ms = 1; ms <= 1000; ms++) {
            job.received(ms * 64L, ms * MS); // a chunk every millisecond
        }
        job.uploaded(1000 * MS);
        long uploading = phases().stream().filter("uploading"::equals).count();
        assertEquals(1 + 10 + 1, uploading, "the start, one per 100 ms, the end");
    }

    @Test
    void withoutContentLengthTotalAndPercentAreNullUntilTheEnd() {
        UploadJob job = job(1000);
        job.beginUpload(null, 0);
        job.received(10, 200 * MS);
        JsonObject during = published.get(published.size() - 1);
        assertEquals(JsonObject.NULL, during.get("total"));
        assertEquals(JsonObject.NULL, during.get("percent"));
        job.uploaded(300 * MS);
        JsonObject end = job.state();
        assertEquals(10, end.getInt("total"));
        assertEquals(100, end.getInt("percent"));
    }

    @Test
    void uploadPercentNeverDecreasesAndAnEmptyFileIsComplete() {
        UploadJob job = job(10_000);
        job.beginUpload(3000L, 0);
        int last = -1;
        for (int i = 1; i <= 30; i++) {
            job.received(i * 100L, i * 100 * MS);
            int percent = job.state().getInt("percent");
            assertTrue(percent >= last);
            last = percent;
        }
        assertEquals(100, last);

        UploadJob empty = job(10);
        empty.beginUpload(0L, 0);
        assertEquals(100, empty.state().getInt("percent"));
    }

    @Test
    void aDeclaredLengthOverTheLimitFailsAtOnce() {
        UploadJob job = job(1000);
        HubException e = assertThrows(HubException.class, () -> job.beginUpload(1001L, 0));
        assertEquals(ErrorCode.TOO_LARGE, e.code());
        assertEquals(List.of("failed"), phases());
        assertTrue(job.state().getString("reason").contains("1000"), job.state().toString());
    }

    @Test
    void exactlyTheLimitIsAcceptedAndOneByteMoreFails() {
        UploadJob job = job(1000);
        job.beginUpload(null, 0);
        job.received(1000, MS);
        HubException e = assertThrows(HubException.class, () -> job.received(1001, 2 * MS));
        assertEquals(ErrorCode.TOO_LARGE, e.code());
        assertEquals("failed", job.state().getString("phase"));
        assertEquals(1000, job.state().getInt("bytes"));
    }

    @Test
    void aJobTakesOneFile() {
        UploadJob job = job(1000);
        job.beginUpload(10L, 0);
        HubException e = assertThrows(HubException.class, () -> job.beginUpload(10L, 0));
        assertEquals(ErrorCode.CONFLICT, e.code());
        assertEquals(409, e.code().status());
        job.fail("broke off", 0);
        assertEquals(ErrorCode.CONFLICT, assertThrows(HubException.class, job::requireNotSent).code());
    }

    @Test
    void progressAfterTheEndIsIgnoredAndTheEndIsFinal() {
        UploadJob job = job(1000);
        job.beginUpload(100L, 0);
        assertTrue(job.fail("the server is stopping", 5 * MS));
        int count = published.size();
        job.received(50, 500 * MS);
        job.uploaded(600 * MS);
        job.processing(10, "x", 700 * MS);
        job.done("00", new ContentAnalysis.Summary(0, 0, 0), 800 * MS);
        assertFalse(job.fail("again", 900 * MS));
        assertEquals(count, published.size(), "nothing after the end");
        assertEquals("{\"id\":\"abc\",\"name\":\"file.bin\",\"phase\":\"failed\",\"bytes\":0,\"reason\":\"the server is stopping\"}",
                job.state().toString());
        assertEquals(5 * MS, job.endedAtNanos());
    }

    @Test
    void processingNeedsACompleteUpload() {
        UploadJob job = job(1000);
        job.processing(10, "too early", 0);
        job.done("00", new ContentAnalysis.Summary(0, 0, 0), 0);
        assertEquals("created", job.state().getString("phase"));
        assertFalse(job.isRunning());
    }

    @Test
    void aJobWithoutANameSaysNull() {
        UploadJob job = new UploadJob("x", null, 1, 0, (c, s) -> { });
        assertEquals("{\"id\":\"x\",\"name\":null,\"phase\":\"created\"}", job.state().toString());
    }
}
