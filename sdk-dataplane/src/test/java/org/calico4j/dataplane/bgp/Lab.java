package org.calico4j.dataplane.bgp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Netns;

/**
 * A throw-away network of namespaces for real-BIRD tests: a switch namespace with a bridge
 * ({@code 10.0.0.0/24}), hosts attached to it, one BIRD per host. Everything it made is removed on close.
 * Without root, {@code ip} or BIRD the tests are skipped with the reason (outside CI) or fail (CI=true).
 */
final class Lab implements AutoCloseable {
    private final String prefix = "c4j" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36) + "-";
    private final List<Netns> namespaces = new ArrayList<>();
    private final List<BirdController> birds = new ArrayList<>();
    private final Path dir;
    final Netns sw;

    Lab() throws IOException {
        requireCapabilities();
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
