package org.calico4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpConfigurationSpec;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.calico4j.testkit.bgp.BgpRoute;
import org.calico4j.testkit.junit.CalicoTestkit;
import org.junit.jupiter.api.Test;

/** The simulated BGP fabric: sessions need both ends, eBGP paths and loop prevention, route reflection, next hops. */
@CalicoTestkit
class SimulatedBgpTest {
    SimulatedCluster cluster;

    private void setUp(boolean mesh) {
        cluster.client().ipPools().create(IpPool.builder().name("pool").spec(IpPoolSpec.builder().cidr("192.168.0.0/16").blockSize(26)
                .build()).build());
        cluster.client().bgpConfigurations().create(BgpConfiguration.builder().name("default")
                .spec(BgpConfigurationSpec.builder().nodeToNodeMeshEnabled(mesh).build()).build());
    }

    private void peer(String name, BgpPeerSpec.Builder spec) {
        cluster.client().bgpPeers().create(BgpPeer.builder().name(name).spec(spec.build()).build());
    }

    private static Cidr block(IpAddress pod) {
        return Cidr.of(pod, 26).network();
    }

    private static List<AsNumber> path(long... as) {
        return java.util.Arrays.stream(as).mapToObj(AsNumber::of).toList();
    }

    @Test
    void aPeerWithTheWrongAsNumberNeverEstablishes() {
        cluster.addNode("n1", "10.0.0.11/24").addRouter("tor", "10.0.0.1", 65001);
        setUp(false);
        peer("tor", BgpPeerSpec.builder().peerIP("10.0.0.1").asNumber(AsNumber.of(65009)));
        IpAddress a = cluster.addWorkload("a", "n1");
        assertEquals(0, cluster.bgpSessionsUp());
        assertTrue(cluster.routerRoutes("tor").isEmpty());
        cluster.client().bgpPeers().withName("tor").edit(p -> p.withSpec(BgpPeerSpec.builder().from(p.spec()).asNumber(AsNumber.of(65001))
                .build()));
        assertEquals(1, cluster.bgpSessionsUp(), "with the router's AS it establishes");
        assertEquals(IpAddress.parse("10.0.0.11"), cluster.routerRoutes("tor").get(block(a)));
    }

    @Test
    void theSessionsLocalAsNumberIsTheOnePrependedAndChecked() {
        cluster.addNode("n1", "10.0.0.11/24").addRouter("tor", "10.0.0.1", 65001);
        setUp(false);
        peer("tor", BgpPeerSpec.builder().peerIP("10.0.0.1").asNumber(AsNumber.of(65001)).localASNumber(AsNumber.of(65100)));
        IpAddress a = cluster.addWorkload("a", "n1");
        assertEquals(path(65100), cluster.bgpRoutes("tor").get(block(a)).asPath(), "localASNumber, not the node's 64512");
    }

    @Test
    void aPrefixManyNodesOriginateIsLearnedFromTheNearestOrigin() {
        cluster.addNode("n1", "10.0.0.11/24").addNode("n2", "10.0.0.12/24").addRouter("tor", "10.0.0.1", 65001);
        setUp(true);
        cluster.client().bgpConfigurations().withName("default").edit(c -> c.withSpec(BgpConfigurationSpec.builder().from(c.spec())
                .addServiceClusterIPs(org.calico4j.model.ServiceIpBlock.builder().cidr("10.96.0.0/12").build()).build()));
        peer("tor", BgpPeerSpec.builder().node("n1").peerIP("10.0.0.1").asNumber(AsNumber.of(65001)));
        BgpRoute service = cluster.bgpRoutes("tor").get(Cidr.parse("10.96.0.0/12"));
        assertEquals("n1", service.origin(), service::toString);
        assertEquals("n1", service.learnedFrom());
        assertEquals(path(64512), service.asPath());
        assertNull(cluster.bgpRoutes("n2").get(Cidr.parse("10.96.0.0/12")), "n2 originates it itself");
    }

    @Test
    void aSpeakerWhoseBestTurnsToAReflectedRouteWithdrawsWhatItCanNoLongerPassOn() {
        // o (AS 64601) peers with router y and with x; x and s are clients of rr; s peers with y (eBGP) and t (iBGP).
        // s first hears o's block from y ([65002 64601]) and passes it to t; then rr reflects x's shorter [64601], which
        // s may not pass to its iBGP peer t: t must lose the route, as a BGP withdraw does.
        cluster.addNode("o", "10.0.0.10/24", Map.of("role", "o"), AsNumber.of(64601))
                .addNode("x", "10.0.0.21/24", Map.of("role", "x"), null)
                .addNode("rr", "10.0.0.30/24", Map.of("route-reflector", "true"), null)
                .addNode("s", "10.0.0.40/24", Map.of("role", "s"), null)
                .addRouter("y", "10.0.0.2", 65002).addRouter("t", "10.0.0.3", 64512);
        setUp(false);
        cluster.client().nodes().withName("rr").edit(n -> n.withSpec(NodeSpec.builder().from(n.spec())
                .bgp(NodeBgpSpec.builder().from(n.spec().bgp().orElseThrow()).routeReflectorClusterID("244.0.0.1").build()).build()));
        peer("o-y", BgpPeerSpec.builder().nodeSelector("role == 'o'").peerIP("10.0.0.2").asNumber(AsNumber.of(65002)));
        peer("o-x", BgpPeerSpec.builder().nodeSelector("role == 'o'").peerIP("10.0.0.21").asNumber(AsNumber.of(64512)));
        peer("s-y", BgpPeerSpec.builder().nodeSelector("role == 's'").peerIP("10.0.0.2").asNumber(AsNumber.of(65002)));
        peer("s-t", BgpPeerSpec.builder().nodeSelector("role == 's'").peerIP("10.0.0.3").asNumber(AsNumber.of(64512)));
        peer("to-rr", BgpPeerSpec.builder().nodeSelector("role in {'x', 's'}").peerSelector("route-reflector == 'true'"));
        IpAddress w = cluster.addWorkload("w", "o");
        BgpRoute atS = cluster.bgpRoutes("s").get(block(w));
        assertEquals(path(64601), atS.asPath(), atS::toString);
        assertEquals("rr", atS.learnedFrom());
        assertEquals(IpAddress.parse("10.0.0.10"), atS.nextHop(), "o's eBGP next hop, kept by x and rr over iBGP");
        assertEquals(path(64601), cluster.bgpRoutes("y").get(block(w)).asPath());
        assertNull(cluster.bgpRoutes("t").get(block(w)), "an iBGP-learned route from a non-client is not passed to an iBGP peer");
    }

    @Test
    void ebgpAcrossTwoRoutersCarriesTheAsPathAndRewritesTheNextHop() {
        cluster.addNode("n1", "10.0.0.11/24", Map.of("rack", "a"), AsNumber.of(64601))
                .addNode("n2", "10.0.1.12/24", Map.of("rack", "b"), AsNumber.of(64602))
                .addRouter("tor-a", "10.0.0.1", 65001).addRouter("tor-b", "10.0.1.1", 65002).connectRouters("tor-a", "tor-b")
                .addHost("client", "203.0.113.9");
        setUp(false);
        peer("rack-a", BgpPeerSpec.builder().nodeSelector("rack == 'a'").peerIP("10.0.0.1").asNumber(AsNumber.of(65001)));
        peer("rack-b", BgpPeerSpec.builder().nodeSelector("rack == 'b'").peerIP("10.0.1.1").asNumber(AsNumber.of(65002)));
        IpAddress a = cluster.addWorkload("a", "n1");
        IpAddress b = cluster.addWorkload("b", "n2");
        assertEquals(3, cluster.bgpSessionsUp());
        BgpRoute viaB = cluster.bgpRoutes("tor-a").get(block(b));
        assertEquals(IpAddress.parse("10.0.1.1"), viaB.nextHop(), viaB::toString);
        assertEquals(path(65002, 64602), viaB.asPath());
        BgpRoute atN1 = cluster.bgpRoutes("n1").get(block(b));
        assertEquals(path(65001, 65002, 64602), atN1.asPath());
        assertEquals(IpAddress.parse("10.0.0.1"), atN1.nextHop());
        assertEquals(path(64601), cluster.bgpRoutes("tor-a").get(block(a)).asPath(), "the origin's own AS only");
        Trace t = cluster.send("client", "b");
        assertTrue(t.delivered(), t::toString);
        assertEquals(List.of("client", "tor-a", "tor-b", "n2"), t.path());
    }

    @Test
    void aNodeRejectsAPathThatAlreadyHoldsItsAsUnlessAllowed() {
        // Both nodes in the default AS 64512, each behind its own router: n2's block comes back to AS 64512 at n1.
        cluster.addNode("n1", "10.0.0.11/24", Map.of("rack", "a"), null).addNode("n2", "10.0.1.12/24", Map.of("rack", "b"), null)
                .addRouter("tor-a", "10.0.0.1", 65001).addRouter("tor-b", "10.0.1.1", 65002).connectRouters("tor-a", "tor-b");
        setUp(false);
        peer("rack-a", BgpPeerSpec.builder().nodeSelector("rack == 'a'").peerIP("10.0.0.1").asNumber(AsNumber.of(65001)));
        peer("rack-b", BgpPeerSpec.builder().nodeSelector("rack == 'b'").peerIP("10.0.1.1").asNumber(AsNumber.of(65002)));
        cluster.addWorkload("a", "n1");
        IpAddress b = cluster.addWorkload("b", "n2");
        assertEquals(path(65002, 64512), cluster.bgpRoutes("tor-a").get(block(b)).asPath());
        assertNull(cluster.bgpRoutes("n1").get(block(b)), "AS-path loop prevention: 64512 is n1's own AS");
        cluster.client().bgpPeers().withName("rack-a").edit(p -> p.withSpec(BgpPeerSpec.builder().from(p.spec())
                .numAllowedLocalASNumbers(1).build()));
        assertEquals(path(65001, 65002, 64512), cluster.bgpRoutes("n1").get(block(b)).asPath(), "numAllowedLocalASNumbers: 1");
    }

    @Test
    void aRouteReflectorPassesClientsRoutesOnKeepingTheNextHop() {
        cluster.addNode("rr1", "10.0.0.5/24", Map.of("route-reflector", "true"), null)
                .addNode("n1", "10.0.0.11/24").addNode("n2", "10.0.0.12/24").addRouter("tor", "10.0.0.1", 65001);
        setUp(false);
        peer("to-rr", BgpPeerSpec.builder().nodeSelector("all()").peerSelector("route-reflector == 'true'"));
        peer("rr-tor", BgpPeerSpec.builder().nodeSelector("has(route-reflector)").peerIP("10.0.0.1").asNumber(AsNumber.of(65001)));
        cluster.addWorkload("a", "n1");
        IpAddress b = cluster.addWorkload("b", "n2");
        // Without a cluster ID rr1 is an ordinary iBGP peer: it does not pass iBGP routes to other iBGP peers.
        assertNull(cluster.bgpRoutes("n1").get(block(b)));
        assertEquals(IpAddress.parse("10.0.0.5"), cluster.bgpRoutes("tor").get(block(b)).nextHop(), "eBGP: next hop self");
        cluster.client().nodes().withName("rr1").edit(n -> n.withSpec(NodeSpec.builder().from(n.spec())
                .bgp(NodeBgpSpec.builder().from(n.spec().bgp().orElseThrow()).routeReflectorClusterID("244.0.0.1").build()).build()));
        BgpRoute reflected = cluster.bgpRoutes("n1").get(block(b));
        assertEquals(IpAddress.parse("10.0.0.12"), reflected.nextHop(), "reflected routes keep the originator's next hop");
        assertTrue(reflected.internal());
        assertEquals("rr1", reflected.learnedFrom());
        assertEquals("n2", reflected.origin());
        Trace t = cluster.send("a", "b");
        assertTrue(t.delivered(), t::toString);
        assertEquals(List.of("n1", "n2"), t.path());
    }

    @Test
    void aRouteOnlyBirdProgramsExistsOnlyWhereBgpDeliveredIt() {
        // One AS for every node, mesh off, only the ToR as a peer: each node drops the blocks the ToR passes back.
        cluster.addNode("n1", "10.0.0.11/24").addNode("n2", "10.0.1.12/24").addRouter("tor", "10.0.0.1", 65001);
        cluster.client().ipPools().create(IpPool.builder().name("pool").spec(IpPoolSpec.builder().cidr("192.168.0.0/16").blockSize(26)
                .ipipMode("Always").build()).build());
        cluster.client().bgpConfigurations().create(BgpConfiguration.builder().name("default")
                .spec(BgpConfigurationSpec.builder().nodeToNodeMeshEnabled(false).build()).build());
        peer("tor", BgpPeerSpec.builder().peerIP("10.0.0.1").asNumber(AsNumber.of(65001)));
        IpAddress a = cluster.addWorkload("a", "n1");
        cluster.addWorkload("b", "n2");
        Trace viaTor = cluster.send("a", "b");
        assertTrue(viaTor.delivered(), viaTor::toString);
        assertEquals(List.of("n1", "tor", "n2"), viaTor.path(), "no IPIP route on n1: out by the default route to the ToR");
        assertFalse(viaTor.hops().get(0).detail().contains("IPIP"), viaTor::toString);
        assertEquals(a, viaTor.sourceSeenAtDestination());
        cluster.client().bgpConfigurations().withName("default").edit(c -> c.withSpec(BgpConfigurationSpec.builder().from(c.spec())
                .nodeToNodeMeshEnabled(true).build()));
        Trace meshed = cluster.send("a", "b");
        assertEquals(List.of("n1", "n2"), meshed.path(), meshed::toString);
        assertTrue(meshed.hops().get(0).detail().contains("IPIP 10.0.0.11 -> 10.0.1.12"), meshed::toString);
    }

    @Test
    void theMeshLearnsEveryBlockDirectly() {
        cluster.addNode("n1", "10.0.0.11/24").addNode("n2", "10.0.0.12/24").addNode("n3", "10.0.1.13/24");
        setUp(true);
        cluster.addWorkload("a", "n1");
        IpAddress b = cluster.addWorkload("b", "n2");
        IpAddress c = cluster.addWorkload("c", "n3");
        assertEquals(3, cluster.bgpSessionsUp());
        Map<Cidr, BgpRoute> n1 = cluster.bgpRoutes("n1");
        assertEquals(IpAddress.parse("10.0.0.12"), n1.get(block(b)).nextHop());
        assertEquals(IpAddress.parse("10.0.1.13"), n1.get(block(c)).nextHop());
        assertEquals(List.of(), n1.get(block(c)).asPath(), "iBGP adds no AS");
        assertFalse(n1.values().stream().anyMatch(r -> r.origin().equals("n1")), "a node does not learn its own blocks back");
    }

    @Test
    void theSvgPictureIsWellFormedAndShowsEverySpeaker() throws Exception {
        cluster.addNode("n1", "10.0.0.11/24").addNode("n2", "10.0.0.12/24").addRouter("tor", "10.0.0.1", 65001)
                .addHost("R&D <lab>", "93.184.216.34");
        setUp(true);
        peer("tor", BgpPeerSpec.builder().peerIP("10.0.0.1").asNumber(AsNumber.of(65001)));
        IpAddress a = cluster.addWorkload("a", "n1");
        String svg = cluster.toSvg();
        org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertEquals(4, doc.getElementsByTagName("rect").getLength(), svg);
        String text = doc.getDocumentElement().getTextContent();
        for (String s : List.of("n1", "n2", "tor", "R&D <lab>", "AS 65001", "a " + a, "iBGP", "eBGP", block(a).toString())) {
            assertTrue(text.contains(s), s + " in " + svg);
        }
    }
}
