package org.calico4j.dataplane.ebpf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.calico4j.dataplane.linux.CommandRunner;
import org.junit.jupiter.api.Assumptions;

/**
 * What the eBPF kernel tier needs (root, bpftool, a bpffs, tc, iptables, network namespaces): skipped with the reason
 * and what was probed outside CI, a failure when CI=true (as BirdCheck does for BIRD).
 */
public final class EbpfCheck {
    /** The tests' own bpffs, apart from the default one a real node would use. */
    static final Path ROOT = Path.of("/run/calico4j/bpffs-test");

    private EbpfCheck() {
    }

    static void missing(String what) {
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but the eBPF tier cannot run: missing " + what);
        }
        Assumptions.abort("eBPF tier skipped: missing " + what);
    }

    private static void probe(List<String> cmd, String what) {
        CommandRunner.Result r;
        try {
            r = CommandRunner.system().run(cmd, Duration.ofSeconds(20));
        } catch (CommandRunner.CommandException e) {
            missing(what + " (" + e.getMessage() + ")");
            return;
        }
        if (!r.ok()) {
            missing(what + " (probed `" + String.join(" ", cmd) + "`: " + (r.stderr() + r.stdout()).strip() + ")");
        }
    }

    /** bpftool and a mountable bpffs (root). */
    public static Path requireBpf() {
        probe(List.of("bpftool", "version"), "bpftool (Debian package bpftool; ./scripts/test installs it)");
        try {
            return BpfFs.ensureMounted(ROOT);
        } catch (RuntimeException e) {
            missing("a BPF filesystem at " + ROOT + " (" + e.getMessage() + "; needs root)");
            return ROOT;
        }
    }

    /** Everything the namespace tests need besides bpftool. */
    public static Path requireKernel() {
        Path root = requireBpf();
        probe(List.of("tc", "-V"), "tc (Debian package iproute2)");
        probe(List.of("iptables", "-V"), "iptables (Debian package iptables)");
        String ns = "c4jprobe" + ThreadLocalRandom.current().nextInt(1000);
        probe(List.of("ip", "netns", "add", ns), "network namespaces (needs root)");
        CommandRunner.system().run(List.of("ip", "netns", "del", ns), Duration.ofSeconds(10));
        return root;
    }
}
