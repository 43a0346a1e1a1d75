package io.realtimehub.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The job's server-side phase: the stored file is analysed ({@link ContentAnalysis}) in
 * {@value #STEPS} slices, one every {@value #PAUSE_MILLIS} ms, each reported as progress, so a
 * browser can watch a job that lasts about 1.5 s. The pauses are scheduled, not slept: no thread
 * waits between slices. The file is deleted when the job ends either way.
 */
final class UploadProcessing {

    private static final Logger LOG = Logger.getLogger(UploadProcessing.class.getName());

    static final int STEPS = 10;
    static final long PAUSE_MILLIS = 150;

    private final UploadJob job;
    private final Path file;
    private final UploadReceiver.Received received;
    private final ScheduledExecutorService scheduler;
    private final Runnable deleteFile;
    private final ContentAnalysis analysis = new ContentAnalysis();

    UploadProcessing(UploadJob job, Path file, UploadReceiver.Received received, ScheduledExecutorService scheduler,
                     Runnable deleteFile) {
        this.job = job;
        this.file = file;
        this.received = received;
        this.scheduler = scheduler;
        this.deleteFile = deleteFile;
    }

    void start() {
        job.processing(0, "analysing the stored file", System.nanoTime());
        scheduleStep(0);
    }

    private void scheduleStep(int step) {
        try {
            scheduler.schedule(() -> step(step), PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            end("the server is stopping");
        }
    }

    private void step(int step) {
        if (job.phase() != UploadJob.Phase.PROCESSING) {
            deleteFile.run(); // ended elsewhere (the hub is stopping)
            return;
        }
        try {
            analyse(received.bytes() * step / STEPS, received.bytes() * (step + 1) / STEPS);
            int done = step + 1;
            if (done < STEPS) {
                job.processing(done * 100 / STEPS, "analysed part " + done + " of " + STEPS, System.nanoTime());
                scheduleStep(done);
                return;
            }
            job.processing(100, "checked SHA-256 of the stored file", System.nanoTime());
            if (analysis.sha256Hex().equals(received.sha256())) {
                job.done(received.sha256(), analysis.summary(), System.nanoTime());
                deleteFile.run();
            } else {
                end("the stored file differs from what was received");
            }
        } catch (IOException | RuntimeException e) {
            // A scheduled task that throws just stops: end the job here, or it would stay "processing".
            LOG.log(Level.WARNING, "demo upload " + job.id() + ": processing failed", e);
            end("processing failed: " + e.getMessage());
        }
    }

    private void analyse(long from, long to) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(UploadReceiver.CHUNK_BYTES);
            long position = from;
            while (position < to) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), to - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new IOException("the stored file is shorter than the upload");
                }
                analysis.update(buffer.array(), 0, n);
                position += n;
            }
        }
    }

    private void end(String reason) {
        try {
            job.fail(reason, System.nanoTime());
        } finally {
            deleteFile.run();
        }
    }
}
