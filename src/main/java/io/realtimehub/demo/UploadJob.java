package io.realtimehub.demo;

import io.realtimehub.engine.ErrorCode;
import io.realtimehub.engine.HubException;
import io.realtimehub.engine.JsonCodec;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One demo upload and its progress: {@code created → uploading → processing → done}, or
 * {@code failed} from any phase before the end. Every change of state is published to the job's
 * channel under the job's lock, so the channel holds the states in the order they happened and its
 * latest message is always {@link #state()}. Progress that arrives after the job ended (a reader
 * that lost a race with shutdown) is ignored.
 */
final class UploadJob {

    enum Phase {
        CREATED, UPLOADING, PROCESSING, DONE, FAILED;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String CHANNEL_PREFIX = "demo.upload.";
    static final String EVENT = "progress";
    /** Upload progress is published at most this often, plus once when the body is complete. */
    static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String id;
    private final String name;
    private final long maxBytes;
    private final long createdAtNanos;
    private final BiConsumer<String, JsonObject> publisher;

    private Phase phase = Phase.CREATED;
    private JsonObject state;
    private Long total;
    private long bytes;
    private long lastProgressNanos;
    private long endedAtNanos;

    /**
     * @param publisher receives (channel, state) on every change; called under the job's lock
     */
    UploadJob(String id, String name, long maxBytes, long nowNanos, BiConsumer<String, JsonObject> publisher) {
        this.id = id;
        this.name = name;
        this.maxBytes = maxBytes;
        this.createdAtNanos = nowNanos;
        this.publisher = publisher;
        this.state = base().build();
    }

    String id() {
        return id;
    }

    String channel() {
        return CHANNEL_PREFIX + id;
    }

    long createdAtNanos() {
        return createdAtNanos;
    }

    synchronized JsonObject state() {
        return state;
    }

    synchronized Phase phase() {
        return phase;
    }

    synchronized boolean isRunning() {
        return phase == Phase.UPLOADING || phase == Phase.PROCESSING;
    }

    synchronized boolean hasEnded() {
        return phase == Phase.DONE || phase == Phase.FAILED;
    }

    /** When it reached done or failed; meaningful only once {@link #hasEnded()}. */
    synchronized long endedAtNanos() {
        return endedAtNanos;
    }

    /** Publishes the {@code created} state, once the job can be found by its id. */
    synchronized void announce() {
        publisher.accept(channel(), state);
    }

    /** A job takes one file: {@code conflict} once its upload has begun. */
    synchronized void requireNotSent() {
        if (phase != Phase.CREATED) {
            throw ErrorCode.CONFLICT.exception("upload \"" + id + "\" was already sent (it is " + phase.wire()
                    + "); create a new upload to send another file");
        }
    }

    /**
     * The body starts arriving. Only once per job ({@code conflict} otherwise); a declared length
     * over the limit fails the job at once ({@code too_large}).
     */
    synchronized void beginUpload(Long declaredLength, long nowNanos) {
        requireNotSent();
        if (declaredLength != null && declaredLength > maxBytes) {
            throw tooLarge(declaredLength, nowNanos);
        }
        phase = Phase.UPLOADING;
        total = declaredLength;
        lastProgressNanos = nowNanos;
        change(uploading(), nowNanos);
    }

    /** {@code received} bytes so far; published when the last report is 100 ms old. Over the limit: fails the job. */
    synchronized void received(long received, long nowNanos) {
        if (phase != Phase.UPLOADING) {
            return;
        }
        if (received > maxBytes) {
            throw tooLarge(received, nowNanos);
        }
        bytes = received;
        if (nowNanos - lastProgressNanos >= PROGRESS_INTERVAL_NANOS) {
            lastProgressNanos = nowNanos;
            change(uploading(), nowNanos);
        }
    }

    /** The whole body is stored: the closing {@code uploading} report, then processing begins. */
    synchronized void uploaded(long nowNanos) {
        if (phase != Phase.UPLOADING) {
            return;
        }
        total = bytes;
        change(uploading(), nowNanos);
        phase = Phase.PROCESSING;
    }

    synchronized void processing(int percent, String step, long nowNanos) {
        if (phase != Phase.PROCESSING) {
            return;
        }
        change(base().add("bytes", bytes).add("percent", percent).add("step", step).build(), nowNanos);
    }

    synchronized void done(String sha256, ContentAnalysis.Summary summary, long nowNanos) {
        if (phase != Phase.PROCESSING) {
            return;
        }
        phase = Phase.DONE;
        change(base().add("bytes", bytes).add("percent", 100).add("sha256", sha256)
                .add("lines", summary.lines())
                .add("distinctBytes", summary.distinctBytes())
                .add("entropyBitsPerByte", BigDecimal.valueOf(summary.entropyBitsPerByte()))
                .build(), nowNanos);
    }

    /** Ends the job as failed, unless it has already ended; returns whether it did. */
    synchronized boolean fail(String reason, long nowNanos) {
        if (hasEnded()) {
            return false;
        }
        phase = Phase.FAILED;
        change(base().add("bytes", bytes).add("reason", reason).build(), nowNanos);
        return true;
    }

    private HubException tooLarge(long size, long nowNanos) {
        String reason = "the file is larger than the limit of " + maxBytes + " bytes"
                + (phase == Phase.CREATED ? " (Content-Length: " + size + ")" : "");
        fail(reason, nowNanos);
        return ErrorCode.TOO_LARGE.exception(reason);
    }

    private JsonObject uploading() {
        JsonObjectBuilder b = base().add("bytes", bytes);
        if (total == null) {
            b.addNull("total").addNull("percent");
        } else {
            b.add("total", total).add("percent", total == 0 ? 100 : (int) Math.min(100, bytes * 100 / total));
        }
        return b.build();
    }

    private JsonObjectBuilder base() {
        JsonObjectBuilder b = JsonCodec.objectBuilder().add("id", id);
        if (name == null) {
            b.addNull("name");
        } else {
            b.add("name", name);
        }
        return b.add("phase", phase.wire());
    }

    private void change(JsonObject next, long nowNanos) {
        state = next;
        if (hasEnded()) {
            endedAtNanos = nowNanos;
        }
        publisher.accept(channel(), next);
    }
}
