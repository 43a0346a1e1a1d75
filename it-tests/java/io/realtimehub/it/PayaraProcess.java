package io.realtimehub.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The hub's WAR on a Payara Micro started by the test itself, for settings that differ from the
 * shared Arquillian deployment. Loopback only, no Hazelcast, stopped on close.
 */
final class PayaraProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    final URI base;

    private PayaraProcess(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /** Starts a single node without Hazelcast; returns once it reports ready. */
    static PayaraProcess start(List<String> jvmOptions, Map<String, String> environment) throws Exception {
        return start(jvmOptions, environment, List.of("--nohazelcast"));
    }

    /**
     * Starts Payara with JVM options, environment variables and Payara Micro options (cluster
     * flags, or {@code --nohazelcast}); returns once it reports ready.
     */
    static PayaraProcess start(List<String> jvmOptions, Map<String, String> environment, List<String> microOptions)
            throws Exception {
        return start(freePort(), jvmOptions, environment, microOptions);
    }

    /**
     * Starts a single node without Hazelcast on the given port, for tests that need a fixed
     * origin (a browser page, a restart on the same port, a proxy in front).
     */
    static PayaraProcess start(int port, List<String> jvmOptions, Map<String, String> environment) throws Exception {
        return start(port, jvmOptions, environment, List.of("--nohazelcast"));
    }

    /** As above, with Payara Micro options: a test can start a hub again where clients expect it. */
    static PayaraProcess start(int port, List<String> jvmOptions, Map<String, String> environment, List<String> microOptions)
            throws Exception {
        Path root = Files.createTempDirectory("hub-payara");
        Path log = root.resolve("server.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", System.getProperty("payara.microJar", "target/payara-micro.jar"),
                "--deploy", System.getProperty("hub.war", "target/realtime-hub.war"),
                "--contextroot", "/", "--port", String.valueOf(port),
                "--interfaces", "127.0.0.1", "--rootdir", root.resolve("runtime").toString()));
        command.addAll(microOptions);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        PayaraProcess payara = new PayaraProcess(builder.start(), log, URI.create("http://127.0.0.1:" + port + "/"));
        payara.awaitLog("ready in", 180);
        return payara;
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private void awaitLog(String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!log().contains(text)) {
            if (!process.isAlive()) {
                throw new AssertionError("Payara Micro exited early:\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Payara Micro not ready within " + seconds + " s:\n" + log());
            }
            Thread.sleep(200);
        }
    }

    /** Ends the JVM at once, as a crash or power loss would: no orderly shutdown. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * Stops the server as an operator does: SIGTERM (Process.destroy), so Payara undeploys the hub
     * and exits. Waits for the exit; a server that is still running after a minute is killed.
     */
    void stop() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("Payara Micro did not stop within 60 s of SIGTERM:\n" + log());
        }
    }

    int port() {
        return base.getPort();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        deleteTree(log.getParent().toFile());
    }

    private static void deleteTree(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteTree(c);
            }
        }
        f.delete();
    }
}
