package org.calico4j.dataplane.tck;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.ebpf.EbpfCheck;
import org.calico4j.dataplane.ebpf.EbpfDataplane;
import org.calico4j.dataplane.iptables.IptablesDataplane;
import org.calico4j.dataplane.iptables.KernelLab;
import org.calico4j.dataplane.iptables.NatTrace;
import org.calico4j.dataplane.linux.Netns;

/**
 * The kernel-backed dataplanes of one cluster C node, each in its own namespace of a {@link KernelLab} and checked
 * against the kernel as they go: the iptables one reads back without drift and, for every packet, the rule walk
 * through its programmed nat chains takes the verdict's NAT decision; the eBPF one's {@code bpftool map dump} equals
 * what it believes it programmed after every write, and so do its other maps, routes and devices. The caller closes the lab after the dataplanes.
 *
 * <pre>{@code
 * try (KernelLab lab = new KernelLab(); Dataplane dp = KernelDataplanes.ebpf(lab, "n1")) { dp.resync(state); }
 * }</pre>
 */
public final class KernelDataplanes {
    /** Cluster C's node addresses, on each node namespace's {@code eth0} (so VXLAN devices and plain routes are programmed). */
    private static final Map<String, String> ADDRESSES = Map.of("n1", "10.0.0.11/24", "n2", "10.0.0.12/24", "n3", "10.0.1.13/24");

    private KernelDataplanes() {
    }

    private static Netns nodeNamespace(KernelLab lab, String name, String node) {
        Netns ns = lab.node(name);
        ns.ip("link", "add", "eth0", "type", "veth", "peer", "name", "eth0p");
        ns.ip("link", "set", "eth0", "up");
        ns.ip("link", "set", "eth0p", "up");
        ns.ip("addr", "add", ADDRESSES.get(node), "dev", "eth0");
        return ns;
    }

    /** The iptables dataplane of {@code node} in namespace {@code <lab>-<node>}; disagreements with the kernel go to {@code problems}. */
    public static CheckingDataplane iptables(KernelLab lab, String node, List<String> problems) {
        Netns ns = nodeNamespace(lab, node, node);
        IptablesDataplane dp = IptablesDataplane.builder(node).netns(ns.name()).build();
        return CheckingDataplane.of(dp).afterWrite(() -> {
            List<String> drift = dp.drift();
            if (!drift.isEmpty()) {
                problems.add(dp + " drifted from its state: " + drift);
            }
        }).onVerdict((packet, v) -> {
            if (v.action() == Verdict.Action.FORWARD) {
                Optional<NatTrace.Decision> d = dp.decidingRule(packet);
                boolean ruleNats = d.map(NatTrace.Decision::nat).orElse(false);
                if (ruleNats != (v.snatTo() != null)) {
                    problems.add(packet + ": verdict " + v + " but the nat rules decide " + d.map(NatTrace.Decision::describe).orElse("nothing"));
                }
            }
        }).build();
    }

    /**
     * The eBPF dataplane of {@code node} in namespace {@code <lab>-<node>-bpf}, pinned under the tests' bpffs in a
     * directory named after that namespace (unique per lab); a map dump that differs from the programmed entries, or
     * routes and devices that drifted, go to {@code problems}.
     */
    public static CheckingDataplane ebpf(KernelLab lab, String node, List<String> problems) {
        Path root = EbpfCheck.requireKernel();
        Netns ns = nodeNamespace(lab, node + "-bpf", node);
        EbpfDataplane dp = EbpfDataplane.builder(ns.name()).bpffs(root).netns(ns.name()).build();
        return CheckingDataplane.of(dp).afterWrite(() -> {
            if (!dp.routesMap().equals(dp.dumpRoutesMap())) {
                problems.add(dp + ": bpftool map dump " + dp.dumpRoutesMap() + " differs from what was programmed " + dp.routesMap());
            }
            List<String> drift = dp.drift();
            if (!drift.isEmpty()) {
                problems.add(dp + " drifted from its state: " + drift);
            }
        }).build();
    }
}
