package org.calico4j.testkit.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.calico4j.dataplane.Dataplane;
import org.calico4j.dataplane.DataplaneCapabilities;
import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.DataplaneStatus;
import org.calico4j.dataplane.HostInfo;
import org.calico4j.dataplane.NodeAgent;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.ebpf.BpfFs;
import org.calico4j.dataplane.ebpf.EbpfDataplane;
import org.calico4j.dataplane.iptables.IptablesDataplane;
import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Exec;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.dataplane.linux.NodeNetwork;
import org.calico4j.model.EncapsulationMode;
import org.calico4j.model.IpPool;
import org.calico4j.testkit.SimulatedCluster;

/**
 * The calico-node half of a {@link RealBirdCluster} node besides BIRD: a {@link NodeAgent} per node, watching the
 * simulated cluster's datastore and programming the node's namespace through the chosen kernel dataplane. For
 * IPIP pools each node gets a stand-in {@code tunl0} (these kernels have no ipip module), so routes through it can
 * be checked but packets sent into it go nowhere: one end of a veth pair whose other end lies unattached in the
 * cluster's switch namespace, where they are dropped (these kernels have no dummy devices either).
 *
 * <p>One per cluster; {@link #close} stops the agents and closes the dataplanes (the eBPF one unpins its maps
 * and program) and removes the run's bpffs directory.
 */
final class KernelAgents implements AutoCloseable {
    /** Where the eBPF dataplanes of every run pin their maps: {@code <root>/<run id>/<node>/}. */
    static final Path BPFFS = Path.of("/run/calico4j/bpffs-realbird");
    private static final Duration CMD = Duration.ofSeconds(20);
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    private final KernelDataplane kind;
    private final String id;
    private final SimulatedCluster sim;
    private final Map<String, Dataplane> dataplanes = new LinkedHashMap<>();
    private final List<NodeAgent> agents = new ArrayList<>();

    KernelAgents(KernelDataplane kind, String id, SimulatedCluster sim) {
        this.kind = kind;
        this.id = id;
        this.sim = sim;
    }

    /** What this machine lacks for {@code kind} (iptables and ipset; bpftool, tc and a bpffs), or empty. */
    static Optional<String> missing(KernelDataplane kind) {
        List<List<String>> probes = switch (kind) {
            case NONE -> List.of();
            case IPTABLES -> List.of(List.of("iptables", "-V"), List.of("ipset", "version"));
            case EBPF -> List.of(List.of("bpftool", "version"), List.of("tc", "-V"), List.of("iptables", "-V"));
        };
        for (List<String> p : probes) {
            try {
                CommandRunner.Result r = CommandRunner.system().run(p, CMD);
                if (!r.ok()) {
                    return Optional.of(p.get(0) + " (probed `" + String.join(" ", p) + "`: " + (r.stderr() + r.stdout()).strip() + ")");
                }
            } catch (CommandRunner.CommandException e) {
                return Optional.of(p.get(0) + " (Debian packages iptables, ipset, bpftool, iproute2: " + e.getMessage() + ")");
            }
        }
        if (kind == KernelDataplane.EBPF) {
            try {
                BpfFs.ensureMounted(BPFFS);
            } catch (RuntimeException e) {
                return Optional.of("a BPF filesystem at " + BPFFS + " (" + e.getMessage() + "; needs root)");
            }
        }
        return Optional.empty();
    }

    /** Removes the bpffs directories of runs whose JVM is gone ({@code dead} says which pids are). */
    static void cleanLeftovers(Pattern run, LongPredicate dead) {
        if (!Files.isDirectory(BPFFS)) {
            return;
        }
        try (Stream<Path> runs = Files.list(BPFFS)) {
            runs.forEach(r -> {
                Matcher m = run.matcher(r.getFileName().toString());
                if (m.matches() && dead.test(Long.parseLong(m.group(1), 36))) {
                    RealBirdCluster.deleteTree(r);
                }
            });
        } catch (IOException e) {
            // Nothing to clean.
        }
    }

    /** Whether a pool asks for IPIP (realised with the stand-in {@code tunl0}). */
    static boolean ipip(List<IpPool> pools) {
        return pools.stream().anyMatch(p -> p.spec().ipipEncapsulation().orElse(EncapsulationMode.NEVER) != EncapsulationMode.NEVER);
    }

    /** Starts an agent per node (in {@code nodes}: node name to its namespace) and waits until each programmed its node. */
    void start(Map<String, Netns> nodes, List<IpPool> pools, Netns sink) {
        List<HostInfo> hosts = nodes.keySet().stream().map(n -> sim.state(n).host()).toList();
        int i = 0;
        for (Map.Entry<String, Netns> e : nodes.entrySet()) {
            Netns ns = e.getValue();
            if (ipip(pools)) {
                // Stand-in: no ipip module in these kernels. Routing through it is real; packets into it die in the sink.
                ns.ip("link", "add", NodeNetwork.TUNL0, "type", "veth", "peer", "name", "tun" + i, "netns", sink.name());
                ns.ip("link", "set", NodeNetwork.TUNL0, "up");
                sink.ip("link", "set", "tun" + i, "up");
            }
            i++;
            Dataplane dp = switch (kind) {
                case IPTABLES -> IptablesDataplane.builder(e.getKey()).netns(ns.name()).ipv6(false).build();
                case EBPF -> EbpfDataplane.builder(e.getKey()).bpffs(BpfFs.ensureMounted(BPFFS).resolve(id))
                        .netns(ns.name()).nodes(() -> hosts).build();
                case NONE -> throw new IllegalStateException("no kernel dataplane to start");
            };
            dataplanes.put(e.getKey(), dp);
            agents.add(NodeAgent.builder().client(sim.client()).node(e.getKey()).dataplane(dp).resyncInterval(Duration.ZERO).start());
        }
        long rev = sim.client().datastore().revision();
        for (NodeAgent a : agents) {
            try {
                if (!a.awaitRevision(rev, CONVERGE)) {
                    throw new IllegalStateException(a + " did not program revision " + rev + " within " + CONVERGE + ": " + a.problems());
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + a, ex);
            }
            if (a.lastError() != null) {
                throw new IllegalStateException(a + " failed to program its node: " + a.lastError().getMessage(), a.lastError());
            }
        }
    }

    /** Each node's dataplane (for inspection: {@code iptables-save}, routes map). */
    Map<String, Dataplane> dataplanes() {
        return Map.copyOf(dataplanes);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (NodeAgent a : agents) {
            try {
                a.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        for (Dataplane d : dataplanes.values()) {
            try {
                d.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        RealBirdCluster.deleteTree(BPFFS.resolve(id));
        if (first != null) {
            throw first;
        }
    }
}
