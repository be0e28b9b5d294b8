package org.calico4j.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.net.Cidr;
import org.calico4j.testkit.SimulatedCluster;
import org.junit.jupiter.api.Test;

/** {@code nodeAgents = true}: each node's agent programs a dataplane of its own, which follows the datastore. */
@CalicoTestkit(nodeAgents = true)
class CalicoExtensionNodeAgentsTest {
    SimulatedCluster cluster;

    @Test
    void eachNodeRunsItsOwnAgent() {
        assertTrue(cluster.hasNodeAgents());
        cluster.addNode("n1", "10.0.0.11/24");
        MemoryDataplane dp = cluster.dataplane("n1");
        cluster.client().ipPools().create(IpPool.builder().name("p").spec(IpPoolSpec.builder().cidr("10.9.0.0/16").natOutgoing(true)
                .build()).build());
        cluster.awaitConverged();
        assertTrue(dp.state().pools().containsKey(Cidr.parse("10.9.0.0/16")), "the same dataplane, updated by the node's agent");
    }
}
