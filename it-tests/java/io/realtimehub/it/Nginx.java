package io.realtimehub.it;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * nginx in front of two nodes, with the project's own configuration from server-config/nginx
 * (installed from Debian's packages by server-config/test.sh). Loopback only; stopped on close.
 */
final class Nginx implements AutoCloseable {

    private final Process process;
    private final Path prefix;
    final URI base;

    private Nginx(Process process, Path prefix, URI base) {
        this.process = process;
        this.prefix = prefix;
        this.base = base;
    }

    /** {@code mode} is {@code sticky} or {@code shared}: the configuration file to use. */
    static Nginx start(String mode, URI node1, URI node2) throws Exception {
        Path conf = Path.of("server-config", "nginx").toAbsolutePath();
        Path prefix = Files.createTempDirectory("hub-nginx");
        Files.createDirectories(prefix.resolve("tmp"));
        int port = PayaraProcess.freePort();
        String config = Files.readString(conf.resolve(mode + ".conf"), StandardCharsets.UTF_8)
                .replace("@LISTEN@", "127.0.0.1:" + port)
                .replace("@NODE1@", node1.getHost() + ":" + node1.getPort())
                .replace("@NODE2@", node2.getHost() + ":" + node2.getPort())
                .replace("@PREFIX@", prefix.toString())
                .replace("@CONF@", conf.toString());
        Path file = prefix.resolve("nginx.conf");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder("nginx", "-p", prefix.toString(), "-c", file.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(prefix.resolve("out.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                break;
            } catch (java.io.IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("nginx did not start: " + Files.readString(prefix.resolve("out.log"))
                            + (Files.exists(prefix.resolve("error.log")) ? Files.readString(prefix.resolve("error.log")) : ""));
                }
                Thread.sleep(50);
            }
        }
        return new Nginx(process, prefix, URI.create("http://127.0.0.1:" + port + "/"));
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
