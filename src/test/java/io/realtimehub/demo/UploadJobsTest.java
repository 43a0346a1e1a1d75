package io.realtimehub.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.realtimehub.engine.ErrorCode;
import io.realtimehub.engine.HubException;
import org.junit.jupiter.api.Test;

class UploadJobsTest {

    private static final long KEEP = 1000;

    private static UploadJob job(String id, long now) {
        return new UploadJob(id, null, 100, now, (c, s) -> { });
    }

    private static void assertForgotten(UploadJobs jobs, String id, long now) {
        HubException e = assertThrows(HubException.class, () -> jobs.get(id, now));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
    }

    @Test
    void unknownIdIsNotFound() {
        assertForgotten(new UploadJobs(10, KEEP), "nope", 0);
    }

    @Test
    void endedJobsAreForgottenAfterTheKeepTimeRunningOnesNever() {
        UploadJobs jobs = new UploadJobs(10, KEEP);
        UploadJob ended = job("ended", 0);
        UploadJob running = job("running", 0);
        UploadJob unused = job("unused", 0);
        jobs.add(ended, 0);
        jobs.add(running, 0);
        jobs.add(unused, 0);
        ended.beginUpload(1L, 0);
        ended.fail("x", 500);
        running.beginUpload(1L, 0);

        assertSame(ended, jobs.get("ended", 1500));
        assertForgotten(jobs, "ended", 1501);
        assertForgotten(jobs, "unused", 1501);
        assertSame(running, jobs.get("running", 1_000_000));
    }

    @Test
    void whenFullTheOldestIdleJobMakesRoom() {
        UploadJobs jobs = new UploadJobs(2, KEEP);
        UploadJob first = job("first", 0);
        jobs.add(first, 0);
        first.beginUpload(1L, 0);
        jobs.add(job("second", 1), 1);
        jobs.add(job("third", 2), 2);
        assertSame(first, jobs.get("first", 3), "running: kept");
        assertForgotten(jobs, "second", 3);
        assertEquals(2, jobs.size());
    }

    @Test
    void whenFullOfRunningJobsANewOneIsRefused() {
        UploadJobs jobs = new UploadJobs(1, KEEP);
        UploadJob running = job("running", 0);
        jobs.add(running, 0);
        running.beginUpload(1L, 0);
        HubException e = assertThrows(HubException.class, () -> jobs.add(job("more", 1), 1));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
    }
}
