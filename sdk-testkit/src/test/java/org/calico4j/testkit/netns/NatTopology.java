package org.calico4j.testkit.netns;

import java.util.ArrayList;
import java.util.List;

import org.calico4j.dataplane.Packet;
import org.calico4j.testkit.Scenario;
import org.calico4j.testkit.property.Gen;

/**
 * A small generated cluster for the outbound differential, as a scenario: 2-4 nodes on one or two subnets, 1-2
 * routers, an internet host and a host inside a disabled pool's CIDR, 1-2 pools (natOutgoing or not; no
 * encapsulation, VXLAN or IPIP, Always or CrossSubnet), a workload per node (in pool {@code i % pools}), and
 * optionally: the disabled pool, Felix's natOutgoingAddress, a NAT interface filter that matches nothing,
 * natOutgoingExclusions IPPoolsAndHostIPs, BGPPeers from every node to the routers. Everything shrinks towards
 * one subnet, fewer nodes, routers and pools, no NAT, no encapsulation and every option off.
 *
 * @param nodes   per node: its subnet
 * @param routers per router: its subnet
 * @param pools   per pool: natOutgoing ({@code v % 2}) and encapsulation ({@code v / 2}: none, VXLAN Always, VXLAN
 *                CrossSubnet, IPIP Always, IPIP CrossSubnet)
 * @param flags   disabledPool, natOutgoingAddress, interfaceFilter, excludeHostIps, peers
 */
record NatTopology(List<Integer> nodes, List<Integer> routers, List<Integer> pools, List<Boolean> flags) {
    static final String INTERNET = "internet";
    static final String EXCLUDED = "excluded";
    private static final String[] ENCAP = {"", "vxlanMode: Always", "vxlanMode: CrossSubnet", "ipipMode: Always", "ipipMode: CrossSubnet"};

    static Gen<NatTopology> gen() {
        return Gen.listOf(Gen.integers(0, 1), 2, 4).flatMap(n -> Gen.listOf(Gen.integers(0, 1), 1, 2).flatMap(r ->
                Gen.listOf(Gen.integers(0, 9), 1, 2).flatMap(p -> Gen.listOf(Gen.booleans(), 5, 5).map(f -> new NatTopology(n, r, p, f)))));
    }

    /**
     * An IPIP pool beside another pool, with nodes on more than one subnet: the known gap of calico4j's BIRD 2 rendering
     * (see {@code BirdConfig.ON_SUBNET_DIRECT}). Found by KernelGeneratedTest (seed 20261204, shrunk to
     * NatTopology[1, 1][0][6, 0][...]): BIRD 2 has no krt_tunnel, so the IPIP pool's routes reach tunl0 by helper routes
     * {@code <node>/32 via <node>%tunl0 onlink}, and BGP's recursive next hops took the other pool's routes into tunl0
     * too. Next hops in the node's own subnet are fixed (the kernel filter sends them directly, as Calico does; now
     * compared); next hops in another subnet still go into tunl0 where Calico's BIRD fork routes them over the underlay.
     */
    boolean ipipBesideAnotherPoolAcrossSubnets() {
        return pools.size() > 1 && pools.stream().anyMatch(v -> v / 2 == 3 || v / 2 == 4) && nodes.stream().distinct().count() > 1;
    }

    boolean disabledPool() {
        return flags.get(0);
    }

    boolean natOutgoingAddress() {
        return flags.get(1);
    }

    boolean interfaceFilter() {
        return flags.get(2);
    }

    boolean excludeHostIps() {
        return flags.get(3);
    }

    boolean peers() {
        return flags.get(4);
    }

    private String node(int i) {
        return "n" + (i + 1);
    }

    private String routerAddress(int i) {
        return "10.0." + routers.get(i) + "." + (1 + i);
    }

    private String poolCidr(int p) {
        return p == 0 ? "192.168.0.0/16" : "172.16.0.0/16";
    }

    private String workloadAddress(int i) {
        return (i % pools.size() == 0 ? "192.168." : "172.16.") + (i + 1) + ".5";
    }

    /** Every probe in TCP, UDP and ICMP: out to the internet and the excluded host, to a node, between workloads, and in. */
    List<RealBirdCluster.Probe> probes() {
        List<String[]> pairs = new ArrayList<>();
        pairs.add(new String[] {"w1", INTERNET});
        if (nodes.size() > 1) {
            pairs.add(new String[] {"w" + nodes.size(), INTERNET});
        }
        pairs.add(new String[] {"w1", EXCLUDED});
        pairs.add(new String[] {"w1", node(nodes.size() - 1)});
        for (int i = 1; i < nodes.size(); i++) {
            pairs.add(new String[] {"w1", "w" + (i + 1)});
        }
        pairs.add(new String[] {INTERNET, "w1"});
        List<RealBirdCluster.Probe> out = new ArrayList<>();
        for (Packet.Protocol proto : Packet.Protocol.values()) {
            pairs.forEach(p -> out.add(new RealBirdCluster.Probe(p[0], p[1], proto)));
        }
        return out;
    }

    Scenario scenario() {
        return Scenario.parse(yaml(), "generated " + this, null);
    }

    /** The cluster as a scenario file (what a failure prints, to be replayed with {@code simulate -f --real}). */
    String yaml() {
        StringBuilder y = new StringBuilder("nodes:\n");
        for (int i = 0; i < nodes.size(); i++) {
            y.append("  - name: ").append(node(i)).append("\n    address: 10.0.").append(nodes.get(i)).append('.').append(11 + i).append("/24\n");
        }
        y.append("routers:\n");
        for (int i = 0; i < routers.size(); i++) {
            y.append("  - name: r").append(i + 1).append("\n    address: ").append(routerAddress(i)).append("\n    asNumber: ")
                    .append(65001 + i).append('\n');
        }
        y.append("hosts:\n  - name: ").append(INTERNET).append("\n    address: 93.184.216.34\n")
                .append("  - name: ").append(EXCLUDED).append("\n    address: 172.31.0.5\n");
        y.append("resources:\n");
        for (int p = 0; p < pools.size(); p++) {
            int v = pools.get(p);
            y.append("  - apiVersion: projectcalico.org/v3\n    kind: IPPool\n    metadata: {name: pool").append(p).append("}\n    spec:\n")
                    .append("      cidr: ").append(poolCidr(p)).append("\n      natOutgoing: ").append(v % 2 == 1).append('\n');
            if (v / 2 > 0) {
                y.append("      ").append(ENCAP[v / 2]).append('\n');
            }
        }
        if (disabledPool()) {
            y.append("  - apiVersion: projectcalico.org/v3\n    kind: IPPool\n    metadata: {name: disabled}\n    spec:\n")
                    .append("      cidr: 172.31.0.0/16\n      disabled: true\n");
        }
        if (natOutgoingAddress() || interfaceFilter() || excludeHostIps()) {
            y.append("  - apiVersion: projectcalico.org/v3\n    kind: FelixConfiguration\n    metadata: {name: default}\n    spec:\n");
            if (natOutgoingAddress()) {
                y.append("      natOutgoingAddress: 10.0.0.250\n");
            }
            if (interfaceFilter()) {
                y.append("      iptablesNATOutgoingInterfaceFilter: eth1\n");
            }
            if (excludeHostIps()) {
                y.append("      natOutgoingExclusions: IPPoolsAndHostIPs\n");
            }
        }
        if (peers()) {
            for (int i = 0; i < routers.size(); i++) {
                y.append("  - apiVersion: projectcalico.org/v3\n    kind: BGPPeer\n    metadata: {name: r").append(i + 1).append("}\n    spec:\n")
                        .append("      peerIP: ").append(routerAddress(i)).append("\n      asNumber: ").append(65001 + i).append('\n');
            }
        }
        y.append("workloads:\n");
        for (int i = 0; i < nodes.size(); i++) {
            y.append("  - name: w").append(i + 1).append("\n    node: ").append(node(i)).append("\n    address: ").append(workloadAddress(i)).append('\n');
        }
        y.append("probes:\n");
        probes().stream().filter(p -> p.protocol() == Packet.Protocol.TCP).forEach(p -> y.append("  - from: ").append(p.from())
                .append("\n    to: ").append(p.to()).append('\n'));
        return y.toString();
    }

    @Override
    public String toString() {
        return "NatTopology" + nodes + routers + pools + flags;
    }
}
