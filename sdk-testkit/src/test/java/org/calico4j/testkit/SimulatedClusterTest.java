package org.calico4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpConfigurationSpec;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.calico4j.testkit.junit.CalicoTestkit;
import org.junit.jupiter.api.Test;

/** The external-connectivity guide on a simulated cluster: outbound NAT, pod to pod, inbound through a BGP router. */
@CalicoTestkit
class SimulatedClusterTest {
    SimulatedCluster cluster;

    private void pool(boolean nat, String ipip, boolean exported) {
        cluster.client().ipPools().create(IpPool.builder().name("pool").spec(IpPoolSpec.builder().cidr("192.168.0.0/16")
                .natOutgoing(nat).ipipMode(ipip).disableBGPExport(!exported).build()).build());
    }

    @Test
    void outboundAPodInANatPoolIsSeenWithItsNodesAddress() {
        cluster.addNode("n1", "10.0.0.11/24").addHost("internet", "93.184.216.34");
        pool(true, "Never", true);
        IpAddress pod = cluster.addWorkload("web-0", "n1");
        Trace t = cluster.send("web-0", "internet");
        assertTrue(t.delivered(), t::toString);
        assertEquals(IpAddress.parse("10.0.0.11"), t.sourceSeenAtDestination(), t::toString);
        assertEquals(List.of("n1", "internet"), t.path());
        assertTrue(Cidr.parse("192.168.0.0/16").containsAddress(pod));
    }

    @Test
    void aVxlanPoolAddedAfterTheFirstConvergenceGivesTheNodesVteps() {
        cluster.addNode("n1", "10.0.0.11/24").addNode("n2", "10.0.1.12/24");
        pool(false, "Always", true); // IPIP: the nodes get their IPIP addresses first
        cluster.awaitConverged();
        assertEquals("", cluster.client().nodes().withName("n1").require().spec().ipv4VXLANTunnelAddr());
        assertFalse(cluster.client().nodes().withName("n1").require().spec().bgp().orElseThrow().ipv4IPIPTunnelAddr().isEmpty());
        cluster.client().ipPools().create(IpPool.builder().name("vxlan").spec(IpPoolSpec.builder().cidr("172.16.0.0/16")
                .vxlanMode("Always").build()).build());
        cluster.awaitConverged();
        for (String n : List.of("n1", "n2")) {
            String vtep = cluster.client().nodes().withName(n).require().spec().ipv4VXLANTunnelAddr();
            assertTrue(Cidr.parse("172.16.0.0/16").containsAddress(IpAddress.parse(vtep)), n + ": " + vtep);
        }
        IpAddress a = cluster.addWorkload("a", "n1", "172.16.200.1");
        cluster.addWorkload("b", "n2", "172.16.201.1");
        Trace t = cluster.send("a", "b");
        assertTrue(t.delivered(), t::toString);
        assertEquals(a, t.sourceSeenAtDestination());
    }

    @Test
    void outboundWithoutNatOutgoingThePodAddressIsSeen() {
        cluster.addNode("n1", "10.0.0.11/24").addHost("internet", "93.184.216.34");
        pool(false, "Never", true);
        IpAddress pod = cluster.addWorkload("web-0", "n1");
        assertEquals(pod, cluster.send("web-0", "internet").sourceSeenAtDestination());
    }

    @Test
    void podToPodAcrossNodesIsEncapsulatedAndNeverMasqueraded() {
        cluster.addNode("n1", "10.0.0.11/24").addNode("n2", "10.0.0.12/24");
        pool(true, "Always", true);
        IpAddress a = cluster.addWorkload("a", "n1");
        cluster.addWorkload("b", "n2");
        Trace t = cluster.send("a", "b");
        assertTrue(t.delivered(), t::toString);
        assertEquals(a, t.sourceSeenAtDestination());
        assertEquals(List.of("n1", "n2"), t.path());
        assertTrue(t.hops().get(0).detail().contains("IPIP 10.0.0.11 -> 10.0.0.12"), t::toString);
    }

    @Test
    void inboundARouterReachesAPodOnlyWhenABgpPathExportsItsBlock() {
        cluster.addNode("n1", "10.0.0.11/24").addNode("n2", "10.0.0.12/24").addRouter("tor", "10.0.0.1", 65001)
                .addHost("client", "203.0.113.9");
        pool(true, "Never", true);
        IpAddress pod = cluster.addWorkload("web-0", "n2");
        Trace before = cluster.send("client", "web-0");
        assertFalse(before.delivered(), "no BGP session to the router yet: " + before);
        cluster.client().bgpConfigurations().create(BgpConfiguration.builder().name("default")
                .spec(BgpConfigurationSpec.builder().nodeToNodeMeshEnabled(false).build()).build());
        cluster.client().bgpPeers().create(BgpPeer.builder().name("tor")
                .spec(BgpPeerSpec.builder().peerIP("10.0.0.1").asNumber(AsNumber.of(65001)).build()).build());
        Trace t = cluster.send("client", "web-0");
        assertTrue(t.delivered(), t::toString);
        assertEquals(List.of("client", "tor", "n2"), t.path());
        assertEquals(IpAddress.parse("203.0.113.9"), t.sourceSeenAtDestination(), "inbound traffic is not NATed");
        assertEquals(IpAddress.parse("10.0.0.12"), cluster.routerRoutes("tor").get(Cidr.of(pod, 26).network()));
        cluster.client().ipPools().withName("pool").edit(p -> p.withSpec(IpPoolSpec.builder().from(p.spec()).disableBGPExport(true).build()));
        assertFalse(cluster.send("client", "web-0").delivered(), "disabling export removes the reachability");
    }

    @Test
    void vxlanCrossSubnetEncapsulatesOnlyAcrossSubnets() {
        cluster.addNode("n1", "10.0.0.11/24").addNode("n2", "10.0.0.12/24").addNode("n3", "10.0.1.13/24");
        cluster.client().ipPools().create(IpPool.builder().name("pool").spec(IpPoolSpec.builder().cidr("192.168.0.0/16")
                .vxlanMode("CrossSubnet").build()).build());
        cluster.addWorkload("a", "n1");
        cluster.addWorkload("b", "n2", "192.168.77.7");
        cluster.addWorkload("c", "n3");
        Trace same = cluster.send("a", "b");
        assertTrue(same.delivered(), same::toString);
        assertFalse(same.hops().get(0).detail().contains("VXLAN"), same::toString);
        Trace across = cluster.send("a", "c");
        assertTrue(across.delivered(), across::toString);
        assertTrue(across.hops().get(0).detail().contains("VXLAN 10.0.0.11 -> 10.0.1.13"), across::toString);
        assertFalse(cluster.client().nodes().withName("n3").require().spec().ipv4VXLANTunnelAddr().isEmpty(), "a VTEP address from IPAM");
    }

    @Test
    void theClusterDrawsItselfAndListsWhoReachesWhom() {
        cluster.addNode("n1", "10.0.0.11/24").addNode("n2", "10.0.0.12/24").addRouter("tor", "10.0.0.1", 65001)
                .addHost("internet", "93.184.216.34");
        pool(true, "Never", true);
        cluster.client().bgpPeers().create(BgpPeer.builder().name("tor")
                .spec(BgpPeerSpec.builder().peerIP("10.0.0.1").asNumber(AsNumber.of(65001)).build()).build());
        cluster.addWorkload("a", "n1");
        cluster.addWorkload("b", "n2");
        String dot = cluster.toDot();
        assertTrue(dot.startsWith("digraph calico {"), dot);
        assertTrue(dot.contains("\"n1\" -> \"n2\" [dir=none, style=dashed, label=\"iBGP\"]"), dot);
        assertTrue(dot.contains("\"n1\" -> \"tor\" [dir=none, style=dashed, label=\"eBGP\"]"), dot);
        // n1 and n2 both advertise n2's block to the ToR (n1 with itself as next hop: explicit peers are multihop); the
        // paths are equally long, and BIRD keeps the one from the lower router ID: n1's.
        assertTrue(dot.contains("\"tor\" -> \"n1\" [color=blue, fontcolor=blue, label=\"" + cluster.bgpRoutes("tor").keySet().stream()
                .filter(c -> c.containsAddress(cluster.addressOf("b"))).findFirst().orElseThrow() + "\"]"), dot);
        assertEquals(java.util.Map.of("a", java.util.Map.of("b", true, "internet", true), "b", java.util.Map.of("a", true, "internet", true)),
                cluster.connectivityMatrix());
    }
}
