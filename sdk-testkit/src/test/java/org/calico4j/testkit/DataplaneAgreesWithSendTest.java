package org.calico4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.PacketEvaluator;
import org.calico4j.dataplane.RouteInfo;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpConfigurationSpec;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.junit.jupiter.api.Test;

/**
 * A node's MemoryDataplane, under its NodeAgent or as a snapshot, has the IPIP routes {@link SimulatedCluster#send}
 * has: only those the cluster's BGP delivered (issue 15 item 3).
 */
class DataplaneAgreesWithSendTest {
    private static SimulatedCluster cluster(boolean agents, boolean mesh) {
        SimulatedCluster c = agents ? SimulatedCluster.withNodeAgents() : SimulatedCluster.create();
        c.addNode("n1", "10.0.0.11/24").addNode("n2", "10.0.1.12/24");
        c.client().bgpConfigurations().create(BgpConfiguration.builder().name("default")
                .spec(BgpConfigurationSpec.builder().nodeToNodeMeshEnabled(mesh).build()).build());
        c.client().ipPools().create(IpPool.builder().name("pool").spec(IpPoolSpec.builder().cidr("192.168.0.0/16").ipipMode("Always")
                .build()).build());
        c.addWorkload("a", "n1");
        c.addWorkload("b", "n2");
        return c;
    }

    private static void check(boolean agents, boolean mesh) {
        try (SimulatedCluster c = cluster(agents, mesh)) {
            Trace t = c.send("a", "b");
            Verdict v = c.dataplane("n1").evaluate(Packet.tcp(c.addressOf("a").toString(), c.addressOf("b").toString(), 80));
            Encap expected = mesh ? Encap.IPIP : Encap.NONE;
            String what = (agents ? "agents" : "shared") + ", mesh " + mesh + ": " + v + "\n" + t;
            assertEquals(expected, t.hops().get(0).encapsulation(), what);
            assertEquals(expected, v.encap(), what);
            assertEquals(t.hops().get(0).route(), v.route(), what);
            assertTrue(v.reason().contains(mesh ? "n1 learned it over BGP" : "n1 did not learn it over BGP"), what);
            // A user's own dataplane for n1 (every route BIRD would program), told what the cluster's BGP delivered, agrees too.
            Packet p = Packet.tcp(c.addressOf("a").toString(), c.addressOf("b").toString(), 80);
            try (MemoryDataplane own = new MemoryDataplane("n1")) {
                own.resync(c.state("n1"));
                RouteInfo toB = own.lookup(c.addressOf("b"));
                assertEquals(mesh, c.learnedRoutes().learned("n1", toB.cidr()), what);
                assertEquals(v, own.read(tables -> PacketEvaluator.evaluate(tables, p, "n1", c.learnedRoutes())), what);
                own.learnedRoutes(c.learnedRoutes());
                assertEquals(v, own.evaluate(p), what);
            }
        }
    }

    @Test
    void withoutBgpNoIpipRouteUnderNodeAgents() {
        check(true, false);
    }

    @Test
    void withTheMeshTheIpipRouteUnderNodeAgents() {
        check(true, true);
    }

    @Test
    void theSnapshotDataplaneAgreesToo() {
        check(false, false);
        check(false, true);
    }
}
