package io.realtimehub.demo;

import io.realtimehub.engine.ErrorCode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo uploads the server remembers, at most {@code capacity}. A job is forgotten
 * {@code keepNanos} after it ended, or after it was created if its file never came; when the map is
 * full, the oldest job that is not running makes room. Running jobs are never dropped.
 */
final class UploadJobs {

    private final int capacity;
    private final long keepNanos;
    /** In creation order, so the first idle entry is the oldest. */
    private final Map<String, UploadJob> jobs = new LinkedHashMap<>();

    UploadJobs(int capacity, long keepNanos) {
        this.capacity = capacity;
        this.keepNanos = keepNanos;
    }

    synchronized void add(UploadJob job, long nowNanos) {
        forgetExpired(nowNanos);
        if (jobs.size() >= capacity && !dropOldestIdle()) {
            throw ErrorCode.UNAVAILABLE.exception("the demo has " + jobs.size() + " uploads in progress; try again later");
        }
        jobs.put(job.id(), job);
    }

    synchronized UploadJob get(String id, long nowNanos) {
        forgetExpired(nowNanos);
        UploadJob job = jobs.get(id);
        if (job == null) {
            throw ErrorCode.NOT_FOUND.exception("no demo upload \"" + abbreviate(id)
                    + "\"; uploads are forgotten some minutes after they end");
        }
        return job;
    }

    synchronized void forgetExpired(long nowNanos) {
        jobs.values().removeIf(job -> isExpired(job, nowNanos));
    }

    synchronized int size() {
        return jobs.size();
    }

    synchronized List<UploadJob> all() {
        return List.copyOf(jobs.values());
    }

    private boolean isExpired(UploadJob job, long nowNanos) {
        if (job.hasEnded()) {
            return nowNanos - job.endedAtNanos() > keepNanos;
        }
        return job.phase() == UploadJob.Phase.CREATED && nowNanos - job.createdAtNanos() > keepNanos;
    }

    private boolean dropOldestIdle() {
        for (Iterator<UploadJob> it = jobs.values().iterator(); it.hasNext(); ) {
            if (!it.next().isRunning()) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
