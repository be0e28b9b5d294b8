package org.calico4j.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.net.Cidr;
import org.junit.jupiter.api.Test;

/**
 * The routes BIRD programs exist in a MemoryDataplane under a NodeAgent only where the LearnedRoutes source says
 * BGP delivered them; without one, verdicts say they assume it (issue 15 item 3).
 */
class LearnedRoutesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Packet TO_N3 = Packet.tcp("10.244.1.5", "10.244.3.9", 80);
    private static final Packet TO_N2 = Packet.tcp("10.244.1.5", "10.244.2.7", 80);

    private static Verdict[] run(ClusterC c, NodeAgent.Builder agent) throws InterruptedException {
        try (MemoryDataplane dp = new MemoryDataplane("n1"); NodeAgent a = agent.client(c.client).node("n1").dataplane(dp).start()) {
            assertTrue(a.awaitRevision(c.client.datastore().revision(), WAIT));
            return new Verdict[] {dp.evaluate(TO_N3), dp.evaluate(TO_N2)};
        }
    }

    @Test
    void withoutASourceABirdRouteIsUsedAndTheVerdictSaysItAssumesBgpDeliveredIt() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p.ipipMode("Always"))) {
            Verdict v = run(c, NodeAgent.builder())[0];
            assertEquals(Encap.IPIP, v.encap(), v::toString);
            assertEquals("10.244.3.0/26 is a route BIRD programs: it assumes BGP delivered it to n1 (no LearnedRoutes source given)",
                    v.reasons().get(v.reasons().size() - 1), v::toString);
            assertEquals(1, v.reasons().stream().filter(r -> r.contains("BIRD programs")).count(), v::toString);
        }
    }

    @Test
    void withASourceOnlyTheDeliveredBirdRoutesExist() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p.ipipMode("Always"))) {
            Verdict[] v = run(c, NodeAgent.builder().learnedRoutes((node, prefix) -> node.equals("n1")
                    && prefix.equals(Cidr.parse("10.244.2.0/26"))));
            Verdict notDelivered = v[0];
            assertEquals(Verdict.Action.FORWARD, notDelivered.action());
            assertEquals(Encap.NONE, notDelivered.encap(), notDelivered::toString);
            assertEquals("default dev eth0", notDelivered.route());
            assertTrue(notDelivered.reason().contains("no route to 10.244.3.0/26: BIRD would program it, but n1 did not learn it over BGP"),
                    notDelivered::toString);
            Verdict delivered = v[1];
            assertEquals(Encap.IPIP, delivered.encap(), delivered::toString);
            assertTrue(delivered.reason().contains("10.244.2.0/26 is a route BIRD programs: n1 learned it over BGP"), delivered::toString);
        }
    }

    @Test
    void felixsVxlanRoutesDoNotDependOnBgp() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p.vxlanMode("Always"))) {
            Verdict v = run(c, NodeAgent.builder().learnedRoutes((node, prefix) -> false))[0];
            assertEquals(Encap.VXLAN, v.encap(), v::toString);
            assertTrue(!v.reason().contains("BGP"), v::toString);
        }
    }
}
