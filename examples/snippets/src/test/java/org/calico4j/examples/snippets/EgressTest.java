package org.calico4j.examples.snippets;

// tag::imports[]
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.net.IpAddress;
import org.calico4j.testkit.ClusterSpec;
import org.calico4j.testkit.SimulatedCluster;
import org.calico4j.testkit.Trace;
import org.calico4j.testkit.junit.CalicoTestkit;
import org.calico4j.testkit.property.CalicoProperty;
import org.calico4j.testkit.property.Gen;
import org.calico4j.testkit.property.GeneratedBy;
import org.junit.jupiter.api.Test;
// end::imports[]

// tag::code[]
@CalicoTestkit
class EgressTest {
    SimulatedCluster cluster;                        // injected, fresh per test (a static field is shared)

    @Test
    void podsAreMasqueraded() {
        IpPool pool = IpPool.builder().name("ippool-ext-1")
            .spec(IpPoolSpec.builder().cidr("192.168.0.0/16").natOutgoing(true).build()).build();
        cluster.addNode("n1", "10.0.0.11/24").addHost("internet", "93.184.216.34");
        cluster.client().ipPools().create(pool);
        cluster.addWorkload("web-0", "n1");
        Trace t = cluster.send("web-0", "internet");
        assertEquals(IpAddress.parse("10.0.0.11"), t.sourceSeenAtDestination());
    }

    @CalicoProperty(tries = 200)                     // seed and smallest counterexample reported on failure
    void poolToPoolIsNeverMasqueraded(@GeneratedBy("clusters") ClusterSpec spec) {
        try (SimulatedCluster c = spec.build()) {
            List<String> w = spec.workloads();
            String from = w.get(0);
            String to = w.get(w.size() - 1);
            Trace t = c.send(from, to);
            // Whether a pod on another node is reached depends on routing, as in Calico (BGP export, encapsulation,
            // subnets, a ToR); on the same node it always is; and when it is, never masqueraded.
            assertTrue(t.delivered() || spec.nodeOf(from) != spec.nodeOf(to), t.toString());
            if (t.delivered()) {
                assertEquals(c.addressOf(from), t.sourceSeenAtDestination(), t.toString());
            }
        }
    }

    static Gen<ClusterSpec> clusters() {
        return ClusterSpec.gen();
    }
}
// end::code[]
