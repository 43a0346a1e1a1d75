package io.realtimehub.demo;

import io.realtimehub.runtime.DaemonThreads;
import io.realtimehub.runtime.Hub;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server side of the demo applications, running only with {@code realtime.demo.enabled=true}:
 * the ticker and stats feeds and the upload jobs. The hub starts it last and stops it first, so the
 * engine is open whenever a demo publishes. Its own threads keep demo load away from the hub's timers.
 */
public final class Demo {

    private static final Logger LOG = Logger.getLogger(Demo.class.getName());

    private final ScheduledExecutorService scheduler;
    private final Uploads uploads;
    private volatile boolean stopping;

    private Demo(ScheduledExecutorService scheduler, Uploads uploads) {
        this.scheduler = scheduler;
        this.uploads = uploads;
    }

    public static Demo start(Hub hub) {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, DaemonThreads.named("realtime-demo"));
        DemoPublisher publisher = new DemoPublisher(hub.engine(), hub.publishGate(), hub.config().messageMaxBytes());
        Demo demo = new Demo(scheduler, new Uploads(publisher, scheduler, hub.config().demoUploadMaxBytes()));
        long tickNanos = TickerFeed.periodNanos(hub.config().demoTickerRate());
        demo.scheduler.scheduleAtFixedRate(demo.guarded(TickerFeed.CHANNEL,
                new TickerFeed(new Ticker(new SplittableRandom()), publisher)), tickNanos, tickNanos, TimeUnit.NANOSECONDS);
        demo.scheduler.scheduleAtFixedRate(demo.guarded(StatsFeed.CHANNEL, new StatsFeed(hub, publisher)),
                1, 1, TimeUnit.SECONDS);
        LOG.info(() -> "Realtime Hub demo applications running: " + TickerFeed.CHANNEL + " at "
                + hub.config().demoTickerRate() + "/s, " + StatsFeed.CHANNEL + " every second");
        return demo;
    }

    Uploads uploads() {
        return uploads;
    }

    /**
     * Stops the feeds and the processing of uploads, waiting briefly for a publish in progress so
     * none reaches a closing engine; running uploads end as failed.
     */
    public void stop() {
        stopping = true;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        uploads.stop();
    }

    /**
     * A periodic task that survives its own failures (a scheduled task that throws never runs
     * again), reports the first one, and is silent once the demo is stopping.
     */
    private Runnable guarded(String what, Runnable task) {
        AtomicBoolean reported = new AtomicBoolean();
        return () -> {
            if (stopping) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                if (!stopping && reported.compareAndSet(false, true)) {
                    LOG.log(Level.WARNING, "demo task " + what + " failed (further failures are logged at FINE)", e);
                } else {
                    LOG.log(Level.FINE, "demo task " + what + " failed", e);
                }
            }
        };
    }
}
