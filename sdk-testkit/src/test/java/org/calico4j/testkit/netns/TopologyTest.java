package org.calico4j.testkit.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import org.calico4j.testkit.SimulatedCluster;
import org.calico4j.testkit.property.PropertyRunner;
import org.junit.jupiter.api.Test;

/**
 * The generated topologies RealBirdGeneratedTest runs (issue 14): they cover what the issue lists, each one is a
 * scenario the simulator builds, and a failing property shrinks to the smallest topology that still fails.
 */
class TopologyTest {
    private static List<Topology> sample(int n) {
        Random r = new Random(20261204L);
        List<Topology> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Topology.gen().sample(r));
        }
        return out;
    }

    @Test
    void fiftyTopologiesCoverWhatIssue14Lists() {
        List<Topology> ts = sample(50);
        Set<Integer> nodeCounts = new HashSet<>();
        Set<Integer> routerCounts = new HashSet<>();
        Set<Integer> subnetCounts = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (Topology t : ts) {
            nodeCounts.add(t.nodes().size());
            routerCounts.add(t.routers().size());
            subnetCounts.add((int) IntStream.range(0, t.nodes().size()).map(t::nodeSubnet).distinct().count());
            String y = t.yaml();
            seen.add("mesh " + !t.meshOff());
            if (t.reflector() && y.contains("routeReflectorClusterID")) {
                seen.add("reflector");
            }
            if (t.secondReflector() && y.contains("routeReflectorClusterID: 244.0.0.2")) {
                seen.add("second reflector, own cluster");
            }
            if (t.secondReflector() && y.split("routeReflectorClusterID: 244.0.0.1", -1).length == 3) {
                seen.add("second reflector, same cluster");
            }
            if (IntStream.range(0, t.nodes().size()).anyMatch(i -> t.nodeAs(i) != 0) && y.contains("asNumber: 646")) {
                seen.add("per-node AS");
            }
            if (t.globalPeer() && y.contains("name: global")) {
                seen.add("global peer");
            }
            if (t.nodePeer() && y.contains("name: node-peer")) {
                seen.add("node peer");
            }
            if (t.services() && y.contains("serviceClusterIPs")) {
                seen.add("services");
            }
            if (t.hiddenPool() && y.contains("disableBGPExport: true")) {
                seen.add("disableBGPExport");
            }
            if (IntStream.range(0, t.routers().size()).anyMatch(t::routerIbgp)) {
                seen.add("iBGP router");
            }
            if (IntStream.range(0, t.routers().size()).anyMatch(t::routerNextHopSelf)) {
                seen.add("next hop self router");
            }
            if (t.routersPeer()) {
                seen.add("routers peer");
            }
        }
        assertEquals(Set.of(2, 3, 4, 5), nodeCounts);
        assertEquals(Set.of(1, 2), routerCounts);
        assertEquals(Set.of(1, 2, 3), subnetCounts);
        assertEquals(Set.of("mesh true", "mesh false", "reflector", "second reflector, own cluster",
                "second reflector, same cluster", "per-node AS", "global peer", "node peer", "services",
                "disableBGPExport", "iBGP router", "next hop self router", "routers peer"), seen);
    }

    @Test
    void everyTopologyIsAScenarioTheSimulatorBuildsWithItsProbes() {
        for (Topology t : sample(12)) {
            try (SimulatedCluster sim = t.scenario().build()) {
                assertEquals(t.nodes().size(), sim.definition().nodes().size(), t::toString);
                assertEquals(t.routers().size(), sim.definition().routers().size(), t::toString);
                for (RealBirdCluster.Probe p : t.probes()) {
                    assertTrue(!sim.paths(p.from(), p.to()).isEmpty(), p::toString);
                }
            }
        }
    }

    @Test
    void aDisagreementShrinksToTheSmallestTopologyThatStillShowsIt() {
        // Stands in for a disagreement that needs a route reflector and nodes on two subnets.
        PropertyRunner.PropertyFailure f = assertThrows(PropertyRunner.PropertyFailure.class, () -> PropertyRunner.check(Topology.gen()).tries(200)
                .seed(7).forAll(t -> {
                    boolean twoSubnets = IntStream.range(0, t.nodes().size()).map(t::nodeSubnet).distinct().count() > 1;
                    if (t.reflector() && twoSubnets) {
                        throw new AssertionError("disagreement on " + t);
                    }
                }));
        Topology min = (Topology) f.counterexample();
        assertEquals(2, min.nodes().size(), min::toString);
        assertEquals(List.of(0), min.routers(), min::toString);
        assertEquals(List.of(false, true, false, false, false, false, false, false, false, false), min.flags(), min::toString);
        assertTrue(min.nodes().contains(0) && min.nodes().stream().allMatch(v -> v <= 2), min::toString);
        assertTrue(f.getMessage().contains("smallest counterexample"), f::getMessage);
    }
}
