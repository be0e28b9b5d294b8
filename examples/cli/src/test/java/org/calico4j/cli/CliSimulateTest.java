package org.calico4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/** {@code calico4j simulate} on the guide's scenario files. */
class CliSimulateTest {
    @Test
    void outboundAndInboundScenariosGiveOneResultPerProbe() throws Exception {
        CliConformanceTest.Run out = CliConformanceTest.run("simulate", "-f", "../scenarios/outbound.yaml", "-o", "json");
        assertEquals(0, out.code(), out.err());
        JsonNode r = new ObjectMapper().readTree(out.out());
        assertEquals(4, r.size());
        assertEquals("web-0", r.get(0).get("from").asText());
        assertTrue(r.get(0).get("delivered").asBoolean());
        assertEquals("10.0.0.11", r.get(0).get("sourceSeenAtDestination").asText());
        assertEquals("172.20.5.5", r.get(2).get("sourceSeenAtDestination").asText());
        JsonNode in = new ObjectMapper().readTree(CliConformanceTest.run("simulate", "-f", "../scenarios/inbound.yaml", "-o", "json").out());
        assertEquals("[\"client\",\"tor\",\"node-1\"]", in.get(0).get("path").toString());
        assertFalse(in.get(2).get("delivered").asBoolean());
        CliConformanceTest.Run text = CliConformanceTest.run("simulate", "-f", "../scenarios/inbound.yaml");
        assertTrue(text.out().startsWith("client -> web-0: delivered, source seen 203.0.113.9  path client > tor > node-1"), text.out());
    }

    @Test
    void theClusterCanBeDrawnAsSvgAndDot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path svg = dir.resolve("inbound.svg");
        java.nio.file.Path dot = dir.resolve("inbound.dot");
        CliConformanceTest.Run r = CliConformanceTest.run("simulate", "-f", "../scenarios/inbound.yaml", "--svg", svg.toString(),
                "--dot", dot.toString());
        assertEquals(0, r.code(), r.err());
        String picture = java.nio.file.Files.readString(svg);
        assertTrue(picture.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), picture);
        for (String s : java.util.List.of("node-1", "node-2", "tor", "client", "web-0", "eBGP")) {
            assertTrue(picture.contains(s), s + " in " + picture);
        }
        assertTrue(java.nio.file.Files.readString(dot).contains("\"node-1\" -> \"tor\" [dir=none, style=dashed, label=\"eBGP\"]"),
                java.nio.file.Files.readString(dot));
    }

    @Test
    void realBirdGivesTheSameResultFormat() throws Exception {
        java.util.Optional<String> missing = org.calico4j.testkit.netns.RealBirdCluster.missing();
        if (missing.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true but the real-BIRD tier cannot run: missing " + missing.get());
            }
            org.junit.jupiter.api.Assumptions.abort("real-BIRD tier skipped: missing " + missing.get());
        }
        CliConformanceTest.Run out = CliConformanceTest.run("simulate", "-f", "../scenarios/inbound.yaml", "--real", "bird", "-o", "json");
        assertEquals(0, out.code(), out.err());
        JsonNode r = new ObjectMapper().readTree(out.out());
        assertEquals(3, r.size());
        assertTrue(r.get(0).get("delivered").asBoolean(), out.out());
        assertEquals("203.0.113.9", r.get(0).get("sourceSeenAtDestination").asText());
        assertEquals("[\"client\",\"tor\",\"node-1\"]", r.get(0).get("path").toString(), "as the kernel forwarded it");
        assertFalse(r.get(2).get("delivered").asBoolean(), "hidden-0's pool is not exported");
        CliConformanceTest.Run bad = CliConformanceTest.run("simulate", "-f", "../scenarios/inbound.yaml", "--real", "frr");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("'frr' is not supported (one of bird, iptables, ebpf)"), bad.err());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"iptables", "ebpf"})
    void aKernelDataplaneRunGivesTheSimulatedRunsResults(String kernel) throws Exception {
        java.util.Optional<String> missing = org.calico4j.testkit.netns.RealBirdCluster.missing(
                org.calico4j.testkit.netns.KernelDataplane.parse(kernel));
        if (missing.isPresent()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true but the " + kernel + " kernel tier cannot run: missing " + missing.get());
            }
            org.junit.jupiter.api.Assumptions.abort(kernel + " kernel tier skipped: missing " + missing.get());
        }
        CliConformanceTest.Run sim = CliConformanceTest.run("simulate", "-f", "../scenarios/outbound.yaml", "-o", "json");
        CliConformanceTest.Run out = CliConformanceTest.run("simulate", "-f", "../scenarios/outbound.yaml", "--real", kernel, "-o", "json");
        assertEquals(0, out.code(), out.err());
        JsonNode expected = new ObjectMapper().readTree(sim.out());
        JsonNode r = new ObjectMapper().readTree(out.out());
        assertEquals(expected.size(), r.size());
        for (int i = 0; i < r.size(); i++) {
            for (String field : java.util.List.of("from", "to", "delivered", "sourceSeenAtDestination", "path")) {
                assertEquals(expected.get(i).get(field), r.get(i).get(field), field + " of probe " + i + ": " + out.out());
            }
        }
        // web-0's pool masquerades: the internet host saw node-1's address, set by the kernel's NAT.
        assertEquals("10.0.0.11", r.get(0).get("sourceSeenAtDestination").asText(), out.out());
        assertEquals("172.20.5.5", r.get(2).get("sourceSeenAtDestination").asText(), "routable-0's pool does not: " + out.out());
    }

    @Test
    void aBrokenScenarioIsNamed() {
        CliConformanceTest.Run r = CliConformanceTest.run("simulate", "-f", "no-such-file.yaml");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: no-such-file.yaml: cannot read"), r.err());
    }
}
