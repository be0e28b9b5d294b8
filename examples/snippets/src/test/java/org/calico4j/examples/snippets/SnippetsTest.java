package org.calico4j.examples.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.calico4j.client.CalicoClient;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.bgp.SecretResolver;
import org.calico4j.model.IpPool;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.WorkloadEndpoint;
import org.calico4j.model.manifest.Manifest;
import org.calico4j.model.net.IpAddress;
import org.calico4j.client.ipam.IpamReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's snippets as written and checks what they say they do. */
class SnippetsTest {

    private static IpPool pool() {
        return Quickstart.run().pool();
    }

    private static void node(CalicoClient client, String name, String address) {
        client.nodes().create(Node.builder().name(name)
                .spec(NodeSpec.builder().bgp(NodeBgpSpec.builder().ipv4Address(address).build()).build()).build());
    }

    @Test
    void quickstartDefaultsReadsAndMatches() {
        Quickstart.Result r = Quickstart.run();
        assertEquals(26, r.defaulted().spec().blockSize());
        assertTrue(r.yaml().contains("natOutgoing: true"), r.yaml());
        assertTrue(r.matches());
    }

    @Test
    void clientSnippetStoresEditsAndApplies(@TempDir Path dir) {
        ClientSnippet.run(pool(), dir.resolve("store"));
        try (CalicoClient client = CalicoClient.connect("file:" + dir.resolve("store"))) {
            IpPool p = client.ipPools().withName("ippool-ext-1").require();
            assertEquals("Never", p.spec().vxlanMode(), "outbound-cluster.yaml applied over the edit: " + p);
            assertTrue(client.nodes().withName("node-1").get().isPresent());
            assertEquals(1, client.workloadEndpoints().inNamespace("default").list().items().size());
        }
    }

    @Test
    void ipamSnippetAssignsFindsReleasesAndChecks() {
        try (CalicoClient client = CalicoClient.inMemory()) {
            node(client, "node-1", "10.0.0.11/24");
            client.ipPools().create(pool());
            IpamSnippet.Result r = IpamSnippet.run(client);
            assertEquals(1, r.assigned().ipv4().size());
            assertTrue(r.assigned().ipv4().get(0).toString().startsWith("192.168."), r.toString());
            assertEquals(r.assigned().ipv4(), r.byHandle());
            assertEquals(r.assigned().ipv4(), r.released());
            IpamReport report = r.report();
            assertTrue(report.isClean(), report.toString());
        }
    }

    @Test
    void nodeAgentSnippetMasqueradesToTheNodeAddress() throws InterruptedException {
        try (CalicoClient client = CalicoClient.inMemory()) {
            client.ipPools().create(pool());
            Verdict v = NodeAgentSnippet.run(client);
            assertEquals(Verdict.Action.FORWARD, v.action());
            assertEquals(IpAddress.parse("10.0.0.11"), v.sourceSeen());
            assertTrue(v.reason().contains("MASQUERADE to 10.0.0.11"), v.reason());
        }
    }

    @Test
    void cniSnippetAddsAndDeletesAPod() {
        try (CalicoClient client = CalicoClient.inMemory()) {
            node(client, "node-1", "10.0.0.11/24");
            assertTrue(client.apply(Manifest.parse("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: web\n  labels: {tier: web}\n"
                    + "spec:\n  cidr: 10.200.0.0/16\n  nodeSelector: all()\n")).succeeded());
            client.ipPools().create(pool());
            WorkloadEndpoint wep = CniSnippet.run(client);
            assertTrue(wep.spec().ipNetworks().get(0).startsWith("10.200."), "address from the tier=web pool: " + wep);
            assertEquals(0, client.workloadEndpoints().inNamespace("default").list().items().size());
        }
    }

    @Test
    void bgpSnippetRendersMeshAndPeerSessions() {
        try (CalicoClient client = CalicoClient.inMemory()) {
            node(client, "node-1", "10.0.0.11/24");
            node(client, "node-2", "10.0.0.12/24");
            client.ipPools().create(pool());
            assertTrue(client.apply(Manifest.parse("apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata:\n  name: tor\n"
                    + "spec:\n  peerIP: 10.0.0.1\n  asNumber: 65001\n  password:\n    secretKeyRef: {name: bgp, key: tor}\n")).succeeded());
            String conf = BgpSnippet.render(client, SecretResolver.of(java.util.Map.of("bgp/tor", "s3cret")));
            assertTrue(conf.contains("Mesh_10_0_0_12"), conf);
            assertTrue(conf.contains("Global_10_0_0_1"), conf);
            assertTrue(conf.contains("s3cret"), "the peer's password is rendered");
        }
    }
}
