package org.calico4j.dataplane.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.calico4j.model.BgpFilter;
import org.calico4j.model.Resource;
import org.calico4j.model.ipam.AffinityState;
import org.calico4j.model.ipam.BlockAffinity;
import org.calico4j.model.manifest.Manifest;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * The findings of issue 13 ([confd]), one test each; every one failed before its fix. The whole of
 * Calico's golden confd tests is {@link ConfdConformanceTest}.
 */
class ConfdFindingsTest {
    private static final String NODES = """
            kind: Node
            apiVersion: projectcalico.org/v3
            metadata: {name: n1, labels: {rack: a}}
            spec: {bgp: {ipv4Address: 10.0.0.11/24, ipv6Address: "fd00::11/64"}}
            ---
            kind: Node
            apiVersion: projectcalico.org/v3
            metadata: {name: n2, labels: {rack: b, rr: "yes"}}
            spec: {bgp: {ipv4Address: 10.0.0.12/24}}
            ---
            kind: IPPool
            apiVersion: projectcalico.org/v3
            metadata: {name: p}
            spec: {cidr: 10.244.0.0/16, ipipMode: Never}
            """;

    static List<Resource> resources(String yaml) {
        return new ArrayList<>(Manifest.parse(NODES + "---\n" + yaml).resources());
    }

    static String render(List<Resource> rs, String node) throws Exception {
        BgpIntent i = BgpIntents.compute(rs, SecretResolver.none()).get(node);
        List<BgpFilter> filters = rs.stream().filter(r -> r instanceof BgpFilter).map(r -> (BgpFilter) r).toList();
        String conf = BirdConfig.render(i, filters);
        assertNull(BirdCheck.parse(conf), conf);
        return conf;
    }

    static String render(String yaml, String node) throws Exception {
        return render(resources(yaml), node);
    }

    private static final String MESH_OFF = "kind: BGPConfiguration\napiVersion: projectcalico.org/v3\nmetadata: {name: default}\n"
            + "spec: {nodeToNodeMeshEnabled: false}\n";

    /** 1. A rule's communities, asPathPrefix, priority, peerType and operations are its conditions and actions. */
    @Test
    void f01FilterRulesKeepTheirConditionsAndActions() throws Exception {
        String conf = render(MESH_OFF + """
                ---
                kind: BGPFilter
                apiVersion: projectcalico.org/v3
                metadata: {name: only-42}
                spec:
                  exportV4:
                  - {action: Accept, communities: {values: ["65000:42"]}}
                  - {action: Accept, asPathPrefix: [65001, 65002], operations: [{prependASPath: {prefix: [65000, 65009]}}]}
                  - {action: Accept, priority: 100, peerType: eBGP, operations: [{addCommunity: {value: "65000:1:2"}}, {setPriority: {value: 50}}]}
                  - {action: Reject}
                ---
                kind: BGPPeer
                apiVersion: projectcalico.org/v3
                metadata: {name: tor}
                spec: {peerIP: 10.0.0.1, asNumber: 65001, filters: [only-42]}
                """, "n1");
        assertTrue(conf.contains("function 'bgp_only-42_exportFilterV4'(bool is_same_as) {\n"
                + "  if (((65000, 42) ~ bgp_community)) then { accept; }\n"
                + "  if ((bgp_path ~ [= 65001 65002 * =])) then { bgp_path.prepend(65009); bgp_path.prepend(65000); accept; }\n"
                + "  if (!is_same_as) then { if ((defined(bgp_local_pref)&&(bgp_local_pref = 2147483547))) then "
                + "{ bgp_large_community.add((65000, 1, 2)); bgp_local_pref = 2147483597; accept; } }\n"
                + "  reject;\n}\n"), conf);
        assertTrue(conf.contains("'bgp_only-42_exportFilterV4'(false);"), "the eBGP session passes is_same_as: " + conf);
    }

    /** 2. Filter function names over BIRD's 64-character symbol limit are shortened as confd shortens them. */
    @Test
    void f02LongFilterNamesAreShortenedAsConfdDoes() throws Exception {
        String name = "greater-than-64-characters.so.this.should.definitely.truncate-1234567890";
        String conf = render(MESH_OFF + "---\nkind: BGPFilter\napiVersion: projectcalico.org/v3\nmetadata: {name: " + name + "}\n"
                + "spec: {importV4: [{action: Reject, cidr: 10.9.0.0/16, matchOperator: In}]}\n---\n"
                + "kind: BGPPeer\napiVersion: projectcalico.org/v3\nmetadata: {name: tor}\nspec: {peerIP: 10.0.0.1, asNumber: 65001, filters: [" + name + "]}\n",
                "n1");
        String golden = Files.readString(ConfdConformanceTest.root().resolve("bgpfilter/filter_names/bird.cfg"));
        Matcher m = Pattern.compile("'bgp_greater-than-64[^']*_importFilterV4'").matcher(golden);
        assertTrue(m.find());
        assertTrue(conf.contains("function " + m.group() + "()"), "confd's name " + m.group() + ":\n" + conf);
        assertTrue(m.group().length() - 2 <= 64);
    }

    /** 3. Community names of a node's own BGPConfiguration are looked up there. */
    @Test
    void f03NodeLevelCommunityNames() throws Exception {
        String conf = render("""
                kind: BGPConfiguration
                apiVersion: projectcalico.org/v3
                metadata: {name: node.n1}
                spec:
                  communities: [{name: mine, value: "65100:7"}]
                  prefixAdvertisements: [{cidr: 10.244.0.0/16, communities: [mine]}]
                """, "n1");
        assertTrue(conf.contains("  if ( net ~ 10.244.0.0/16 ) then {\n    bgp_community.add((65100, 7));\n  }"), conf);
    }

    /** 4. Ports: the peer node's listenPort, a peerIP's port, mesh names without a port suffix. */
    @Test
    void f04Ports() throws Exception {
        List<Resource> rs = resources("""
                kind: BGPConfiguration
                apiVersion: projectcalico.org/v3
                metadata: {name: node.n2}
                spec: {listenPort: 1790}
                ---
                kind: BGPPeer
                apiVersion: projectcalico.org/v3
                metadata: {name: ext}
                spec: {node: n1, peerIP: "10.0.0.1:1179", asNumber: 65001}
                ---
                kind: BGPPeer
                apiVersion: projectcalico.org/v3
                metadata: {name: to-n2}
                spec: {node: n1, peerIP: 10.0.0.12, asNumber: 64512}
                """);
        String conf = render(rs, "n1");
        assertTrue(conf.contains("protocol bgp Mesh_10_0_0_12 from bgp_template_v4 {\n  neighbor 10.0.0.12 port 1790 as 64512;"), conf);
        assertTrue(conf.contains("protocol bgp Node_10_0_0_1_port_1179 from bgp_template_v4 {"), conf);
        assertTrue(conf.contains("  neighbor 10.0.0.1 port 1179 as 65001;"), conf);
        assertTrue(conf.contains("protocol bgp Node_10_0_0_12_port_1790 from"), conf);
        assertTrue(render(rs, "n2").contains("  local port 1790;"));
    }

    /** 5. localWorkloadSelector peers: Local_Workload_<ip>, passive, no source address. */
    @Test
    void f05LocalWorkloadPeers() throws Exception {
        String conf = render(MESH_OFF + """
                ---
                kind: WorkloadEndpoint
                apiVersion: projectcalico.org/v3
                metadata: {name: n1-k8s-bird-eth0, namespace: default, labels: {app: bird}}
                spec: {orchestrator: k8s, node: n1, pod: bird, endpoint: eth0, interfaceName: calibird, ipNetworks: [10.244.1.9/32]}
                ---
                kind: BGPPeer
                apiVersion: projectcalico.org/v3
                metadata: {name: vm}
                spec: {localWorkloadSelector: "app == 'bird'", asNumber: 65009}
                """, "n1");
        int at = conf.indexOf("protocol bgp Local_Workload_10_244_1_9 from bgp_template_v4 {");
        assertTrue(at > 0, conf);
        String block = conf.substring(at, conf.indexOf("\n}\n", at));
        assertTrue(block.contains("  neighbor 10.244.1.9 as 65009;") && block.contains("passive on;") && !block.contains("source address"), block);
    }

    /** 6. bindMode NodeIP: BIRD binds to the node's address. */
    @Test
    void f06BindModeNodeIp() throws Exception {
        String conf = render("kind: BGPConfiguration\napiVersion: projectcalico.org/v3\nmetadata: {name: default}\nspec: {bindMode: NodeIP}\n", "n1");
        assertTrue(conf.contains("  strict bind on;   # bindMode NodeIP: listen on the node's address only\n  source address 10.0.0.11;"), conf);
    }

    /** 7. ignoredInterfaces are kept out of the direct protocol. */
    @Test
    void f07IgnoredInterfaces() throws Exception {
        String conf = render("kind: BGPConfiguration\napiVersion: projectcalico.org/v3\nmetadata: {name: default}\n"
                + "spec: {ignoredInterfaces: [eth9, \"vxlan*\"]}\n", "n1");
        assertTrue(conf.contains("  interface -\"eth9\", -\"vxlan*\", -\"cali*\", -\"kube-ipvs*\", \"*\";"), conf);
    }

    /** 8. ipv4NormalRoutePriority replaces 1024 in krt_metric and the derived bgp_local_pref. */
    @Test
    void f08NormalRoutePriority() throws Exception {
        String conf = render("kind: BGPConfiguration\napiVersion: projectcalico.org/v3\nmetadata: {name: default}\n"
                + "spec: {ipv4NormalRoutePriority: 512}\n", "n1");
        String v4 = conf.substring(conf.indexOf("IPv4 ====="), conf.indexOf("IPv6 ====="));
        assertTrue(v4.contains("      krt_metric = 512;") && v4.contains("if (krt_metric < 512) then"), v4);
        assertTrue(v4.contains("bgp_local_pref > 2147483135") && v4.contains("if (!defined(krt_metric)) then { krt_metric = 512; }"), v4);
        assertFalse(v4.contains("1024"), v4);
    }

    // 9. A bare `spec:`: ManifestReaderTest.bareSpecIsAnEmptySpec.

    /** 10. A BGPPeer with a peerSelector and no node selector is global: Global_<ip>. */
    @Test
    void f10PeerSelectorWithoutNodeSelectorIsGlobal() throws Exception {
        String conf = render(MESH_OFF + "---\nkind: BGPPeer\napiVersion: projectcalico.org/v3\nmetadata: {name: to-rr}\n"
                + "spec: {peerSelector: \"rr == 'yes'\"}\n", "n1");
        assertTrue(conf.contains("protocol bgp Global_10_0_0_12 from bgp_template_v4"), conf);
        assertFalse(conf.contains("Node_10_0_0_12"), conf);
    }

    /** 11. Pending affinities are not the node's; pendingDeletion ones keep the blackhole without aggregation. */
    @Test
    void f11PendingAffinities() throws Exception {
        List<Resource> rs = resources("");
        rs.add(BlockAffinity.of("n1", Cidr.parse("10.244.1.0/26"), AffinityState.CONFIRMED));
        rs.add(BlockAffinity.of("n1", Cidr.parse("10.244.1.64/26"), AffinityState.PENDING));
        rs.add(BlockAffinity.of("n1", Cidr.parse("10.244.1.128/26"), AffinityState.PENDING_DELETION));
        String conf = render(rs, "n1");
        assertTrue(conf.contains("  route 10.244.1.0/26 blackhole;") && conf.contains("  if ( net = 10.244.1.0/26 ) then { accept; }"), conf);
        assertFalse(conf.contains("10.244.1.64/26"), conf);
        assertTrue(conf.contains("  route 10.244.1.128/26 blackhole;"), conf);
        assertFalse(conf.contains("if ( net = 10.244.1.128/26 )"), conf);
    }

    /** 12. A node without IPv4 keeps its IPv4 blackholes and gets Calico's hashed router ID. */
    @Test
    void f12NodeWithoutIpv4() throws Exception {
        List<Resource> rs = new ArrayList<>(Manifest.parse("kind: Node\napiVersion: projectcalico.org/v3\nmetadata: {name: kube-master}\n"
                + "spec: {bgp: {ipv6Address: \"fd00::2/64\"}}\n").resources());
        rs.add(BlockAffinity.of("kube-master", Cidr.parse("10.244.3.0/26"), AffinityState.CONFIRMED));
        String conf = render(rs, "kube-master");
        // confd's golden mesh/hash: CALICO_ROUTER_ID=hash gives kube-master 25.79.212.8.
        assertEquals(IpAddress.parse("25.79.212.8"), BgpIntents.hashedRouterId("kube-master"));
        assertTrue(conf.contains("router id 25.79.212.8;"), conf);
        assertTrue(conf.contains("  route 10.244.3.0/26 blackhole;"), conf);
        assertFalse(conf.contains("template bgp bgp_template_v4"), conf);
    }

    /** 13. logSeverityScreen Warning, Error or Fatal: no debug lines (confd maps them to none). */
    @Test
    void f13QuietLogLevels() throws Exception {
        for (String level : List.of("Warning", "Error", "Fatal")) {
            String conf = render("kind: BGPConfiguration\napiVersion: projectcalico.org/v3\nmetadata: {name: default}\n"
                    + "spec: {logSeverityScreen: " + level + "}\n", "n1");
            assertFalse(conf.contains("debug"), level + ": " + conf);
        }
    }

    /** 14. IPv6 the same way: a v6-only filter and v6 sessions (all golden bird6*.cfg: ConfdConformanceTest). */
    @Test
    void f14Ipv6() throws Exception {
        String conf = render(MESH_OFF + """
                ---
                kind: BGPFilter
                apiVersion: projectcalico.org/v3
                metadata: {name: six}
                spec: {importV6: [{action: Accept, cidr: "5000::0/64", matchOperator: In, prefixLength: {min: 70}}]}
                ---
                kind: BGPPeer
                apiVersion: projectcalico.org/v3
                metadata: {name: tor6}
                spec: {peerIP: "fd00::1", asNumber: 65001, filters: [six]}
                """, "n1");
        assertTrue(conf.contains("function 'bgp_six_importFilterV6'() {\n  if ((net ~ [ 5000::/64{70,128} ])) then { accept; }\n}"), conf);
        assertTrue(conf.contains("protocol bgp Global_fd00__1 from bgp_template_v6"), conf);
        assertFalse(conf.contains("'bgp_six_importFilterV4'"), conf);
        Map<String, BgpIntent> all = BgpIntents.compute(resources(""), SecretResolver.none());
        assertEquals(List.of(), all.get("n1").family(6).sessions(), "n2 has no IPv6 address: no v6 mesh");
    }
}
