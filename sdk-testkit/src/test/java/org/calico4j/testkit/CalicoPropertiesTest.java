package org.calico4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.net.IpAddress;
import org.calico4j.testkit.property.ForAll;
import org.calico4j.testkit.property.Gen;
import org.calico4j.testkit.property.Property;

/** What holds in Calico, over generated clusters (hundreds of cases per run, seeds printed on failure). */
class CalicoPropertiesTest {
    static Gen<ClusterSpec> clusters() {
        return ClusterSpec.gen();
    }

    @Property(tries = 150)
    void toTheInternetAWorkloadIsSeenWithItsNodesAddressExactlyWhenThePoolHasNatOutgoing(@ForAll("clusters") ClusterSpec spec) {
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

    @Property(tries = 150)
    void poolToPoolTrafficIsDeliveredAndNeverMasqueraded(@ForAll("clusters") ClusterSpec spec) {
        try (SimulatedCluster c = spec.build()) {
            String first = spec.workloads().get(0);
            for (String w : spec.workloads()) {
                Trace t = c.send(first, w);
                assertTrue(t.delivered(), t::toString);
                assertTrue(t.sourceSeenAtDestination().toString().startsWith("192.168."), t::toString);
            }
        }
    }

    @Property(tries = 150)
    void encapsulationHappensExactlyWhereThePoolsModeSaysAcrossSubnets(@ForAll("clusters") ClusterSpec spec) {
        try (SimulatedCluster c = spec.build()) {
            for (int a = 0; a < spec.subnets().size(); a++) {
                for (int b = 0; b < spec.subnets().size(); b++) {
                    if (a == b) {
                        continue;
                    }
                    Trace t = c.send(spec.workload(a, 0), spec.workload(b, 0));
                    boolean across = !spec.subnets().get(a).equals(spec.subnets().get(b));
                    boolean expected = !spec.encapsulation().equals("none") && (spec.mode().equals("Always") || across);
                    String detail = t.hops().get(0).detail();
                    assertEquals(expected, detail.contains(" IPIP ") || detail.contains(" VXLAN "), t::toString);
                    if (expected) {
                        assertTrue(detail.contains(spec.encapsulation().toUpperCase()), t::toString);
                    }
                }
            }
        }
    }

    @Property(tries = 150)
    void aRouterReachesAWorkloadExactlyWhenABgpPathExportsItsBlockAndNotAfterExportIsDisabled(@ForAll("clusters") ClusterSpec spec) {
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
}
