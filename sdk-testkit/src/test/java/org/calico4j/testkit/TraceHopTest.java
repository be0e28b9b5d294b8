package org.calico4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.calico4j.dataplane.Encap;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.net.IpAddress;
import org.calico4j.testkit.junit.CalicoTestkit;
import org.junit.jupiter.api.Test;

/** A trace's hops carry node, action, route, encapsulation, SNAT and next hop as fields, not only as text (issue 15 item 10). */
@CalicoTestkit
class TraceHopTest {
    SimulatedCluster cluster;

    private void twoSubnetsAndAnIpipPool() {
        cluster.addNode("n1", "10.0.0.11/24").addNode("n2", "10.0.1.12/24").addHost("internet", "93.184.216.34");
        cluster.client().ipPools().create(IpPool.builder().name("pool").spec(IpPoolSpec.builder().cidr("192.168.0.0/16")
                .natOutgoing(true).ipipMode("CrossSubnet").build()).build());
        cluster.addWorkload("a", "n1");
        cluster.addWorkload("b", "n2");
    }

    @Test
    void anEncapsulatedHopNamesItsTunnelRouteAndTheNodeItGoesTo() {
        twoSubnetsAndAnIpipPool();
        Trace t = cluster.send("a", "b");
        assertTrue(t.delivered(), t::toString);
        Trace.Hop first = t.hops().get(0);
        assertEquals("n1", first.node());
        assertEquals("FORWARD", first.action());
        assertEquals(Encap.IPIP, first.encapsulation());
        assertTrue(first.route() != null && first.route().contains("tunl0"), first::toString);
        assertFalse(first.snat());
        assertEquals("n2", first.nextHop());
        Trace.Hop last = t.hops().get(1);
        assertEquals("DELIVER", last.action());
        assertEquals(Encap.NONE, last.encapsulation());
        assertNull(last.nextHop());
    }

    @Test
    void aMasqueradedHopCarriesItsSnatAddress() {
        twoSubnetsAndAnIpipPool();
        Trace t = cluster.send("a", "internet");
        assertTrue(t.delivered(), t::toString);
        Trace.Hop first = t.hops().get(0);
        assertEquals(IpAddress.parse("10.0.0.11"), first.snatTo());
        assertEquals(Encap.NONE, first.encapsulation());
        assertEquals("internet", first.nextHop());
        assertTrue(first.detail().contains("SNAT to 10.0.0.11"), first::toString);
    }

    /** Node n1 with workload w (returned), peering with router tor; host client outside. */
    private IpAddress aNodePeeringWithARouterAndAHost() {
        cluster.addNode("n1", "10.0.0.11/24").addRouter("tor", "10.0.0.1", 64512).addHost("client", "203.0.113.9");
        cluster.client().ipPools().create(IpPool.builder().name("pool").spec(IpPoolSpec.builder().cidr("192.168.0.0/16").build()).build());
        cluster.client().bgpPeers().create(org.calico4j.model.BgpPeer.builder().name("tor").spec(org.calico4j.model.BgpPeerSpec.builder()
                .peerIP("10.0.0.1").asNumber(org.calico4j.model.net.AsNumber.of(64512)).build()).build());
        return cluster.addWorkload("w", "n1");
    }

    @Test
    void aRouterHopCarriesItsBgpNextHop() {
        aNodePeeringWithARouterAndAHost();
        Trace t = cluster.send("client", "w");
        assertTrue(t.delivered(), t::toString);
        assertEquals("tor", t.hops().get(0).nextHop());
        Trace.Hop tor = t.hops().get(1);
        assertEquals("tor", tor.node());
        assertEquals("via 10.0.0.11", tor.route());
        assertEquals("n1", tor.nextHop());
    }

    /** A packet starts where its sender is: a workload's node, a node, a router, a host, or an address (a node's, or one outside). */
    @Test
    void aTraceStartsWhereItsSenderIs() {
        IpAddress w = aNodePeeringWithARouterAndAHost();
        assertEquals("n1", cluster.send("w", "client").hops().get(0).at());
        Trace fromNode = cluster.send("n1", "w");
        assertEquals("n1", fromNode.hops().get(0).at());
        assertEquals(IpAddress.parse("10.0.0.11"), fromNode.sourceSeenAtDestination());
        Trace fromRouter = cluster.send("tor", "w");
        assertEquals("tor", fromRouter.hops().get(0).at());
        assertEquals(IpAddress.parse("10.0.0.1"), fromRouter.sourceSeenAtDestination());
        Trace fromHost = cluster.send("client", "w");
        assertEquals("client", fromHost.hops().get(0).at());
        Trace fromNodeAddress = cluster.send("10.0.0.11", "w");
        assertEquals("n1", fromNodeAddress.hops().get(0).at());
        Trace fromOutside = cluster.send("198.51.100.7", w.toString());
        assertEquals("198.51.100.7", fromOutside.hops().get(0).at());
        assertEquals(IpAddress.parse("198.51.100.7"), fromOutside.sourceSeenAtDestination());
        assertTrue(fromNode.delivered() && fromRouter.delivered() && fromHost.delivered() && fromNodeAddress.delivered()
                && fromOutside.delivered(), () -> java.util.List.of(fromNode, fromRouter, fromHost, fromNodeAddress, fromOutside).toString());
    }
}
