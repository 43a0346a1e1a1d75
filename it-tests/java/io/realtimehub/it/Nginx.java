package io.realtimehub.it;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * nginx in front of two nodes, or of one node for the browser's fallback tests, with the project's
 * own configuration from server-config/nginx (installed from Debian's packages by
 * server-config/test.sh). Loopback only; stopped on close.
 */
final class Nginx implements AutoCloseable {

    private Process process;
    private final Path prefix;
    private final Map<String, String> nodes;
    final URI base;

    private Nginx(Process process, Path prefix, Map<String, String> nodes, URI base) {
        this.process = process;
        this.prefix = prefix;
        this.nodes = nodes;
        this.base = base;
    }

    /** {@code mode} is {@code sticky} or {@code shared}: the configuration file to use. */
    static Nginx start(String mode, URI node1, URI node2) throws Exception {
        return start(mode, Map.of("@NODE1@", hostPort(node1), "@NODE2@", hostPort(node2)));
    }

    /**
     * One node behind a proxy that blocks some transports, for the browser's fallback tests:
     * {@code mode} is {@code no-websocket} (upgrades refused with 403) or {@code no-streaming}
     * (upgrades refused, every response buffered whole, so SSE never arrives).
     */
    static Nginx start(String mode, URI node) throws Exception {
        // @NODE2@ too: restoreAs may switch to a two-node configuration, with this node twice.
        return start(mode, Map.of("@NODE1@", hostPort(node), "@NODE2@", hostPort(node)));
    }

    private static String hostPort(URI node) {
        return node.getHost() + ":" + node.getPort();
    }

    private static Nginx start(String mode, Map<String, String> nodes) throws Exception {
        Path prefix = Files.createTempDirectory("hub-nginx");
        Files.createDirectories(prefix.resolve("tmp"));
        int port = PayaraProcess.freePort();
        configure(mode, nodes, prefix, port);
        return new Nginx(launch(prefix, port), prefix, nodes, URI.create("http://127.0.0.1:" + port + "/"));
    }

    /** Writes the configuration {@code mode} with the placeholders filled in. */
    private static void configure(String mode, Map<String, String> nodes, Path prefix, int port) throws Exception {
        Path conf = Path.of("server-config", "nginx").toAbsolutePath();
        String config = Files.readString(conf.resolve(mode + ".conf"), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> node : nodes.entrySet()) {
            config = config.replace(node.getKey(), node.getValue());
        }
        config = config
                .replace("@LISTEN@", "127.0.0.1:" + port)
                .replace("@PREFIX@", prefix.toString())
                .replace("@CONF@", conf.toString());
        Files.writeString(prefix.resolve("nginx.conf"), config, StandardCharsets.UTF_8);
    }

    private static Process launch(Path prefix, int port) throws Exception {
        Process process = new ProcessBuilder("nginx", "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(prefix.resolve("out.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return process;
            } catch (java.io.IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("nginx did not start: " + Files.readString(prefix.resolve("out.log"))
                            + (Files.exists(prefix.resolve("error.log")) ? Files.readString(prefix.resolve("error.log")) : ""));
                }
                Thread.sleep(50);
            }
        }
    }

    /** Stops the proxy at once, cutting every connection through it: a network outage for the browser. */
    void cut() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts the proxy again where it was, after {@link #cut()}. */
    void restore() throws Exception {
        process = launch(prefix, base.getPort());
    }

    /** Starts the proxy again on the same port with another configuration, after {@link #cut()}. */
    void restoreAs(String mode) throws Exception {
        configure(mode, nodes, prefix, base.getPort());
        restore();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        try (var files = Files.walk(prefix)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
