package org.calico4j.testkit.netns;

import java.util.ArrayList;
import java.util.List;

import org.calico4j.testkit.Scenario;
import org.calico4j.testkit.property.Gen;

/**
 * A small generated BGP topology, as a scenario: 2-5 nodes on up to three subnets (each with the default AS
 * or its own), 1-2 routers (eBGP or iBGP, next hop self or BIRD's default, optionally peering with each
 * other), the node-to-node mesh on or off, a route reflector (and a second one, in its cluster or in one of its own,
 * when there are three nodes or more), a global and a node-specific BGPPeer, service
 * cluster IP advertisement, a pool with disableBGPExport, natOutgoing; one workload per node, an internet
 * host, and probes between them. Everything shrinks towards one subnet, default AS, fewer nodes and
 * routers, and every option off.
 *
 * @param nodes   per node: subnet ({@code v % 3}) and AS ({@code v / 3}: default, 64601, 64602)
 * @param routers per router: subnet ({@code v % 3}), iBGP ({@code v / 3 % 2}), next hop self ({@code v / 6})
 * @param flags   meshOff, reflector, globalPeer, nodePeer, routersPeer, services, hiddenPool, natOutgoing,
 *                secondReflector, sameCluster
 */
record Topology(List<Integer> nodes, List<Integer> routers, List<Boolean> flags) {
    static final String INTERNET = "internet";

    static Gen<Topology> gen() {
        return Gen.listOf(Gen.integers(0, 8), 2, 5).flatMap(n -> Gen.listOf(Gen.integers(0, 11), 1, 2).flatMap(r ->
                Gen.listOf(Gen.booleans(), 10, 10).map(f -> new Topology(n, r, f))));
    }

    boolean meshOff() {
        return flags.get(0);
    }

    boolean reflector() {
        return flags.get(1);
    }

    /** A second reflector, node n2, when the first is on and there is a third node to be its client. */
    boolean secondReflector() {
        return reflector() && flags.get(8) && nodes.size() >= 3;
    }

    /** Whether the second reflector shares the first one's cluster ID (else it has one of its own). */
    boolean sameCluster() {
        return flags.get(9);
    }

    boolean globalPeer() {
        return flags.get(2);
    }

    boolean nodePeer() {
        return flags.get(3);
    }

    boolean routersPeer() {
        return flags.get(4) && routers.size() > 1;
    }

    boolean services() {
        return flags.get(5);
    }

    boolean hiddenPool() {
        return flags.get(6);
    }

    boolean natOutgoing() {
        return flags.get(7);
    }

    String node(int i) {
        return "n" + (i + 1);
    }

    String router(int i) {
        return "r" + (i + 1);
    }

    static final int SUBNETS = 3;

    int nodeSubnet(int i) {
        return nodes.get(i) % SUBNETS;
    }

    /** The node's own AS, or 0 for the default. */
    long nodeAs(int i) {
        int a = nodes.get(i) / SUBNETS;
        return a == 0 ? 0 : 64600 + a;
    }

    int routerSubnet(int i) {
        return routers.get(i) % SUBNETS;
    }

    boolean routerIbgp(int i) {
        return routers.get(i) / SUBNETS % 2 == 1;
    }

    boolean routerNextHopSelf(int i) {
        return routers.get(i) / (2 * SUBNETS) == 1;
    }

    String routerAddress(int i) {
        return "10.0." + routerSubnet(i) + "." + (1 + i);
    }

    long routerAs(int i) {
        return routerIbgp(i) ? 64512 : 65001 + i;
    }

    List<RealBirdCluster.Probe> probes() {
        List<RealBirdCluster.Probe> out = new ArrayList<>();
        for (int i = 1; i < nodes.size(); i++) {
            out.add(new RealBirdCluster.Probe("w1", "w" + (i + 1)));
        }
        out.add(new RealBirdCluster.Probe("w1", INTERNET));
        for (int i = 0; i < nodes.size(); i++) {
            out.add(new RealBirdCluster.Probe(INTERNET, "w" + (i + 1)));
        }
        if (hiddenPool()) {
            out.add(new RealBirdCluster.Probe(INTERNET, "hidden"));
            out.add(new RealBirdCluster.Probe("w1", "hidden"));
        }
        return out;
    }

    Scenario scenario() {
        return Scenario.parse(yaml(), "generated " + this, null);
    }

    /** The topology as a scenario file (what a failure prints, to be replayed with {@code simulate -f}). */
    String yaml() {
        StringBuilder y = new StringBuilder("nodes:\n");
        for (int i = 0; i < nodes.size(); i++) {
            y.append("  - name: ").append(node(i)).append("\n    address: 10.0.").append(nodeSubnet(i)).append('.').append(11 + i).append("/24\n");
            if (nodeAs(i) != 0) {
                y.append("    asNumber: ").append(nodeAs(i)).append('\n');
            }
            if (i == 0 && reflector()) {
                y.append("    labels: {rr: \"true\"}\n    routeReflectorClusterID: 244.0.0.1\n");
            }
            if (i == 1 && secondReflector()) {
                y.append("    labels: {rr: \"true\"}\n    routeReflectorClusterID: ").append(sameCluster() ? "244.0.0.1" : "244.0.0.2")
                        .append('\n');
            }
        }
        y.append("routers:\n");
        for (int i = 0; i < routers.size(); i++) {
            y.append("  - name: ").append(router(i)).append("\n    address: ").append(routerAddress(i)).append("\n    asNumber: ")
                    .append(routerAs(i)).append('\n');
            if (routerNextHopSelf(i)) {
                y.append("    nextHopSelf: true\n");
            }
            if (i == 0 && routersPeer()) {
                y.append("    peers: [").append(router(1)).append("]\n");
            }
        }
        y.append("hosts:\n  - name: ").append(INTERNET).append("\n    address: 93.184.216.34\n");
        y.append("resources:\n");
        y.append("  - apiVersion: projectcalico.org/v3\n    kind: BGPConfiguration\n    metadata: {name: default}\n    spec:\n")
                .append("      asNumber: 64512\n      nodeToNodeMeshEnabled: ").append(!meshOff()).append('\n');
        if (services()) {
            y.append("      serviceClusterIPs: [{cidr: 10.96.0.0/12}]\n");
        }
        if (reflector()) {
            y.append("  - apiVersion: projectcalico.org/v3\n    kind: BGPPeer\n    metadata: {name: to-rr}\n    spec:\n")
                    .append("      nodeSelector: all()\n      peerSelector: rr == 'true'\n");
        }
        if (globalPeer()) {
            y.append("  - apiVersion: projectcalico.org/v3\n    kind: BGPPeer\n    metadata: {name: global}\n    spec:\n")
                    .append("      peerIP: ").append(routerAddress(0)).append("\n      asNumber: ").append(routerAs(0)).append('\n');
        }
        if (nodePeer()) {
            int r = routers.size() - 1;
            y.append("  - apiVersion: projectcalico.org/v3\n    kind: BGPPeer\n    metadata: {name: node-peer}\n    spec:\n")
                    .append("      node: ").append(node(nodes.size() - 1)).append("\n      peerIP: ").append(routerAddress(r))
                    .append("\n      asNumber: ").append(routerAs(r)).append('\n');
        }
        y.append("  - apiVersion: projectcalico.org/v3\n    kind: IPPool\n    metadata: {name: pods}\n    spec:\n")
                .append("      cidr: 192.168.0.0/16\n      natOutgoing: ").append(natOutgoing()).append('\n');
        if (hiddenPool()) {
            y.append("  - apiVersion: projectcalico.org/v3\n    kind: IPPool\n    metadata: {name: hidden}\n    spec:\n")
                    .append("      cidr: 172.30.0.0/16\n      disableBGPExport: true\n      assignmentMode: Manual\n");
        }
        y.append("workloads:\n");
        for (int i = 0; i < nodes.size(); i++) {
            y.append("  - name: w").append(i + 1).append("\n    node: ").append(node(i)).append('\n');
        }
        if (hiddenPool()) {
            y.append("  - name: hidden\n    node: ").append(node(nodes.size() - 1)).append("\n    address: 172.30.1.1\n");
        }
        return y.toString();
    }

    @Override
    public String toString() {
        return "Topology" + nodes + routers + flags;
    }
}
