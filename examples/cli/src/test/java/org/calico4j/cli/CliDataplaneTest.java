package org.calico4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code calico4j render memory} and {@code calico4j trace} on the external-connectivity guide's outbound case. */
class CliDataplaneTest {
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

    @Test
    void podToInternetIsMasqueradedToTheNodeAddressWhenThePoolHasNatOutgoing() throws Exception {
        CliConformanceTest.Run t = cli("trace", "--node", "node-1", "--from", "192.168.1.5", "--to", "93.184.216.34", "--port", "443", "-o", "json");
        assertEquals(0, t.code(), t.err());
        JsonNode v = new ObjectMapper().readTree(t.out());
        assertEquals("FORWARD", v.get("action").asText());
        assertEquals("10.0.0.11", v.get("snatTo").asText());
        assertEquals("NONE", v.get("encap").asText());
        assertTrue(v.get("outerSrc").isNull());
        assertEquals("default dev eth0", v.get("route").asText());
        assertTrue(v.get("reason").asText().contains("cali-nat-outgoing"), v.toString());

        Path off = dir.resolve("off.yaml");
        Files.writeString(off, "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: ippool-ext-1}\n"
                + "spec: {cidr: 192.168.0.0/16, natOutgoing: false}\n");
        assertEquals(0, cli("apply", "-f", off.toString()).code());
        JsonNode plain = new ObjectMapper().readTree(cli("trace", "--node", "node-1", "--from", "192.168.1.5", "--to",
                "93.184.216.34", "-o", "json").out());
        assertTrue(plain.get("snatTo").isNull(), plain.toString());
        assertEquals("192.168.1.5", plain.get("sourceSeen").asText());
    }

    @Test
    void renderIptablesPrintsTheIpsetAndIptablesRestorePayloads() {
        CliConformanceTest.Run r = cli("render", "iptables", "--node", "node-1");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("create cali40masq-ipam-pools hash:net family inet maxelem 1048576\nadd cali40masq-ipam-pools 192.168.0.0/16\n"), out);
        assertTrue(out.contains("create cali60network-ip-pools hash:net family inet6 maxelem 1048576\n"), out);
        assertTrue(out.contains("-A cali-nat-outgoing -m comment --comment \"cali:W_qq_N2KSTWyCvrX\" -m set --match-set cali40masq-ipam-pools src "
                + "-m set ! --match-set cali40network-ip-pools dst --jump MASQUERADE --random-fully\n"), out);
        assertTrue(out.contains("-A POSTROUTING -m comment --comment \"cali:0i8pjzKKPyA34aQD\" --jump cali-POSTROUTING\n"), out);
        assertTrue(out.contains("# ip6tables-restore --noflush\n*nat\n"), out);
    }

    @Test
    void traceNamesTheNatRuleThatDecided() throws Exception {
        CliConformanceTest.Run t = cli("trace", "--node", "node-1", "--from", "192.168.1.5", "--to", "93.184.216.34", "--port", "443");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("nat rule: cali-nat-outgoing rule 1 (cali:W_qq_N2KSTWyCvrX): MASQUERADE\n"), t.out());
        JsonNode j = new ObjectMapper().readTree(cli("trace", "--node", "node-1", "--from", "192.168.1.5", "--to", "93.184.216.34",
                "-o", "json").out());
        assertEquals("cali:W_qq_N2KSTWyCvrX", j.get("natRule").get("hash").asText(), j.toString());
        assertEquals("cali-nat-outgoing", j.get("natRule").get("chain").asText());
        assertEquals(1, j.get("natRule").get("position").asInt());
        CliConformanceTest.Run inPool = cli("trace", "--node", "node-1", "--from", "192.168.1.5", "--to", "192.168.2.7");
        assertTrue(inPool.out().contains("nat rule: none in cali-POSTROUTING matched (source kept)\n"), inPool.out());
    }

    @Test
    void traceAsTextAndToALocalPod() {
        CliConformanceTest.Run t = cli("trace", "--node", "node-1", "--from", "8.8.8.8", "--to", "192.168.1.5");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().startsWith("action:   DELIVER\n"), t.out());
        assertTrue(t.out().contains("route:    192.168.1.5 dev cali0a1b2c3d4e5 scope link"), t.out());
    }

    @Test
    void renderPrintsTheNodesDataplaneState() throws Exception {
        CliConformanceTest.Run r = cli("render", "memory", "--node", "node-1", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode s = new ObjectMapper().readTree(r.out());
        assertEquals("node-1", s.get("node").asText());
        assertEquals("192.168.0.0/16", s.get("ipSets").get("cali40masq-ipam-pools").get(0).asText());
        assertEquals("cali0a1b2c3d4e5", s.get("workloads").get(0).get("interfaceName").asText());
        assertEquals("default/node--1-k8s-web--0-eth0", s.get("workloads").get(0).get("endpoint").asText());
        CliConformanceTest.Run yaml = cli("render", "memory", "--node", "node-1");
        assertTrue(yaml.out().contains("node: node-1"), yaml.out());
    }

    @Test
    void mistakesAreNamed() {
        CliConformanceTest.Run noNode = cli("trace", "--node", "nope", "--from", "192.168.1.5", "--to", "8.8.8.8");
        assertEquals(1, noNode.code());
        assertEquals("error: node 'nope' does not exist\n", noNode.err());
        assertEquals("error: --from '192.168.1' is not an IP address\n",
                cli("trace", "--node", "node-1", "--from", "192.168.1", "--to", "8.8.8.8").err());
        assertEquals(2, cli("render", "nftables", "--node", "node-1").code());
    }

    @Test
    void workloadEndpointsAreListedPerNamespace() {
        CliConformanceTest.Run get = cli("get", "weps");
        assertEquals(0, get.code(), get.err());
        assertTrue(get.out().startsWith("WORKLOAD"), get.out());
        assertTrue(get.out().contains("web-0      node-1   192.168.1.5/32   cali0a1b2c3d4e5"), get.out());
        assertTrue(cli("get", "weps", "-n", "other").out().lines().count() == 1, "nothing in namespace other");
        assertTrue(cli("get", "weps", "-A").out().startsWith("NAMESPACE"));
        assertEquals(0, cli("delete", "wep", "node--1-k8s-web--0-eth0").code());
        assertEquals(1, cli("get", "weps").out().lines().count());
    }
}
