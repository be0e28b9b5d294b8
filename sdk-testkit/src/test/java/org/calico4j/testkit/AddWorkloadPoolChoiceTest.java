package org.calico4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.calico4j.client.cni.Cni;
import org.calico4j.client.cni.CniRequest;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.calico4j.testkit.junit.CalicoTestkit;
import org.junit.jupiter.api.Test;

/** {@code SimulatedCluster.addWorkload} with a pool chosen by name or selector, through the CNI step (issue 15 item 4). */
@CalicoTestkit
class AddWorkloadPoolChoiceTest {
    SimulatedCluster cluster;

    private void twoPools() {
        cluster.addNode("n1", "10.0.0.11/24").addNode("n2", "10.0.0.12/24");
        cluster.client().ipPools().create(IpPool.builder().metadata(ObjectMeta.builder().name("default-pool").build())
                .spec(IpPoolSpec.builder().cidr("192.168.0.0/16").build()).build());
        cluster.client().ipPools().create(IpPool.builder().metadata(ObjectMeta.builder().name("web-pool").labels(Map.of("tier", "web")).build())
                .spec(IpPoolSpec.builder().cidr("172.16.0.0/16").build()).build());
    }

    @Test
    void aWorkloadTakesItsAddressFromThePoolNamedOrSelected() {
        twoPools();
        for (int i = 0; i < 4; i++) {
            IpAddress byName = cluster.addWorkload("named-" + i, "n1", r -> r.poolNames(List.of("web-pool")));
            assertTrue(Cidr.parse("172.16.0.0/16").containsAddress(byName), byName.toString());
            IpAddress bySelector = cluster.addWorkload("selected-" + i, "n2", r -> r.poolSelector("tier == 'web'"));
            assertTrue(Cidr.parse("172.16.0.0/16").containsAddress(bySelector), bySelector.toString());
            IpAddress other = cluster.addWorkload("other-" + i, "n2", r -> r.poolNames(List.of("default-pool")));
            assertTrue(Cidr.parse("192.168.0.0/16").containsAddress(other), other.toString());
        }
        String wep = Cni.endpointName(CniRequest.pod("n1", "default", "named-0"));
        assertEquals(List.of(cluster.addressOf("named-0") + "/32"),
                cluster.client().workloadEndpoints().inNamespace("default").withName(wep).require().spec().ipNetworks());
        Trace t = cluster.send("named-0", "selected-0");
        assertTrue(t.delivered(), t::toString);
        assertEquals(cluster.addressOf("named-0"), t.sourceSeenAtDestination());
    }

    @Test
    void anUnknownPoolIsNamedAndNoWorkloadIsLeftBehind() {
        twoPools();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cluster.addWorkload("w", "n1", r -> r.poolNames(List.of("web-pol"))));
        assertTrue(e.getMessage().contains("no IP pool named 'web-pol'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cluster.addressOf("w"));
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> cluster.addWorkload("w", "n1", r -> r.poolSelector("tier == 'db'")));
        assertTrue(s.getMessage().contains("tier == 'db'"), s.getMessage());
        cluster.addWorkload("w", "n1", r -> r);
    }
}
