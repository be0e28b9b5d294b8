package org.calico4j.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.calico4j.client.CalicoClient;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.testkit.SimulatedCluster;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Static fields are shared by the class, instance fields are fresh for each test. */
@CalicoTestkit
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CalicoExtensionTest {
    static CalicoClient shared;
    static CalicoClient sharedSeenBefore;
    static SimulatedCluster clusterSeenBefore;
    CalicoClient client;
    SimulatedCluster cluster;

    @Test
    @Order(1)
    void fieldsAreInjected() {
        assertNotNull(shared);
        assertNotNull(client);
        assertNotNull(cluster);
        assertFalse(cluster.hasNodeAgents(), "the shared calculation by default");
        shared.ipPools().create(IpPool.builder().name("p").spec(IpPoolSpec.builder().cidr("10.0.0.0/16").build()).build());
        client.ipPools().create(IpPool.builder().name("q").spec(IpPoolSpec.builder().cidr("10.1.0.0/16").build()).build());
        sharedSeenBefore = shared;
        clusterSeenBefore = cluster;
    }

    @Test
    @Order(2)
    void sharedStaysAndInstanceFieldsAreFresh() {
        assertSame(sharedSeenBefore, shared);
        assertEquals(1, shared.ipPools().list().items().size(), "the class-wide client kept its pool");
        assertEquals(0, client.ipPools().list().items().size(), "a new client for this test");
        assertNotSame(clusterSeenBefore, cluster);
    }
}
