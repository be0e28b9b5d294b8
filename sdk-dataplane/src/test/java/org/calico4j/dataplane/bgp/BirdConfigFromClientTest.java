package org.calico4j.dataplane.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.calico4j.client.NotFoundException;
import org.calico4j.client.ipam.AssignIpRequest;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.BgpFilter;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.calico4j.model.manifest.Manifest;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;

/** {@code BirdConfig.render(client, node)} gathers every input BGP reads itself (issue 15 item 6). */
class BirdConfigFromClientTest {
    private static final String BGP = """
            kind: BGPConfiguration
            apiVersion: projectcalico.org/v3
            metadata: {name: default}
            spec:
              asNumber: 64513
              serviceClusterIPs: [{cidr: 10.96.0.0/12}]
              communities: [{name: mine, value: "65000:42"}]
              prefixAdvertisements: [{cidr: 10.244.0.0/16, communities: [mine]}]
            ---
            kind: BGPFilter
            apiVersion: projectcalico.org/v3
            metadata: {name: f1}
            spec:
              exportV4:
              - {action: Reject, cidr: 10.244.3.0/26, matchOperator: Equal}
            ---
            kind: BGPPeer
            apiVersion: projectcalico.org/v3
            metadata: {name: tor}
            spec: {peerIP: 10.0.0.1, asNumber: 65001, filters: [f1], password: {secretKeyRef: {name: tor, key: pw}}}
            """;

    private static ClusterC cluster() {
        ClusterC c = ClusterC.build(p -> p.ipipMode("CrossSubnet"));
        c.client.apply(Manifest.parse(BGP));
        // A borrowed address: n1 takes one from n2's block, which BGP advertises as a /32 from n1.
        c.client.ipam().assignIp(AssignIpRequest.of(IpAddress.parse("10.244.2.20")).host("n1").handle("k8s-pod-network.borrowed"));
        c.endpoint("n1", "borrowed", "10.244.2.20", "cali9");
        return c;
    }

    private static String manual(ClusterC c, String node, SecretResolver secrets) {
        List<Resource> all = c.allResources();
        List<BgpFilter> filters = all.stream().filter(r -> r instanceof BgpFilter).map(r -> (BgpFilter) r).toList();
        return BirdConfig.render(BgpIntents.compute(all, secrets).get(node), filters);
    }

    @Test
    void oneCallRendersWhatTheManualPathRenders() {
        try (ClusterC c = cluster()) {
            SecretResolver secrets = SecretResolver.of(Map.of("tor/pw", "s3cret"));
            for (String n : List.of("n1", "n2", "n3")) {
                assertEquals(manual(c, n, secrets), BirdConfig.render(c.client, n, secrets), n);
                assertEquals(manual(c, n, SecretResolver.none()), BirdConfig.render(c.client, n), n);
                assertEquals(BgpIntents.compute(c.allResources(), secrets).get(n), BgpIntents.forNode(c.client, n, secrets), n);
            }
            String n1 = BirdConfig.render(c.client, "n1", secrets);
            assertTrue(n1.contains("10.244.1.0/26"), "the node's block, from IPAM:\n" + n1);
            assertEquals(List.of(org.calico4j.model.net.Cidr.parse("10.244.2.20/32")), BgpIntents.forNode(c.client, "n1", secrets).family(4)
                    .borrowed(), "the borrowed address, from the workload endpoints");
            assertTrue(n1.contains("10.244.3.0/26"), "the BGPFilter's rule:\n" + n1);
            assertTrue(n1.contains("s3cret"), "the password, from the secret");
            assertTrue(n1.contains("(65000, 42)"), "communities:\n" + n1);
        }
    }

    @Test
    void withoutTheIpamBlocksTheManualPathLosesTheBlockRoutesWhichTheOneCallHas() {
        try (ClusterC c = cluster()) {
            List<Resource> noIpam = c.allResources().stream().filter(r -> r.kind() != Kind.IPAM_BLOCK && r.kind() != Kind.BLOCK_AFFINITY)
                    .toList();
            String partial = BirdConfig.render(BgpIntents.compute(noIpam, SecretResolver.none()).get("n1"));
            assertFalse(partial.contains("10.244.1.0/26"), "the trap the one call avoids");
            assertTrue(BirdConfig.render(c.client, "n1").contains("10.244.1.0/26"));
        }
    }

    @Test
    void anUnknownNodeIsNamedWithTheNodesThereAre() {
        try (ClusterC c = cluster()) {
            NotFoundException e = assertThrows(NotFoundException.class, () -> BirdConfig.render(c.client, "n4"));
            assertEquals("no Node named 'n4': no BGP configuration to render (nodes: [n1, n2, n3])", e.getMessage());
            assertEquals(Kind.NODE, e.key().kind());
            assertEquals("n4", e.key().name());
        }
    }

    /** The node agent's BGP driver reads every input the one call does: block affinities too (a block being released). */
    @Test
    void theAgentsBgpDriverRendersWhatTheOneCallRenders(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (ClusterC c = cluster()) {
            org.calico4j.model.ipam.BlockAffinity releasing = org.calico4j.model.ipam.BlockAffinity.of("n1",
                    org.calico4j.model.net.Cidr.parse("10.244.1.0/26"), org.calico4j.model.ipam.AffinityState.PENDING_DELETION);
            org.calico4j.client.spi.ResourceKey key = org.calico4j.client.spi.ResourceKey.of(releasing);
            c.client.datastore().update(key, releasing, c.client.datastore().get(key).orElseThrow().revision());
            BgpDriver driver = new BgpDriver("n1", BirdController.in(dir.resolve("bird")).build(), SecretResolver.none());
            for (Kind k : Kind.values()) {
                c.client.datastore().list(k, 0).items().forEach(v -> driver.update(v.key(), v.value()));
            }
            String oneCall = BirdConfig.render(c.client, "n1");
            assertTrue(oneCall.contains("# Block 10.244.1.0/26 is pendingDeletion"), oneCall);
            assertEquals(oneCall, driver.render());
        }
    }
}
