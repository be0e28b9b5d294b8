package org.calico4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code calico4j render bird} and {@code calico4j bgp sessions} on a two-node cluster with a ToR peer. */
class CliBgpTest {
    @TempDir
    Path dir;

    private CliConformanceTest.Run cli(String... args) {
        return CliConformanceTest.runOn(dir.resolve("store"), args);
    }

    @BeforeEach
    void cluster() throws Exception {
        Path f = dir.resolve("cluster.yaml");
        Files.writeString(f, "apiVersion: projectcalico.org/v3\nkind: Node\nmetadata: {name: node-1}\nspec: {bgp: {ipv4Address: 10.0.0.11/24}}\n---\n"
                + "apiVersion: projectcalico.org/v3\nkind: Node\nmetadata: {name: node-2}\nspec: {bgp: {ipv4Address: 10.0.0.12/24}}\n---\n"
                + "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: pool}\nspec: {cidr: 10.244.0.0/16}\n---\n"
                + "apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata: {name: tor}\n"
                + "spec: {peerIP: 10.0.0.1, asNumber: 65001, password: {secretKeyRef: {name: bgp, key: tor}}}\n");
        assertEquals(0, cli("apply", "-f", f.toString()).code());
        assertEquals(0, cli("ipam", "assign", "--node", "node-1").code());
    }

    @Test
    void sessionsShowTheMeshAndTheTor() throws Exception {
        CliConformanceTest.Run r = cli("bgp", "sessions", "--node", "node-1", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        JsonNode s = j.get("ipv4").get("sessions");
        assertEquals("Global_10_0_0_1", s.get(0).get("name").asText());
        assertFalse(s.get(0).get("internal").asBoolean());
        assertEquals("from secret bgp/tor", s.get(0).get("password").asText());
        assertEquals("Mesh_10_0_0_12", s.get(1).get("name").asText());
        assertTrue(s.get(1).get("passive").asBoolean());
        assertTrue(j.get("ipv4").get("exports").get(0).asText().startsWith("10.244."), j.toString());
        assertTrue(cli("bgp", "sessions", "--node", "node-1").out().contains("Mesh_10_0_0_12  10.0.0.12  AS 64512  iBGP  passive"));
    }

    @Test
    void renderBirdPrintsTheNodesConfigurationWithSecretsOnlyWhenGiven() throws Exception {
        CliConformanceTest.Run r = cli("render", "bird", "--node", "node-1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("router id 10.0.0.11;"), r.out());
        assertTrue(r.out().contains("# password: from secret bgp/tor, which this renderer could not read"), r.out());
        Path secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "bgp/tor=t0p-s3cret\n");
        assertTrue(cli("render", "bird", "--node", "node-1", "--secrets", secrets.toString()).out().contains("password \"t0p-s3cret\";"));
        assertEquals("error: node 'nope' does not exist\n", cli("render", "bird", "--node", "nope").err());
    }
}
