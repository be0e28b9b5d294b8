package org.calico4j.client.etcd;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A real etcd (Debian's {@code etcd-server}, {@code /usr/bin/etcd}) on 127.0.0.1 with free ports
 * and a temporary data directory, for tests. Stopped by its own process handle; the directory is
 * removed on {@link #close()}. Without the binary the test is skipped with the reason, except
 * under {@code CI=true}, where a missing tier is a failure.
 */
public final class EtcdServer implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/etcd");

    private final Path dir;
    private int clientPort;
    /** The client port to go back to after {@link #restartElsewhere()}; -1 when not moved. */
    private int originalPort = -1;
    private final int peerPort;
    private final Path certs;
    private Process process;

    private EtcdServer(Path dir, int clientPort, int peerPort, Path certs) {
        this.dir = dir;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.certs = certs;
    }

    /** Starts etcd, or skips (fails under CI=true) when it is not installed. */
    public static EtcdServer start() throws IOException, InterruptedException {
        return start(null);
    }

    /**
     * Starts etcd serving clients over TLS with client-certificate auth, using
     * {@code ca.pem}, {@code server.pem}/{@code server.key} from {@code certs} (see {@link TestCerts}).
     */
    public static EtcdServer startTls(Path certs) throws IOException, InterruptedException {
        return start(certs);
    }

    private static EtcdServer start(Path certs) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            String why = BINARY + " not found (Debian package etcd-server; ./scripts/test installs it as root)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true and the etcd tier cannot run: " + why);
            }
            Assumptions.abort("etcd tier skipped: " + why);
        }
        EtcdServer s = new EtcdServer(Files.createTempDirectory("calico4j-etcd"), freePort(), freePort(), certs);
        s.launch();
        return s;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void launch() throws IOException, InterruptedException {
        String client = endpoint();
        String peer = "http://127.0.0.1:" + peerPort;
        List<String> cmd = new java.util.ArrayList<>(List.of(BINARY.toString(), "--name", "calico4j-test",
                "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "calico4j-test=" + peer, "--initial-cluster-state", "new",
                "--logger", "zap", "--log-outputs", "stderr"));
        if (certs != null) {
            cmd.addAll(List.of("--cert-file", certs.resolve("server.pem").toString(),
                    "--key-file", certs.resolve("server.key").toString(),
                    "--trusted-ca-file", certs.resolve("ca.pem").toString(), "--client-cert-auth"));
        }
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("etcd.log").toFile()))
                .start();
        awaitHealthy(Duration.ofSeconds(30));
    }

    private void awaitHealthy(Duration limit) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("etcd exited with " + process.exitValue() + "; log:\n" + log());
            }
            if (certs != null) {
                if (log().contains("serving client traffic securely")) {
                    return;
                }
                Thread.sleep(50);
                continue;
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + clientPort + "/health"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("true")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(50);
        }
        throw new IOException("etcd not healthy within " + limit + "; log:\n" + log());
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("etcd.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public String endpoint() {
        return (certs != null ? "https" : "http") + "://127.0.0.1:" + clientPort;
    }

    /** {@code etcd://127.0.0.1:<port>} with a call timeout. */
    public URI uri(String timeout) {
        return URI.create("etcd://127.0.0.1:" + clientPort + "?timeout=" + timeout);
    }

    /** Deletes every key under {@code /calico/}, so a test starts from an empty Calico key space. */
    public void clearCalicoKeys() {
        try (io.etcd.jetcd.Client raw = io.etcd.jetcd.Client.builder().endpoints(endpoint()).build()) {
            raw.getKVClient().delete(io.etcd.jetcd.ByteSequence.from("/calico/", java.nio.charset.StandardCharsets.UTF_8),
                    io.etcd.jetcd.options.DeleteOption.builder().isPrefix(true).build()).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot clear etcd at " + endpoint(), e);
        }
    }

    public EtcdOptions options(Duration timeout) {
        return EtcdOptions.builder().endpoint(endpoint()).timeout(timeout).build();
    }

    /** SIGKILL, as a crash. */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Restarts on the same data but another client port: clients of the old port cannot reach it
     * (their watches stay disconnected) until {@link #restart()} puts it back. Returns the new port.
     */
    public int restartElsewhere() throws IOException, InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        originalPort = clientPort;
        clientPort = freePort();
        launch();
        return clientPort;
    }

    /** Starts again on the same ports and data (the original client port after {@link #restartElsewhere()}). */
    public void restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        if (originalPort > 0) {
            clientPort = originalPort;
            originalPort = -1;
        }
        launch();
    }

    /** Kills etcd, removes its data and starts an empty etcd on the same ports: its revision starts over. */
    public void wipe() throws IOException, InterruptedException {
        kill();
        deleteData();
        launch();
    }

    /** {@code etcdctl snapshot save}: a backup of the current state, to {@link #restore} later. */
    public void snapshot(Path file) throws IOException, InterruptedException {
        etcdctl(List.of("etcdctl", "--endpoints=" + endpoint(), "snapshot", "save", file.toString()));
    }

    /** Kills etcd and starts it on the same ports from {@code snapshot} (etcdctl snapshot restore): its revision goes back. */
    public void restore(Path snapshot) throws IOException, InterruptedException {
        kill();
        deleteData();
        String peer = "http://127.0.0.1:" + peerPort;
        // etcd 3.4 (Debian's) restores with etcdctl; from 3.5 on etcdutl does it (etcdctl's is gone in 3.6).
        String tool = Files.isExecutable(Path.of("/usr/bin/etcdutl")) ? "etcdutl" : "etcdctl";
        etcdctl(List.of(tool, "snapshot", "restore", snapshot.toString(), "--data-dir", dir.resolve("data").toString(),
                "--name", "calico4j-test", "--initial-cluster", "calico4j-test=" + peer, "--initial-advertise-peer-urls", peer));
        launch();
    }

    private void deleteData() throws IOException {
        Path data = dir.resolve("data");
        if (Files.exists(data)) {
            try (Stream<Path> s = Files.walk(data)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void etcdctl(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
