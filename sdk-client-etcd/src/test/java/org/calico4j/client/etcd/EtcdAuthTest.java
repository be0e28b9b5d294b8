package org.calico4j.client.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.calico4j.client.CalicoClient;
import org.calico4j.client.DatastoreException;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Username and password reach etcd: with auth enabled, calico4j works with them and fails without. */
class EtcdAuthTest {
    private EtcdServer etcd;

    @BeforeEach
    void start() throws Exception {
        etcd = EtcdServer.start();
        etcdctl("user", "add", "root:c4j-pass");
        etcdctl("auth", "enable");
    }

    @AfterEach
    void stop() throws Exception {
        etcd.close();
    }

    private void etcdctl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("etcdctl", "--endpoints=" + etcd.endpoint()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("etcdctl " + String.join(" ", args) + " failed: " + out);
        }
    }

    @Test
    void credentialsPassThrough() {
        String hostPort = etcd.endpoint().substring("http://".length());
        try (CalicoClient client = CalicoClient.connect("etcd://root:c4j-pass@" + hostPort + "?timeout=10s")) {
            client.ipPools().create(IpPool.builder().name("p").spec(IpPoolSpec.builder().cidr("10.0.0.0/16").build()).build());
            assertEquals(1, client.ipPools().list().items().size());
        }
        try (CalicoClient anonymous = CalicoClient.connect("etcd://" + hostPort + "?timeout=5s")) {
            DatastoreException e = assertThrows(DatastoreException.class, () -> anonymous.ipPools().list());
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("etcd"), e.getMessage());
        }
    }

    @Test
    void aWrongPasswordSaysAuthenticationFailedForWhichUserAndNothingElse() {
        String hostPort = etcd.endpoint().substring("http://".length());
        try (CalicoClient client = CalicoClient.connect("etcd://root:wrong-pass@" + hostPort + "?timeout=10s")) {
            DatastoreException e = assertThrows(DatastoreException.class, () -> client.ipPools().list());
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("authentication failed for user root"), e.getMessage());
            org.junit.jupiter.api.Assertions.assertFalse(e.getMessage().contains("wrong-pass"), e.getMessage());
            org.junit.jupiter.api.Assertions.assertFalse(e.retryable(), "the same password will not work later");
        }
    }

    @Test
    void thePasswordCanComeFromAFile() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("etcd-pw", "");
        try {
            java.nio.file.Files.writeString(f, "c4j-pass\n");
            String hostPort = etcd.endpoint().substring("http://".length());
            try (CalicoClient client = CalicoClient.connect("etcd://root@" + hostPort + "?timeout=10s&passwordFile=" + f)) {
                assertEquals(0, client.ipPools().list().items().size());
            }
        } finally {
            java.nio.file.Files.deleteIfExists(f);
        }
    }

    /**
     * Everything at DEBUG/TRACE (SLF4J and java.util.logging) in a child JVM that authenticates, lists, watches
     * and writes: neither the password nor etcd's auth token (a "simple" token: 16 letters, a dot, a counter)
     * may appear. The same child with the guard switched off shows the token, so the search does find one.
     */
    @Test
    void debugLoggingPrintsNeitherThePasswordNorTheAuthToken() throws Exception {
        java.util.regex.Pattern simpleToken = java.util.regex.Pattern.compile("[A-Za-z]{16}\\.\\d+");
        String unguarded = debugRun(true);
        org.junit.jupiter.api.Assertions.assertTrue(simpleToken.matcher(unguarded).find(),
                "without the guard gRPC's frame log shows the token (else this test could not fail)");
        String out = debugRun(false);
        java.util.regex.Matcher token = simpleToken.matcher(out);
        if (token.find()) {
            int at = token.start();
            throw new AssertionError("auth token in the debug log: ..." + out.substring(Math.max(0, at - 300), Math.min(out.length(), at + 100)));
        }
        org.junit.jupiter.api.Assertions.assertFalse(out.contains("c4j-pass"), "password in the debug log");
    }

    private String debugRun(boolean logFrames) throws Exception {
        java.nio.file.Path jul = java.nio.file.Files.createTempFile("jul", ".properties");
        try {
            java.nio.file.Files.writeString(jul, "handlers=java.util.logging.ConsoleHandler\n.level=ALL\n"
                    + "java.util.logging.ConsoleHandler.level=ALL\n");
            String hostPort = etcd.endpoint().substring("http://".length());
            List<String> cmd = List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-D" + FrameLogGuard.LOG_FRAMES + "=" + logFrames,
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace", "-Djava.util.logging.config.file=" + jul,
                    EtcdDebugLogProbe.class.getName(), "etcd://root:c4j-pass@" + hostPort + "?timeout=10s");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            org.junit.jupiter.api.Assertions.assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            org.junit.jupiter.api.Assertions.assertTrue(out.contains("probe done"), out.substring(Math.max(0, out.length() - 4000)));
            org.junit.jupiter.api.Assertions.assertTrue(out.contains("DEBUG"), "debug logging was on");
            return out;
        } finally {
            java.nio.file.Files.deleteIfExists(jul);
        }
    }
}
