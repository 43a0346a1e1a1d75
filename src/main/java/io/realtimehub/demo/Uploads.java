package io.realtimehub.demo;

import io.realtimehub.engine.ErrorCode;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The upload demo end to end: create a job, receive its file into a temporary file, process it on
 * the demo's scheduler, answer its state. Progress goes to the job's channel
 * {@code demo.upload.<id>} as {@code progress} messages.
 */
final class Uploads {

    private static final Logger LOG = Logger.getLogger(Uploads.class.getName());

    static final int MAX_JOBS = 1000;
    static final long KEEP_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final DemoPublisher publisher;
    private final ScheduledExecutorService scheduler;
    private final int maxBytes;
    private final UploadJobs jobs = new UploadJobs(MAX_JOBS, KEEP_NANOS);
    /** Temporary files not yet deleted, so stopping the hub leaves none behind. */
    private final Set<Path> files = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();

    Uploads(DemoPublisher publisher, ScheduledExecutorService scheduler, int maxBytes) {
        this.publisher = publisher;
        this.scheduler = scheduler;
        this.maxBytes = maxBytes;
    }

    int maxBytes() {
        return maxBytes;
    }

    UploadJob create(String name) {
        UploadJob job = new UploadJob(newId(), name, maxBytes, System.nanoTime(),
                (channel, state) -> publisher.publish(channel, UploadJob.EVENT, state));
        jobs.add(job, System.nanoTime());
        job.announce();
        return job;
    }

    UploadJob job(String id) {
        return jobs.get(id, System.nanoTime());
    }

    /**
     * Stores the body and starts processing it; returns the state once processing has begun.
     *
     * @param declaredLength Content-Length, or null when the body is chunked
     */
    JsonObject receive(String id, InputStream body, Long declaredLength) {
        UploadJob job = job(id);
        job.requireNotSent(); // before a file is made
        Path file = newFile();
        UploadReceiver.Received received;
        try {
            received = UploadReceiver.receive(job, body, declaredLength, file);
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
        new UploadProcessing(job, file, received, scheduler, () -> delete(file)).start();
        return job.state();
    }

    /** The hub is stopping: running jobs end as failed and no temporary file stays. */
    void stop() {
        for (UploadJob job : jobs.all()) {
            if (!job.isRunning()) {
                continue;
            }
            try {
                job.fail("the server is stopping", System.nanoTime());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "cannot report the end of demo upload " + job.id(), e);
            }
        }
        Set.copyOf(files).forEach(this::delete);
    }

    /** 16 random bytes, URL-safe Base64: 22 characters that are also valid in a channel name. */
    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Path newFile() {
        try {
            Path file = Files.createTempFile("realtime-demo-upload-", ".bin");
            files.add(file);
            return file;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot create a temporary file for a demo upload", e);
            throw ErrorCode.INTERNAL_ERROR.exception("the server could not store the upload");
        }
    }

    private void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            files.remove(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete demo upload file " + file, e);
        }
    }
}
