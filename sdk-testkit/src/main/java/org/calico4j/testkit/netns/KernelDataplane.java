package org.calico4j.testkit.netns;

import java.util.Locale;

/**
 * Which dataplane programs the kernel of each node of a {@link RealBirdCluster}, next to its BIRD.
 *
 * <pre>{@code
 * RealBirdCluster real = RealBirdCluster.start(sim, KernelDataplane.parse("iptables"));
 * }</pre>
 */
public enum KernelDataplane {
    /** No NodeAgent: the cluster writes the workload routes and one nftables masquerade rule itself (BGP checks). */
    NONE,
    /** A NodeAgent per node with the iptables dataplane (nat table, IP sets, routes and VXLAN devices). */
    IPTABLES,
    /** A NodeAgent per node with the eBPF dataplane (routes map, tc program, MASQUERADE on mark) and Felix's routes. */
    EBPF;

    /**
     * {@code none}, {@code iptables} or {@code ebpf} (any case); a clear error otherwise.
     *
     * @param text the name
     * @return the constant
     * @throws IllegalArgumentException if it names none of them
     */
    public static KernelDataplane parse(String text) {
        for (KernelDataplane d : values()) {
            if (d.name().equals(text.toUpperCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("kernel dataplane '" + text + "' is not one of none, iptables, ebpf");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
