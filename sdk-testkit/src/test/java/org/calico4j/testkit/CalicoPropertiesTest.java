package org.calico4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.net.IpAddress;
import org.calico4j.testkit.property.GeneratedBy;
import org.calico4j.testkit.property.Gen;
import org.calico4j.testkit.property.CalicoProperty;

/** What holds in Calico, over generated clusters (hundreds of cases per run, seeds printed on failure). */
class CalicoPropertiesTest {
    static Gen<ClusterSpec> clusters() {
        return ClusterSpec.gen();
    }

    @CalicoProperty(tries = 150)
    void toTheInternetAWorkloadIsSeenWithItsNodesAddressExactlyWhenThePoolHasNatOutgoing(@GeneratedBy("clusters") ClusterSpec spec) {
        try (SimulatedCluster c = spec.build()) {
            for (String w : spec.workloads()) {
                Trace t = c.send(w, ClusterSpec.INTERNET);
                assertTrue(t.delivered(), t::toString);
                IpAddress node = IpAddress.parse(spec.nodeAddress(spec.nodeOf(w)).split("/")[0]);
                IpAddress own = c.addressOf(w);
                assertEquals(spec.natOutgoing() ? node : own, t.sourceSeenAtDestination(), t::toString);
            }
        }
    }

    /**
     * Across nodes a pool's traffic needs a route: Felix's for VXLAN, else BIRD's, which exists only
     * where BGP carried the block (a disableBGPExport pool is advertised to no peer, mesh included);
     * with the ToR as the only peer it leaves by the default route and the ToR routes it.
     */
    @CalicoProperty(tries = 150)
    void poolToPoolTrafficIsNeverMasqueradedAndCrossesNodesExactlyWhereARouteCarriesIt(@GeneratedBy("clusters") ClusterSpec spec) {
        try (SimulatedCluster c = spec.build()) {
            String first = spec.workloads().get(0);
            for (String w : spec.workloads()) {
                Trace t = c.send(first, w);
                boolean sameNode = spec.nodeOf(w) == spec.nodeOf(first);
                // Unencapsulated across subnets, a node's route to another node's block resolves through the underlay,
                // which knows no pod addresses: only the ToR (the underlay's default route), which learned the block, carries it.
                boolean sameSubnet = spec.subnets().get(spec.nodeOf(w)).equals(spec.subnets().get(spec.nodeOf(first)));
                boolean routed = spec.encapsulation().equals("vxlan")
                        || spec.exported() && (spec.tor() || !spec.encapsulation().equals("none") || sameSubnet);
                assertEquals(sameNode || routed, t.delivered(), t::toString);
                if (t.delivered()) {
                    assertTrue(t.sourceSeenAtDestination().toString().startsWith("192.168."), t::toString);
                }
            }
        }
    }

    @CalicoProperty(tries = 150)
    void encapsulationHappensExactlyWhereThePoolsModeSaysAcrossSubnets(@GeneratedBy("clusters") ClusterSpec spec) {
        try (SimulatedCluster c = spec.build()) {
            for (int a = 0; a < spec.subnets().size(); a++) {
                for (int b = 0; b < spec.subnets().size(); b++) {
                    if (a == b) {
                        continue;
                    }
                    Trace t = c.send(spec.workload(a, 0), spec.workload(b, 0));
                    boolean across = !spec.subnets().get(a).equals(spec.subnets().get(b));
                    // Felix programs VXLAN routes; IPIP routes are BIRD's: none for a pool not exported, and with only the
                    // ToR as a peer (mesh off, one AS for every node) a node drops the other nodes' blocks the ToR passes
                    // back (its own AS is in the path): no tunnel route, the packet leaves by the default route, unencapsulated.
                    boolean routed = spec.encapsulation().equals("vxlan") || spec.exported() && !spec.tor();
                    boolean expected = routed && !spec.encapsulation().equals("none") && (spec.mode().equals("Always") || across);
                    String detail = t.hops().get(0).detail();
                    assertEquals(expected, detail.contains(" IPIP ") || detail.contains(" VXLAN "), t::toString);
                    if (expected) {
                        assertTrue(detail.contains(spec.encapsulation().toUpperCase()), t::toString);
                    }
                }
            }
        }
    }

    @CalicoProperty(tries = 150)
    void aRouterReachesAWorkloadExactlyWhenABgpPathExportsItsBlockAndNotAfterExportIsDisabled(@GeneratedBy("clusters") ClusterSpec spec) {
        try (SimulatedCluster c = spec.build()) {
            boolean reachable = spec.tor() && spec.exported();
            for (String w : spec.workloads()) {
                Trace t = c.send(ClusterSpec.CLIENT, w);
                assertEquals(reachable, t.delivered(), t::toString);
                if (reachable) {
                    assertEquals(IpAddress.parse("203.0.113.9"), t.sourceSeenAtDestination(), "inbound is not NATed");
                }
            }
            if (reachable) {
                c.client().ipPools().withName("pool").edit(p -> p.withSpec(IpPoolSpec.builder().from(p.spec()).disableBGPExport(true).build()));
                for (String w : spec.workloads()) {
                    assertFalse(c.send(ClusterSpec.CLIENT, w).delivered(), "export disabled: " + w);
                }
            }
        }
    }

    /**
     * The shared calculation is a faithful stand-in for a NodeAgent per node: built both ways, every
     * workload's traces to every workload, host and back from the client are identical, hop by hop.
     */
    @CalicoProperty(tries = 40)
    void theSharedCalculationTracesExactlyAsANodeAgentPerNodeDoes(@GeneratedBy("clusters") ClusterSpec spec) {
        try (SimulatedCluster shared = spec.build(false); SimulatedCluster agents = spec.build(true)) {
            assertTrue(agents.hasNodeAgents());
            List<String> targets = new java.util.ArrayList<>(spec.workloads());
            targets.add(ClusterSpec.INTERNET);
            for (String from : spec.workloads()) {
                for (String to : targets) {
                    assertEquals(agents.send(from, to), shared.send(from, to), from + " -> " + to);
                }
                assertEquals(agents.send(ClusterSpec.CLIENT, from), shared.send(ClusterSpec.CLIENT, from));
            }
            for (int n = 0; n < spec.subnets().size(); n++) {
                assertEquals(agents.state(spec.node(n)), shared.state(spec.node(n)), spec.node(n));
            }
        }
    }
}
