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

/** {@code calico4j render ebpf} and {@code calico4j trace} on a node with FelixConfiguration {@code bpfEnabled}. */
class CliEbpfTest {
    private static final String CLUSTER = "../manifests/outbound-cluster.yaml";

    @TempDir
    Path dir;

    private CliConformanceTest.Run cli(String... args) {
        return CliConformanceTest.runOn(dir.resolve("store"), args);
    }

    @BeforeEach
    void apply() {
        CliConformanceTest.Run r = cli("apply", "-f", CLUSTER);
        assertEquals(0, r.code(), r.err());
    }

    private void bpf(boolean on) throws Exception {
        Path f = dir.resolve("felix.yaml");
        Files.writeString(f, "apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata: {name: default}\nspec: {bpfEnabled: " + on
                + "}\n");
        assertEquals(0, cli("apply", "-f", f.toString()).code());
    }

    @Test
    void renderEbpfListsTheRoutesMapWithFlagsByNameAndValueBytes() throws Exception {
        CliConformanceTest.Run r = cli("render", "ebpf", "--node", "node-1", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode s = new ObjectMapper().readTree(r.out());
        assertEquals("cali_v4_routes", s.get("map").asText());
        JsonNode pool = find(s, "192.168.0.0/16");
        assertEquals("0x003", pool.get("flags").asText());
        assertEquals("[\"remote\",\"in-pool\",\"nat-out\"]", pool.get("flagNames").toString());
        assertEquals("10 00 00 00 c0 a8 00 00", pool.get("key").asText());
        assertEquals("03 00 00 00 00 00 00 00", pool.get("value").asText());
        JsonNode wep = find(s, "192.168.1.5/32");
        assertEquals("0x00f", wep.get("flags").asText());
        assertEquals(0, wep.get("ifindex").asInt(), "no kernel here: interface index unknown");
        assertEquals("0x018", find(s, "10.0.0.11/32").get("flags").asText());
        assertEquals("-A cali-nat-outgoing -m mark --mark 0x3800000/0x3f00000 -j MASQUERADE --random-fully",
                s.get("natOutgoingRules").get(0).asText());
        assertTrue(cli("render", "ebpf", "--node", "node-1").out().contains("prefix: 192.168.0.0/16"), "yaml by default");
        assertEquals("error: node 'nope' does not exist\n", cli("render", "ebpf", "--node", "nope").err());
    }

    @Test
    void renderEbpfGivesAnotherNodesIpipTunnelAddressItsRemoteTunneledEntry() throws Exception {
        Path f = dir.resolve("ipip.yaml");
        Files.writeString(f, "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: ippool-ext-1}\n"
                + "spec: {cidr: 192.168.0.0/16, natOutgoing: true, ipipMode: Always}\n---\n"
                + "apiVersion: projectcalico.org/v3\nkind: Node\nmetadata: {name: node-2}\n"
                + "spec: {bgp: {ipv4Address: 10.0.0.12/24, ipv4IPIPTunnelAddr: 192.168.2.0}}\n");
        CliConformanceTest.Run applied = cli("apply", "-f", f.toString());
        assertEquals(0, applied.code(), applied.err());
        JsonNode s = new ObjectMapper().readTree(cli("render", "ebpf", "--node", "node-1", "-o", "json").out());
        JsonNode tunnel = find(s, "192.168.2.0/32");
        assertEquals("0x053", tunnel.get("flags").asText(), "remote host in-pool nat-out tunneled (dataplane-scenarios.md Case 25)");
        assertEquals("[\"remote\",\"host\",\"in-pool\",\"nat-out\",\"tunneled\"]", tunnel.get("flagNames").toString());
        assertEquals("10.0.0.12", tunnel.get("nextHop").asText());
        assertEquals("53 00 00 00 0a 00 00 0c", tunnel.get("value").asText());
        assertEquals("0x010", find(s, "10.0.0.12/32").get("flags").asText());
    }

    private static JsonNode find(JsonNode s, String prefix) {
        for (JsonNode e : s.get("entries")) {
            if (e.get("prefix").asText().equals(prefix)) {
                return e;
            }
        }
        throw new AssertionError("no entry " + prefix + " in " + s);
    }

    @Test
    void traceOnABpfNodeNamesTheMapEntriesThatDecided() throws Exception {
        CliConformanceTest.Run plain = cli("trace", "--node", "node-1", "--from", "192.168.1.5", "--to", "93.184.216.34");
        assertFalse(plain.out().contains("cali_v4_routes"), "bpfEnabled unset: the iptables dataplane decides");
        bpf(true);
        CliConformanceTest.Run t = cli("trace", "--node", "node-1", "--from", "192.168.1.5", "--to", "93.184.216.34");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("snatTo:   10.0.0.11"), t.out());
        assertTrue(t.out().contains("cali_v4_routes source 192.168.1.5/32 [local workload in-pool nat-out, 0x00f]; destination no entry "
                + "(flags 0x000): outside every pool and not an exempt host, marked 0x3800000 for cali-nat-outgoing"), t.out());
        assertTrue(t.out().contains("dataplane: ebpf"), t.out());
        CliConformanceTest.Run inPool = cli("trace", "--node", "node-1", "--from", "192.168.1.5", "--to", "192.168.7.7", "-o", "json");
        JsonNode v = new ObjectMapper().readTree(inPool.out());
        assertTrue(v.get("snatTo").isNull(), v.toString());
        assertTrue(v.get("reason").asText().contains("destination 192.168.0.0/16 [remote in-pool nat-out, 0x003]: in-pool, packet not marked"),
                v.toString());
        bpf(false);
        assertFalse(cli("trace", "--node", "node-1", "--from", "192.168.1.5", "--to", "93.184.216.34").out().contains("cali_v4_routes"));
    }
}
