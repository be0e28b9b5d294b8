package org.calico4j.dataplane.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.BgpFilter;
import org.calico4j.model.BgpPassword;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.Community;
import org.calico4j.model.GoDuration;
import org.calico4j.model.Kind;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.PrefixAdvertisement;
import org.calico4j.model.SecretKeyRef;
import org.calico4j.model.ServiceIpBlock;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;

/** The BGP scenarios of dataplane-scenarios.md (section D) against the intent and the rendered configuration. */
class BgpIntentsTest {
    private static Map<String, BgpIntent> intents(ClusterC c, SecretResolver secrets) {
        return BgpIntents.compute(c.allResources(), secrets);
    }

    private static BgpSession session(BgpIntent i, String name) {
        return i.family(4).sessions().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no session " + name + " in " + i.family(4).sessions()));
    }

    private static String rendered(ClusterC c, BgpIntent i) throws Exception {
        List<BgpFilter> filters = c.client.bgpFilters().list().items();
        String conf = BirdConfig.render(i, filters);
        String problem = BirdCheck.parse(conf);
        assertNull(problem, () -> "bird -p refused the configuration of " + i.node() + ": " + problem + "\n" + conf);
        return conf;
    }

    private static void peer(ClusterC c, String name, BgpPeerSpec.Builder spec) {
        c.client.bgpPeers().create(BgpPeer.builder().name(name).spec(spec.build()).build());
    }

    @Test
    void case30TheDefaultFullMeshIsPassiveOnTheLowerAddress() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p.ipipMode("Always"))) {
            Map<String, BgpIntent> all = intents(c, SecretResolver.none());
            BgpIntent n1 = all.get("n1");
            assertEquals(List.of("Mesh_10_0_0_12", "Mesh_10_0_1_13"), n1.family(4).sessions().stream().map(BgpSession::name).toList());
            assertTrue(session(n1, "Mesh_10_0_0_12").passive(), "10.0.0.12 > 10.0.0.11: n2 connects");
            assertFalse(session(all.get("n2"), "Mesh_10_0_0_11").passive());
            assertEquals(AsNumber.of(64512), session(n1, "Mesh_10_0_0_12").peerAs());
            assertEquals(IpAddress.parse("10.0.0.11"), session(n1, "Mesh_10_0_0_12").sourceAddress());
            assertTrue(session(n1, "Mesh_10_0_0_12").internal());
            assertEquals(List.of(Cidr.parse("10.244.1.0/26")), n1.family(4).localBlocks());
            assertEquals(List.of(Cidr.parse("10.244.1.0/26")), n1.family(4).exportedPrefixes());
            assertEquals(BgpIntent.KernelAction.IPIP_ALWAYS, n1.family(4).pools().get(0).kernel());
            String conf = rendered(c, n1);
            assertTrue(conf.contains("router id 10.0.0.11;"), conf);
            assertTrue(conf.contains("  route 10.244.1.0/26 blackhole;"), conf);
            assertTrue(conf.contains("protocol bgp Mesh_10_0_0_12 from bgp_template_v4 {\n  neighbor 10.0.0.12 as 64512;\n"
                    + "  source address 10.0.0.11;"), conf);
            assertFalse(conf.substring(conf.indexOf("protocol bgp Mesh_10_0_0_12")).contains("ttl security"),
                    "v3.32.1 mesh blocks have no TTL lines");
            assertTrue(conf.contains("  route 10.0.0.12/32 via 10.0.0.12%tunl0 onlink;"), "IPIP Always: next hops through tunl0");
            assertTrue(conf.contains("calico_export_to_bgp_peers_v4(true);"));
            assertTrue(conf.contains("# IPv6 disabled on this node"));
        }
    }

    @Test
    void case32MeshPasswordAndRestartTime() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p)) {
            c.bgp(b -> b.nodeMeshPassword(BgpPassword.builder().secretKeyRef(SecretKeyRef.builder().name("bgp").key("mesh").build()).build())
                    .nodeMeshMaxRestartTime(GoDuration.parse("120s")));
            BgpIntent n1 = intents(c, SecretResolver.of(Map.of("bgp/mesh", "s3cret"))).get("n1");
            BgpSession s = session(n1, "Mesh_10_0_0_12");
            assertEquals("s3cret", s.password());
            assertFalse(s.toString().contains("s3cret"), "passwords never in toString");
            String conf = rendered(c, n1);
            assertTrue(conf.contains("  passive on;\n  graceful restart time 120;\n  password \"s3cret\";\n"), conf);
        }
    }

    @Test
    void case33AToRPeerForEveryNodeWithTheMeshOff() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p)) {
            c.bgp(b -> b.nodeToNodeMeshEnabled(false));
            peer(c, "tor", BgpPeerSpec.builder().peerIP("10.0.0.1").asNumber(AsNumber.of(65001)));
            for (BgpIntent i : intents(c, SecretResolver.none()).values()) {
                assertEquals(List.of("Global_10_0_0_1"), i.family(4).sessions().stream().map(BgpSession::name).toList());
                BgpSession tor = session(i, "Global_10_0_0_1");
                assertFalse(tor.internal());
                assertNull(tor.ttlSecurity());
                String conf = rendered(c, i);
                assertTrue(conf.contains("protocol bgp Global_10_0_0_1 from bgp_template_v4 {\n  ttl security off;\n  multihop;\n"
                        + "  neighbor 10.0.0.1 as 65001;\n"), conf);
                assertTrue(conf.contains("calico_export_to_bgp_peers_v4(false);"));
            }
        }
    }

    @Test
    void case35And36RouteReflectorsPeerWithTheirClients() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p)) {
            c.bgp(b -> b.nodeToNodeMeshEnabled(false));
            c.client.nodes().create(Node.builder().metadata(ObjectMeta.builder().name("rr1").putLabels("route-reflector", "true").build())
                    .spec(NodeSpec.builder().bgp(NodeBgpSpec.builder().ipv4Address("10.0.0.5/24").routeReflectorClusterID("244.0.0.1").build())
                            .build()).build());
            peer(c, "to-rr", BgpPeerSpec.builder().nodeSelector("all()").peerSelector("route-reflector == 'true'"));
            peer(c, "rr-external", BgpPeerSpec.builder().nodeSelector("has(route-reflector)").peerIP("172.19.4.87").asNumber(AsNumber.of(64533)));
            Map<String, BgpIntent> all = intents(c, SecretResolver.none());
            for (String n : List.of("n1", "n2", "n3")) {
                BgpSession toRr = session(all.get(n), "Node_10_0_0_5");
                assertNull(toRr.rrClusterId());
                assertFalse(toRr.passive());
                assertEquals(1, all.get(n).family(4).sessions().size(), n + " peers only with the reflector");
            }
            BgpIntent rr = all.get("rr1");
            assertEquals(List.of("Node_10_0_0_11", "Node_10_0_0_12", "Node_10_0_1_13", "Node_172_19_4_87"),
                    rr.family(4).sessions().stream().map(BgpSession::name).toList());
            assertEquals("244.0.0.1", session(rr, "Node_10_0_0_11").rrClusterId());
            assertNull(session(rr, "Node_172_19_4_87").rrClusterId(), "eBGP peer: not a client");
            assertTrue(rr.family(4).isRouteReflector());
            String conf = rendered(c, rr);
            assertTrue(conf.contains("  rr client;\n  rr cluster id 244.0.0.1;\n"), conf);
            rendered(c, all.get("n1"));
        }
    }

    @Test
    void case38AssortedPeerFields() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p)) {
            peer(c, "tor", BgpPeerSpec.builder().peerIP("10.0.0.1:1179").asNumber(AsNumber.of(65001))
                    .password(BgpPassword.builder().secretKeyRef(SecretKeyRef.builder().name("bgp").key("tor").build()).build())
                    .ttlSecurity(1).sourceAddress("None").maxRestartTime(GoDuration.parse("90s")).keepaliveTime(GoDuration.parse("30s"))
                    .numAllowedLocalASNumbers(1).localASNumber(AsNumber.of(65100)).reachableBy("10.0.0.254"));
            BgpIntent n1 = intents(c, SecretResolver.of(Map.of("bgp/tor", "t0r"))).get("n1");
            BgpSession s = session(n1, "Global_10_0_0_1_port_1179");
            assertEquals(1179, s.port());
            assertEquals(AsNumber.of(65100), s.effectiveLocalAs());
            assertNull(s.sourceAddress());
            String conf = rendered(c, n1);
            assertTrue(conf.contains("protocol bgp Global_10_0_0_1_port_1179 from bgp_template_v4 {\n  ttl security on;\n  multihop 1;\n"
                    + "  local as 65100;\n  neighbor 10.0.0.1 port 1179 as 65001;\n"), conf);
            assertTrue(conf.contains("  graceful restart time 90;\n  keepalive time 30;\n  password \"t0r\";\n  allow local as 1;\n"), conf);
            assertTrue(conf.contains("  route 10.0.0.1/32 via 10.0.0.254;"), conf);
        }
    }

    @Test
    void case39DisabledExportKeepsAPoolsBlocksToItself() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p)) {
            c.pool("p2", p -> p.cidr("10.245.0.0/16").disableBGPExport(true));
            c.pod("n1", "q", "10.245.1.5", "caliq");
            BgpIntent n1 = intents(c, SecretResolver.none()).get("n1");
            assertTrue(n1.family(4).localBlocks().contains(Cidr.parse("10.245.1.0/26")));
            assertFalse(n1.family(4).exportedPrefixes().contains(Cidr.parse("10.245.1.0/26")));
            assertTrue(n1.family(4).exportedPrefixes().contains(Cidr.parse("10.244.1.0/26")));
            String conf = rendered(c, n1);
            assertTrue(conf.indexOf("if (net ~ 10.245.0.0/16) then { reject; } # BGP export is disabled.")
                    < conf.indexOf("calico_aggr_v4();"), "the reject comes first");
        }
    }

    @Test
    void case40ServiceClusterIpsAreAdvertisedAndNeverProgrammed() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p)) {
            c.bgp(b -> b.addServiceClusterIPs(ServiceIpBlock.builder().cidr("10.96.0.0/12").build())
                    .addServiceLoadBalancerIPs(ServiceIpBlock.builder().cidr("80.15.0.0/24").build(), ServiceIpBlock.builder().cidr("80.15.1.7/32").build()));
            BgpIntent n1 = intents(c, SecretResolver.none()).get("n1");
            assertEquals(List.of(Cidr.parse("10.96.0.0/12"), Cidr.parse("80.15.0.0/24")), n1.family(4).staticRoutes(),
                    "single-IP LB blocks are never advertised as ranges");
            assertEquals(n1.family(4).staticRoutes(), n1.family(4).rejectCidrs());
            String conf = rendered(c, n1);
            assertTrue(conf.contains("  route 10.96.0.0/12 blackhole;"));
            assertTrue(conf.contains("  if ( net ~ 10.96.0.0/12 ) then { reject; }"));
            c.client.nodes().withName("n2").edit(n -> n.withMetadata(ObjectMeta.builder().from(n.metadata())
                    .putLabels(BgpIntents.EXCLUDE_LABEL, "true").build()));
            BgpIntent n2 = intents(c, SecretResolver.none()).get("n2");
            assertTrue(n2.family(4).staticRoutes().isEmpty(), "excluded nodes advertise nothing");
            assertEquals(2, n2.family(4).rejectCidrs().size());
        }
    }

    @Test
    void case43DualStackMeshAndCase45Communities() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p)) {
            for (String[] n : new String[][] {{"n1", "fd00::11/64"}, {"n2", "fd00::12/64"}}) {
                c.client.nodes().withName(n[0]).edit(x -> x.withSpec(NodeSpec.builder().from(x.spec())
                        .bgp(NodeBgpSpec.builder().from(x.spec().bgp().orElseThrow()).ipv6Address(n[1]).build()).build()));
            }
            c.pool("v6", p -> p.cidr("fd00:10:244::/48"));
            c.bgp(b -> b.addCommunities(Community.builder().name("c1").value("64512:100").build())
                    .addPrefixAdvertisements(PrefixAdvertisement.builder().cidr("10.244.0.0/16").addCommunities("c1", "64512:1:2").build()));
            BgpIntent n1 = intents(c, SecretResolver.none()).get("n1");
            assertEquals(List.of("Mesh_fd00__12"), n1.family(6).sessions().stream().map(BgpSession::name).toList());
            assertEquals(List.of("64512:100", "64512:1:2"), n1.family(4).communities().get(Cidr.parse("10.244.0.0/16")));
            String conf = rendered(c, n1);
            assertTrue(conf.contains("protocol bgp Mesh_fd00__12 from bgp_template_v6 {\n  neighbor fd00::12 as 64512;\n"
                    + "  source address fd00::11;"), conf);
            assertTrue(conf.contains("bgp_community.add((64512, 100));\n    bgp_large_community.add((64512, 1, 2));"), conf);
            assertTrue(rendered(c, intents(c, SecretResolver.none()).get("n3")).contains("# IPv6 disabled on this node"));
        }
    }

    @Test
    void aBorrowedAddressIsExportedAsAHostRoute() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p)) {
            c.client.ipam().assignIp(org.calico4j.client.ipam.AssignIpRequest.of(IpAddress.parse("10.244.1.40")).host("n2").handle("b"));
            c.endpoint("n2", "borrower", "10.244.1.40", "cali40");
            BgpIntent n2 = intents(c, SecretResolver.none()).get("n2");
            assertEquals(List.of(Cidr.parse("10.244.1.40/32")), n2.family(4).borrowed());
            assertTrue(n2.family(4).exportedPrefixes().contains(Cidr.parse("10.244.1.40/32")));
            assertTrue(c.allResources().stream().anyMatch(r -> r.kind() == Kind.WORKLOAD_ENDPOINT));
        }
    }

    @Test
    void programClusterRoutesDisabledLeavesClusterRoutesToFelix() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p.vxlanMode("Always"))) {
            c.pool("plain", p -> p.cidr("10.246.0.0/16"));
            c.bgp(b -> b.programClusterRoutes("Disabled"));
            BgpIntent n1 = intents(c, SecretResolver.none()).get("n1");
            String conf = rendered(c, n1);
            assertTrue(conf.contains("if (net ~ 10.244.0.0/16) then { reject; } # VXLAN routes are handled by Felix."), conf);
            assertTrue(conf.contains("if (net ~ 10.246.0.0/16) then { reject; } # Cluster routes are handled by Felix."), conf);
        }
    }
}
