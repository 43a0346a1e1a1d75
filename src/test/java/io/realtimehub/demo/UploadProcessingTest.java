package io.realtimehub.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadProcessingTest {

    @TempDir
    Path dir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<JsonObject> published = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void analysesTheFileInTenPacedStepsThenEndsDoneAndDeletesIt() throws Exception {
        byte[] body = "line one\nline two\nline three\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        Path file = dir.resolve("upload");
        UploadJob job = new UploadJob("p", "t.txt", 1_000_000, 0, (c, s) -> published.add(s));
        UploadReceiver.Received received = UploadReceiver.receive(job, new ByteArrayInputStream(body), (long) body.length, file);
        CountDownLatch deleted = new CountDownLatch(1);
        long start = System.nanoTime();
        new UploadProcessing(job, file, received, scheduler, () -> {
            try {
                Files.delete(file);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            deleted.countDown();
        }).start();
        assertTrue(deleted.await(10, TimeUnit.SECONDS));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        JsonObject done = job.state();
        assertEquals("done", done.getString("phase"), done.toString());
        assertEquals(received.sha256(), done.getString("sha256"));
        assertEquals(3000, done.getInt("lines"));
        assertEquals(body.length, done.getInt("bytes"));
        List<Integer> percents = published.stream().filter(s -> s.getString("phase").equals("processing"))
                .map(s -> s.getInt("percent")).toList();
        assertEquals(UploadProcessing.STEPS + 1, percents.size(), percents.toString());
        assertEquals(0, percents.get(0));
        assertEquals(100, percents.get(percents.size() - 1));
        for (int i = 1; i < percents.size(); i++) {
            assertTrue(percents.get(i) >= percents.get(i - 1), percents.toString());
        }
        assertTrue(tookMs >= UploadProcessing.STEPS * UploadProcessing.PAUSE_MILLIS - 50, "paced: " + tookMs + " ms");
        assertFalse(Files.exists(file));
    }

    @Test
    void aStoppedSchedulerFailsTheJobAndDeletesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("upload"), "x");
        UploadJob job = new UploadJob("q", null, 10, 0, (c, s) -> published.add(s));
        UploadReceiver.Received received = UploadReceiver.receive(job, new ByteArrayInputStream(new byte[1]), 1L,
                dir.resolve("other"));
        scheduler.shutdownNow();
        new UploadProcessing(job, file, received, scheduler, () -> file.toFile().delete()).start();
        assertEquals("failed", job.state().getString("phase"));
        assertEquals("the server is stopping", job.state().getString("reason"));
        assertFalse(Files.exists(file));
    }

    @Test
    void aStoredFileThatCannotBeReadFailsTheJob() throws Exception {
        UploadJob job = new UploadJob("r", null, 10, 0, (c, s) -> published.add(s));
        UploadReceiver.Received received = UploadReceiver.receive(job, new ByteArrayInputStream(new byte[5]), 5L,
                dir.resolve("gone"));
        Files.delete(dir.resolve("gone"));
        CountDownLatch cleanedUp = new CountDownLatch(1);
        new UploadProcessing(job, dir.resolve("gone"), received, scheduler, cleanedUp::countDown).start();
        assertTrue(cleanedUp.await(10, TimeUnit.SECONDS));
        assertEquals("failed", job.state().getString("phase"));
        assertTrue(job.state().getString("reason").startsWith("processing failed"), job.state().toString());
    }
}
