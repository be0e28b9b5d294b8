package org.calico4j.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code /usr/bin/etcd} on free loopback ports with a scratch data directory, for the
 * benchmarks that need a real etcd; {@link #close()} stops it and removes the directory.
 *
 * <pre>{@code
 * try (LocalEtcd etcd = LocalEtcd.start()) { EtcdDatastore.open(... etcd.endpoint() ...); }
 * }</pre>
 */
final class LocalEtcd implements AutoCloseable {
    private final Path dir;
    private final Process process;
    private final String endpoint;

    private LocalEtcd(Path dir, Process process, String endpoint) {
        this.dir = dir;
        this.process = process;
        this.endpoint = endpoint;
    }

    static LocalEtcd start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("calico4j-etcd-bench");
        String c = "http://127.0.0.1:" + freePort();
        String p = "http://127.0.0.1:" + freePort();
        Process etcd = new ProcessBuilder(List.of("/usr/bin/etcd", "--name", "bench", "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", c, "--advertise-client-urls", c, "--listen-peer-urls", p,
                "--initial-advertise-peer-urls", p, "--initial-cluster", "bench=" + p, "--logger", "zap", "--log-outputs", "stderr"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 300; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(c + "/health")).build(), HttpResponse.BodyHandlers.ofString())
                        .body().contains("true")) {
                    return new LocalEtcd(dir, etcd, c);
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        etcd.destroy();
        throw new IllegalStateException("etcd did not become healthy; see " + dir.resolve("etcd.log"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TempDirs.delete(dir);
    }
}
