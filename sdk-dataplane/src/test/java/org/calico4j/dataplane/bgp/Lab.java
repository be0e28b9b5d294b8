package org.calico4j.dataplane.bgp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Netns;

/**
 * A throw-away network of namespaces for real-BIRD tests: a switch namespace with a bridge
 * ({@code 10.0.0.0/24}), hosts attached to it, one BIRD per host. Everything it made is removed on close;
 * what a crashed run left ({@code c4j-lab<pid>x...} of a dead JVM) is removed when the first lab starts.
 * Without root, {@code ip} or BIRD the tests are skipped with the reason (outside CI) or fail (CI=true).
 */
final class Lab implements AutoCloseable {
    private static final String OWN = "c4j-lab" + ProcessHandle.current().pid() + "x";
    private static final AtomicInteger LABS = new AtomicInteger();
    private static final AtomicBoolean SWEPT = new AtomicBoolean();
    private final String prefix = OWN + LABS.incrementAndGet() + "-";
    private final List<Netns> namespaces = new ArrayList<>();
    private final List<BirdController> birds = new ArrayList<>();
    private final Path dir;
    final Netns sw;

    Lab() throws IOException {
        requireCapabilities();
        if (SWEPT.compareAndSet(false, true)) {
            removeLeftovers();
        }
        dir = Files.createTempDirectory("c4j-bird");
        sw = add("sw");
        sw.ip("link", "add", "br0", "type", "bridge");
        sw.ip("link", "set", "br0", "up");
    }

    static void requireCapabilities() {
        BirdCheck.requireBird();
        if (!Files.isExecutable(Path.of("/usr/sbin/birdc"))) {
            BirdCheck.missing("/usr/sbin/birdc (Debian package bird2)");
        }
        String probe = "c4jprobe" + ThreadLocalRandom.current().nextInt(1000);
        CommandRunner.Result r = CommandRunner.system().run(List.of("ip", "netns", "add", probe), Duration.ofSeconds(10));
        if (!r.ok()) {
            BirdCheck.missing("network namespaces (probed `ip netns add`: " + r.stderr().strip() + "; needs root)");
        }
        CommandRunner.system().run(List.of("ip", "netns", "del", probe), Duration.ofSeconds(10));
    }

    /**
     * Removes what a crashed run left: namespaces {@code c4j-lab<pid>x...} of JVMs no longer alive,
     * after stopping the processes (BIRD) still inside them.
     */
    private static void removeLeftovers() {
        CommandRunner run = CommandRunner.system();
        CommandRunner.Result list = run.run(List.of("ip", "netns", "list"), Duration.ofSeconds(10));
        for (String line : list.stdout().split("\n")) {
            String ns = line.split(" ")[0].trim();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("c4j-lab([0-9]+)x[0-9]+-.*").matcher(ns);
            if (!m.matches() || ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            for (String pid : run.run(List.of("ip", "netns", "pids", ns), Duration.ofSeconds(10)).stdout().split("\\s+")) {
                if (pid.matches("[0-9]+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            run.run(List.of("ip", "netns", "del", ns), Duration.ofSeconds(10));
        }
    }

    Netns add(String name) {
        Netns ns = Netns.create(prefix + name);
        namespaces.add(ns);
        return ns;
    }

    /** A host on the switch with {@code address} (e.g. 10.0.0.11/24) on its eth0. */
    Netns host(String name, String address) {
        Netns ns = add(name);
        String port = "p" + name;
        ns.veth("eth0", sw, port);
        sw.ip("link", "set", port, "master", "br0");
        ns.ip("addr", "add", address, "dev", "eth0");
        return ns;
    }

    BirdController bird(Netns ns) {
        BirdController b = BirdController.in(dir.resolve(ns.name())).netns(ns).build();
        birds.add(b);
        return b;
    }

    @Override
    public void close() throws IOException {
        for (BirdController b : birds) {
            b.close();
        }
        for (Netns ns : namespaces) {
            ns.close();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
