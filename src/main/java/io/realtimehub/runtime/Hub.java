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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

    private HubConfig config;
    private Engine engine;
    private Connections connections;
    private PublishGuard publishGuard;
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
        if (demo != null) {
            demo.stop(); // first: its feeds and jobs publish until they have stopped
        }
        List.copyOf(connections.webSockets()).forEach(Connections.Tended::shutdown);
        List.copyOf(connections.sse()).forEach(Connections.Tended::shutdown);
        timers.shutdownNow();
        workers.shutdown();
        sseWriters.shutdown();
        engine.close();
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
