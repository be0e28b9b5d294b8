package org.calico4j.testkit;

import java.util.ArrayList;
import java.util.List;

import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpConfigurationSpec;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.net.AsNumber;
import org.calico4j.testkit.property.Gen;

/**
 * A small cluster as data, for generated tests: nodes in one or two subnets, one pool (natOutgoing,
 * encapsulation, BGP export), workloads per node, and optionally a ToR router the nodes peer with (mesh
 * off). {@link #gen()} generates them; {@link #build()} makes the {@link SimulatedCluster}.
 *
 * <pre>{@code
 * PropertyRunner.forAll(ClusterSpec.gen(), spec -> { try (SimulatedCluster c = spec.build()) { ... } });
 * }</pre>
 *
 * @param subnets         for each node, 0 or 1: its subnet ({@code 10.0.0.0/24} or {@code 10.0.1.0/24})
 * @param natOutgoing     the pool's natOutgoing
 * @param encapsulation   {@code none}, {@code ipip} or {@code vxlan}
 * @param mode            {@code Always} or {@code CrossSubnet} (when encapsulated)
 * @param exported        the pool is advertised over BGP
 * @param workloadsPerNode workloads on every node ({@code w<node>-<i>})
 * @param tor             a ToR router {@code tor} (10.0.0.1, AS 65001) peers with every node
 */
public record ClusterSpec(List<Integer> subnets, boolean natOutgoing, String encapsulation, String mode, boolean exported,
                          int workloadsPerNode, boolean tor) {
    /**
     * The pool every generated cluster has.
     */
    public static final String POOL = "192.168.0.0/16";
    /**
     * The name of the host on the internet (93.184.216.34).
     */
    public static final String INTERNET = "internet";
    /**
     * The name of an external client host.
     */
    public static final String CLIENT = "client";

    /**
     * Copies the collections, so the value stays immutable.
     *
     * @param subnets for each node, 0 or 1: its subnet ({@code 10.0.0.0/24} or {@code 10.0.1.0/24})
     * @param natOutgoing the pool's natOutgoing
     * @param encapsulation {@code none}, {@code ipip} or {@code vxlan}
     * @param mode {@code Always} or {@code CrossSubnet} (when encapsulated)
     * @param exported the pool is advertised over BGP
     * @param workloadsPerNode workloads on every node ({@code w<node>-<i>})
     * @param tor a ToR router {@code tor} (10.0.0.1, AS 65001) peers with every node
     */
    public ClusterSpec {
        subnets = List.copyOf(subnets);
    }

    /**
     * Clusters of 1-5 nodes, 1-3 workloads each; shrinking towards one node, no encapsulation, no NAT.
     *
     * @return the generator
     */
    public static Gen<ClusterSpec> gen() {
        return Gen.listOf(Gen.integers(0, 1), 1, 5).flatMap(subnets -> Gen.booleans().flatMap(nat ->
                Gen.oneOf(List.of("none", "ipip", "vxlan")).flatMap(encap -> Gen.oneOf(List.of("Always", "CrossSubnet")).flatMap(mode ->
                        Gen.booleans().flatMap(hidden -> Gen.integers(1, 3).flatMap(pods -> Gen.booleans().map(tor ->
                                new ClusterSpec(subnets, nat, encap, mode, !hidden, pods, tor))))))));
    }

    /**
     * The name of node {@code i}.
     *
     * @param i 0-based node index
     * @return {@code n<i+1>}
     */
    public String node(int i) {
        return "n" + (i + 1);
    }

    /**
     * The address of node {@code i}, with its /24.
     *
     * @param i 0-based node index
     * @return e.g. {@code 10.0.0.11/24}
     */
    public String nodeAddress(int i) {
        return "10.0." + subnets.get(i) + "." + (11 + i) + "/24";
    }

    /**
     * {@return every workload's name, node by node}
     */
    public List<String> workloads() {
        List<String> out = new ArrayList<>();
        for (int n = 0; n < subnets.size(); n++) {
            for (int w = 0; w < workloadsPerNode; w++) {
                out.add(workload(n, w));
            }
        }
        return out;
    }

    /**
     * The name of a workload.
     *
     * @param node  0-based node index
     * @param index 0-based workload index on the node
     * @return {@code w<node+1>-<index>}
     */
    public String workload(int node, int index) {
        return "w" + (node + 1) + "-" + index;
    }

    /**
     * The node of a workload named by {@link #workload}.
     *
     * @param workload a workload's name
     * @return its 0-based node index
     */
    public int nodeOf(String workload) {
        return Integer.parseInt(workload.substring(1, workload.indexOf('-'))) - 1;
    }

    /**
     * Builds the cluster (one shared calculation, no NodeAgents).
     *
     * @return the cluster; the caller closes it
     */
    public SimulatedCluster build() {
        return build(false);
    }

    /**
     * Builds the cluster, with a {@code NodeAgent} per node when {@code nodeAgents} (see {@link
     * SimulatedCluster#withNodeAgents()}).
     *
     * @param nodeAgents whether each node runs a NodeAgent on its own MemoryDataplane
     * @return the cluster; the caller closes it
     */
    public SimulatedCluster build(boolean nodeAgents) {
        SimulatedCluster c = nodeAgents ? SimulatedCluster.withNodeAgents() : SimulatedCluster.create();
        try {
            for (int i = 0; i < subnets.size(); i++) {
                c.addNode(node(i), nodeAddress(i));
            }
            c.addHost(INTERNET, "93.184.216.34").addHost(CLIENT, "203.0.113.9");
            IpPoolSpec.Builder pool = IpPoolSpec.builder().cidr(POOL).natOutgoing(natOutgoing).disableBGPExport(!exported);
            if (encapsulation.equals("ipip")) {
                pool.ipipMode(mode);
            } else if (encapsulation.equals("vxlan")) {
                pool.vxlanMode(mode);
            }
            c.client().ipPools().create(IpPool.builder().name("pool").spec(pool.build()).build());
            if (tor) {
                c.addRouter("tor", "10.0.0.1", 65001);
                c.client().bgpConfigurations().create(BgpConfiguration.builder().name("default")
                        .spec(BgpConfigurationSpec.builder().nodeToNodeMeshEnabled(false).build()).build());
                c.client().bgpPeers().create(BgpPeer.builder().name("tor")
                        .spec(BgpPeerSpec.builder().peerIP("10.0.0.1").asNumber(AsNumber.of(65001)).build()).build());
            }
            for (int n = 0; n < subnets.size(); n++) {
                for (int w = 0; w < workloadsPerNode; w++) {
                    c.addWorkload(workload(n, w), node(n));
                }
            }
            c.awaitConverged();
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }
}
