package org.calico4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.calico4j.testkit.bgp.BgpRoute;
import org.junit.jupiter.api.Test;

/**
 * The simulator's answers where it disagreed with real BIRD 2.0.12 and kernels (issue 14, defects 1-5), on the
 * scenarios in {@code src/test/resources/bird-defects}; RealBirdDefectsTest runs the same scenarios on real BIRD.
 */
class SimulatedBirdAgreementTest {
    private static SimulatedCluster build(String file) {
        return Scenario.read(Path.of("src/test/resources/bird-defects", file)).build();
    }

    private static Cidr blockOf(SimulatedCluster c, String workload, String speaker) {
        IpAddress ip = c.addressOf(workload);
        return c.bgpRoutes(speaker).keySet().stream().filter(b -> b.containsAddress(ip)).findFirst()
                .orElseThrow(() -> new AssertionError(speaker + " has no route to " + workload + ": " + c.bgpRoutes(speaker)));
    }

    @Test
    void equallyLongPathsAreBrokenByTheLowestRouterId() {
        try (SimulatedCluster c = build("1-tie-break.yaml")) {
            // n3 sends its block, and n1 and n2 pass it on: BIRD keeps n1's (router ID 10.0.0.11), not the first heard.
            assertEquals(IpAddress.parse("10.0.0.11"), c.bgpRoutes("tor").get(blockOf(c, "w3", "tor")).nextHop());
            assertEquals("n1", c.bgpRoutes("tor").get(blockOf(c, "w3", "tor")).learnedFrom());
        }
    }

    @Test
    void singleHopEbgpMeshSessionsComeUpOnlyBetweenDirectlyConnectedNodes() {
        try (SimulatedCluster c = build("2-single-hop-ebgp.yaml")) {
            assertEquals(Set.of("n3"), c.bgpSessions("n1"));
            assertEquals(Set.of(), c.bgpSessions("n2"));
            Trace across = c.send("w1", "w2");
            assertFalse(across.delivered(), across::toString);
            assertTrue(c.send("w1", "w3").delivered());
        }
    }

    @Test
    void aRouterKeepsAThirdPartyNextHopUnlessToldNextHopSelf() {
        try (SimulatedCluster c = build("3-next-hop-default.yaml")) {
            assertEquals(IpAddress.parse("10.0.0.11"), c.bgpRoutes("n2").get(blockOf(c, "w1", "n2")).nextHop());
        }
        try (SimulatedCluster c = build("3-next-hop-self.yaml")) {
            assertEquals(IpAddress.parse("10.0.0.1"), c.bgpRoutes("n2").get(blockOf(c, "w1", "n2")).nextHop());
        }
    }

    @Test
    void forwardingFollowsTheLearnedNextHopHopByHop() {
        try (SimulatedCluster c = build("3-next-hop-self.yaml")) {
            Trace t = c.send("w2", "w1");
            assertEquals(List.of("n2", "tor", "n1"), t.path(), t::toString);
        }
        try (SimulatedCluster c = build("1-tie-break.yaml")) {
            Trace t = c.send("client", "w3");
            assertEquals(List.of("client", "tor", "n1", "n3"), t.path(), t::toString);
        }
    }

    @Test
    void aPacketWithoutARouteLeavesByTheNodesOwnGateway() {
        try (SimulatedCluster c = build("5-default-gateway.yaml")) {
            assertEquals(List.of("n2", "r2", "internet"), c.send("w2", "internet").path());
            assertEquals(List.of("n1", "internet"), c.send("w1", "internet").path(), "no gateway: the underlay");
            Trace named = c.send("w3", "internet");
            assertEquals(List.of("n3", "n1", "internet"), named.path(), named::toString);
            assertEquals(IpAddress.parse("10.0.2.13"), named.sourceSeenAtDestination());
        }
    }

    @Test
    void equallyGoodRoutesMakeOneEcmpKernelRouteAndAFlowTakesAnyOfItsNextHops() {
        try (SimulatedCluster c = build("gen-ecmp.yaml")) {
            Cidr block = blockOf(c, "w4", "n1");
            // BIRD's best is n2's (lowest router ID); n3's is as good and merged; n4's own (off-subnet next hop, IGP
            // metric unknown) and r1's (longer AS path) are not.
            assertEquals("n2", c.bgpRoutes("n1").get(block).learnedFrom());
            assertEquals(Set.of(IpAddress.parse("10.0.1.12"), IpAddress.parse("10.0.1.13")), c.kernelNextHops("n1").get(block));
            assertEquals(Set.of(List.of("n1", "n2", "r1", "n4"), List.of("n1", "n3", "r1", "n4")),
                    Set.copyOf(c.paths("w1", "w4").stream().map(Trace::path).toList()));
            Trace one = c.send("w1", "w4");
            assertEquals(List.of("n1", "n2", "r1", "n4"), one.path(), one::toString);
            assertTrue(one.hops().get(0).detail().contains("ECMP"), one::toString);
            // n2 has one route for it (n4's, over the iBGP mesh): one next hop, its gateway r1.
            assertEquals(Set.of(IpAddress.parse("10.0.1.1")), c.kernelNextHops("n2").get(block));
        }
    }

    @Test
    void aMeshPeerWithoutAnAsOfItsOwnIsExpectedInTheLocalNodesAs() {
        try (SimulatedCluster c = build("gen-mesh-peer-as.yaml")) {
            // n2 (AS 64602) expects n1 in AS 64602 (confd's fallback to the local AS) and refuses it.
            assertEquals(Set.of("n3"), c.bgpSessions("n1"));
            assertEquals(Set.of("n3"), c.bgpSessions("n2"));
            assertEquals(Set.of("n1", "n2"), c.bgpSessions("n3"));
            assertEquals("n3", c.bgpRoutes("n1").get(blockOf(c, "w2", "n1")).learnedFrom());
        }
    }

    @Test
    void aReflectorPassesEveryPathOverAddPathAndTheClientPrefersTheOneOnItsSubnet() {
        try (SimulatedCluster c = build("gen-add-path.yaml")) {
            Cidr block = blockOf(c, "w3", "n4");
            assertEquals(IpAddress.parse("10.0.1.13"), c.bgpRoutes("n1").get(block).nextHop(), "n1's own best: n3, on its subnet");
            BgpRoute atClient = c.bgpRoutes("n4").get(block);
            assertEquals(IpAddress.parse("10.0.0.12"), atClient.nextHop(), atClient::toString);
            assertEquals("n1", atClient.learnedFrom());
            assertEquals(Set.of(IpAddress.parse("10.0.0.12")), c.kernelNextHops("n4").get(block));
            assertEquals(Set.of("n1"), c.bgpSessions("n4"));
        }
    }
    @Test
    void reflectorsOfDifferentClustersReflectToEachOtherAndClusterListsEndTheLoop() {
        try (SimulatedCluster c = build("gen-cluster-list.yaml")) {
            Cidr block = blockOf(c, "w1", "rr2");
            // rr2 hears c1's block from c1 (no CLUSTER_LIST) and from rr1 and rr3 (reflected): the shortest list wins.
            assertEquals("c1", c.bgpRoutes("rr2").get(block).learnedFrom());
            assertEquals(IpAddress.parse("10.0.0.21"), c.bgpRoutes("c2").get(block).nextHop(), "reflected: the next hop is kept");
            assertTrue(c.routerRoutes("tor").containsKey(block));
            assertTrue(c.send("client", "w1").delivered());
            assertTrue(c.send("w1", "w2").delivered());
        }
    }
}
