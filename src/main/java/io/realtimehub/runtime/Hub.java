package io.realtimehub.runtime;

import io.realtimehub.config.HubConfig;
import io.realtimehub.config.SettingSource;
import io.realtimehub.demo.Demo;
import io.realtimehub.engine.Engine;
import io.realtimehub.engine.local.LocalEngine;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The running hub: configuration (read once), the engine, the threads that write to connections
 * and the timers that tend them. Created when the application starts, so a bad setting fails
 * the deployment instead of the first request.
 */
@ApplicationScoped
public class Hub {

    private static final Logger LOG = Logger.getLogger(Hub.class.getName());
    /**
     * How long a stop waits for the publishes under way, and then for connections to send what
     * they have queued; a client that does not read cannot hold up the stop for longer.
     */
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private HubConfig config;
    private Engine engine;
    private Connections connections;
    private PublishGuard publishGuard;
    private final PublishGate publishGate = new PublishGate();
    /** Non-blocking work: WebSocket batches (asynchronous sends) and long-poll answers. */
    private ExecutorService workers;
    /** SSE writes, which block while a client's socket is full. */
    private ExecutorService sseWriters;
    private ScheduledExecutorService timers;
    /** The demo applications' feeds and uploads; null unless {@code realtime.demo.enabled}. */
    private Demo demo;

    @PostConstruct
    void start() {
        config = HubConfig.load(SettingSource.forServer());
        engine = createEngine(config);
        connections = new Connections();
        publishGuard = new PublishGuard(config.publishToken(), config.publishRate());
        workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                DaemonThreads.named("realtime-worker"));
        sseWriters = Executors.newFixedThreadPool(config.sseWriterThreads(), DaemonThreads.named("realtime-sse-writer"));
        timers = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("realtime-timer"));

        every(config.sseHeartbeat().toMillis(), () -> connections.sse().forEach(Connections.Tended::heartbeat));
        every(config.webSocketPingInterval().toMillis(),
                () -> connections.webSockets().forEach(Connections.Tended::heartbeat));
        every(Math.max(100, Math.min(config.historyTtl().toMillis() / 4, 10_000)), engine::evictExpired);
        every(10_000, () -> publishGuard.forgetIdle(System.nanoTime()));
        if (config.demoEnabled()) {
            demo = Demo.start(this);
        }
        LOG.info(() -> "Realtime Hub started: " + config);
    }

    /**
     * The local engine for {@code none}; otherwise the Hazelcast engines, loaded by name so that
     * the single-node hub never loads a Hazelcast class (the server may not have them).
     */
    static Engine createEngine(HubConfig config) {
        if (config.cluster() == HubConfig.ClusterMode.NONE) {
            return new LocalEngine(config.historySize(), config.historyTtl(), Clock.systemUTC());
        }
        try {
            return (Engine) Class.forName("io.realtimehub.engine.hazelcast.HazelcastEngines", true, Hub.class.getClassLoader())
                    .getMethod("create", HubConfig.class).invoke(null, config);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException("realtime.cluster=" + config.cluster().name().toLowerCase()
                    + ": cannot start the clustered engine: " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("realtime.cluster=" + config.cluster().name().toLowerCase()
                    + " needs Hazelcast on the server's class path: " + e, e);
        }
    }

    /** Forces creation at start-up (see the class comment). */
    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        config();
    }

    @PreDestroy
    void stop() {
        try {
            closeConnections();
        } finally {
            // Whatever is still open, including a connection that arrived meanwhile, closes now.
            List.copyOf(connections.webSockets()).forEach(Connections.Tended::shutdownNow);
            List.copyOf(connections.sse()).forEach(Connections.Tended::shutdownNow);
            timers.shutdownNow();
            workers.shutdown();
            sseWriters.shutdown();
            engine.close();
        }
    }

    /**
     * The orderly part of a stop, which loses no accepted message: publishes are refused, those
     * under way finish their fan-out, then every connection sends what it has queued and closes.
     * Each wait is at most {@link #STOP_WAIT}. Runs once: on Payara it is called when the JAX-RS
     * runtime shuts down (see {@code HubApplication}), before {@link #stop()}.
     */
    public synchronized void closeConnections() {
        if (publishGate.isClosed()) {
            return;
        }
        if (demo != null) {
            demo.stop(); // first: its feeds and jobs publish until they have stopped
        }
        try {
            if (!publishGate.close(STOP_WAIT)) {
                LOG.warning("stopping while publishes are still under way after " + STOP_WAIT.toMillis() + " ms");
            }
            List<Connections.Tended> open = new ArrayList<>(connections.webSockets());
            open.addAll(connections.sse());
            LOG.info(() -> "Realtime Hub stopping: publishes refused; closing " + open.size()
                    + " connections once they have sent what is queued");
            CompletableFuture.allOf(open.stream().map(c -> c.shutdown().toCompletableFuture()).toArray(CompletableFuture[]::new))
                    .get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.info(() -> "some connections did not take their last messages within " + STOP_WAIT.toMillis() + " ms");
        } catch (ExecutionException e) {
            LOG.log(Level.FINE, "a connection failed while closing", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public HubConfig config() {
        return config;
    }

    public Engine engine() {
        return engine;
    }

    public Connections connections() {
        return connections;
    }

    public PublishGuard publishGuard() {
        return publishGuard;
    }

    /** Whether the hub is stopping: publishes are refused and connections are being closed. */
    public boolean stopping() {
        return publishGate.isClosed();
    }

    /** Every publish passes it, so that a stop can refuse new ones and wait for those under way. */
    public PublishGate publishGate() {
        return publishGate;
    }

    public ExecutorService workers() {
        return workers;
    }

    public ExecutorService sseWriters() {
        return sseWriters;
    }

    /** The demo applications, present only when {@code realtime.demo.enabled} is true. */
    public Optional<Demo> demo() {
        return Optional.ofNullable(demo);
    }

    public ScheduledExecutorService timers() {
        return timers;
    }

    private void every(long millis, Runnable task) {
        timers.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "periodic hub task failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }
}
