package org.calico4j.dataplane.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.calico4j.model.BgpFilter;
import org.calico4j.model.Resource;
import org.calico4j.model.manifest.Manifest;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 item 5: no string from a resource or a secret can add a statement to bird.conf. Every string that is
 * rendered (passwords of peers and of the mesh, community names and values, BGPFilter names, interfaces, community
 * and AS-path matches and operations, ignoredInterfaces, route reflector cluster IDs, node names) is given a hostile
 * value that tries to add {@code export all} and a static default route; BIRD 2 must parse the result ({@code bird -p})
 * and find exactly the protocols, functions and filters of the same configuration rendered with harmless values.
 */
class BirdInjectionTest {
    private static final String ESCAPE = "\"; export all; }; }; protocol static evil { ipv4; route 0.0.0.0/0 blackhole; }; #";

    private static String manifest(String v) {
        String yaml = """
                kind: BGPConfiguration
                apiVersion: projectcalico.org/v3
                metadata: {name: default}
                spec:
                  nodeToNodeMeshEnabled: true
                  nodeMeshPassword: {secretKeyRef: {name: mesh, key: pw}}
                  ignoredInterfaces: [IFACE]
                  communities: [{name: CNAME, value: CVALUE}]
                  prefixAdvertisements: [{cidr: 10.244.0.0/16, communities: [CNAME, CLITERAL]}]
                ---
                kind: Node
                apiVersion: projectcalico.org/v3
                metadata: {name: n1}
                spec: {bgp: {ipv4Address: 10.0.0.11/24, routeReflectorClusterID: CLUSTER}}
                ---
                kind: Node
                apiVersion: projectcalico.org/v3
                metadata: {name: n2}
                spec: {bgp: {ipv4Address: 10.0.0.12/24}}
                ---
                kind: BGPFilter
                apiVersion: projectcalico.org/v3
                metadata: {name: FNAME}
                spec:
                  exportV4:
                  - {action: Accept, interface: IFACE, communities: {values: [CVALUE]}, asPathPrefix: [65009]}
                  - {action: Accept, operations: [{addCommunity: {value: CVALUE}}, {prependASPath: {prefix: [65009]}}]}
                ---
                kind: BGPPeer
                apiVersion: projectcalico.org/v3
                metadata: {name: tor}
                spec: {peerIP: 10.0.0.1, asNumber: 65001, filters: [FNAME], password: {secretKeyRef: {name: tor, key: pw}}}
                ---
                kind: BGPPeer
                apiVersion: projectcalico.org/v3
                metadata: {name: to-n2}
                spec: {node: n1, peerIP: 10.0.0.12, asNumber: 64512}
                """;
        boolean ok = v.equals("ok");
        return yaml.replace("IFACE", q(ok ? "eth9" : v))
                .replace("CNAME", q(ok ? "mine" : v))
                .replace("CVALUE", q(ok ? "65000:42" : "65000:1)); " + v))
                .replace("CLITERAL", q(ok ? "65000:43" : "1:2 " + v))
                .replace("CLUSTER", q(ok ? "244.0.0.1" : "244.0.0.1; " + v))
                .replace("FNAME", q(ok ? "f1" : "f1'; export all; '" + v));
        // AS numbers (asPathPrefix, prependASPath) and priorities are numbers already when read: text there is refused by the reader.
    }

    /** A YAML double-quoted scalar holding {@code s} exactly. */
    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String render(String v, String password) throws Exception {
        List<Resource> rs = Manifest.parse(manifest(v)).resources();
        SecretResolver secrets = SecretResolver.of(Map.of("tor/pw", password, "mesh/pw", password));
        BgpIntent i = BgpIntents.compute(rs, secrets).get("n1");
        List<BgpFilter> filters = rs.stream().filter(r -> r instanceof BgpFilter).map(r -> (BgpFilter) r).toList();
        return BirdConfig.render(i, filters);
    }

    /** Top-level blocks (protocols, functions, filters, templates) and every protocol's statements, comments removed. */
    private static Set<String> structure(String conf) {
        Set<String> out = new TreeSet<>();
        for (BirdFacts.Block b : BirdFacts.blocks(conf)) {
            String h = b.header().replaceAll("'bgp_[^']*'", "'bgp_F'");
            out.add(h);
            if (b.body() != null && h.startsWith("protocol")) {
                for (BirdFacts.Block s : BirdFacts.blocks(b.body())) {
                    out.add(h + " :: " + s.header().replaceAll("\"[^\"]*\"", "\"S\"").replaceAll("'bgp_[^']*'", "'bgp_F'"));
                }
            }
        }
        return out;
    }

    @Test
    void hostileValuesAddNoStatement() throws Exception {
        String benign = render("ok", "s3cret");
        assertNull(BirdCheck.parse(benign), benign);
        for (String hostile : List.of(ESCAPE, "x\nprotocol static evil { ipv4; route 0.0.0.0/0 blackhole; }\n#",
                "x\\\"; export all; #", "x'; export all; '")) {
            String conf = render(hostile, hostile);
            assertNull(BirdCheck.parse(conf), "bird -p refuses:\n" + conf);
            String code = BirdFacts.stripComments(conf);
            String statements = code.replaceAll("\"[^\"\n]*\"", "\"S\"");   // outside string literals
            assertFalse(statements.contains("export all") || statements.contains("evil") || statements.contains("0.0.0.0/0"), conf);
            Set<String> extra = new TreeSet<>(structure(conf));
            extra.removeAll(structure(benign));
            // Allowed differences: a session whose password was refused is disabled instead of having one.
            extra.removeIf(s -> s.endsWith(":: disabled"));
            // ... and the refused ignoredInterfaces entry is missing from the direct protocol's patterns (one fewer, never more).
            extra.removeIf(s -> s.equals("protocol direct :: interface -\"S\", -\"S\", \"S\""));
            assertTrue(code.replaceAll("\\s+", " ").contains("interface -\"cali*\", -\"kube-ipvs*\", \"*\";"), conf);
            assertEquals(Set.of(), extra, "statements that the harmless configuration does not have:\n" + conf);
            // A password BIRD can hold (x'; export all; ') is written as the string it is; one it cannot is refused.
            assertEquals(BirdConfig.passwordProblem(hostile) == null, code.contains("password \"" + hostile + "\";"), conf);
        }
    }

    @Test
    void aPasswordWithAQuoteDisablesTheSessionWithoutShowingIt() throws Exception {
        String conf = render("ok", "pa\"ss");
        assertNull(BirdCheck.parse(conf), conf);
        int at = conf.indexOf("protocol bgp Global_10_0_0_1 ");
        String block = conf.substring(at, conf.indexOf("\n}\n", at));
        assertTrue(block.contains("  disabled;  # password from tor/pw refused: it contains '\"'"), block);
        assertFalse(conf.contains("pa\"ss") || conf.contains("password \"pa"), conf);
        assertTrue(render("ok", "fine-password").contains("password \"fine-password\";"));
    }
}
