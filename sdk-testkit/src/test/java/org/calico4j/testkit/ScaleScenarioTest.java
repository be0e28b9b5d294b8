package org.calico4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.calico4j.model.manifest.YamlLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario files of production size: 5,000 nodes x 30 workloads is about 6 MB of YAML, over the
 * 3 MiB SnakeYAML takes by default; it loads, and the same generator's small cluster runs.
 */
class ScaleScenarioTest {
    /** Writes a cluster like the benchmark's: an IPIP pool with NAT-outgoing, a ToR, the internet, mesh or three route reflectors. */
    static Path write(Path dir, int nodes, int workloads, boolean rr) throws IOException {
        StringBuilder sb = new StringBuilder(64 * nodes * (workloads + 1));
        sb.append("nodes:\n");
        for (int n = 0; n < nodes; n++) {
            sb.append("  - name: node-").append(n).append("\n    address: 172.16.").append(n / 250).append('.').append(n % 250 + 1).append("/16\n");
            if (rr && n < 3) {
                sb.append("    labels: {route-reflector: 'true'}\n    routeReflectorClusterID: 244.0.0.1\n");
            }
        }
        sb.append("routers:\n  - {name: tor, address: 172.16.255.254, asNumber: 65001}\n");
        sb.append("hosts:\n  - {name: internet, address: 93.184.216.34}\n");
        sb.append("resources:\n");
        sb.append("  - {apiVersion: projectcalico.org/v3, kind: IPPool, metadata: {name: pool},"
                + " spec: {cidr: 10.64.0.0/12, natOutgoing: true, ipipMode: Always}}\n");
        sb.append("  - {apiVersion: projectcalico.org/v3, kind: BGPConfiguration, metadata: {name: default},"
                + " spec: {nodeToNodeMeshEnabled: ").append(!rr).append("}}\n");
        if (rr) {
            sb.append("  - {apiVersion: projectcalico.org/v3, kind: BGPPeer, metadata: {name: to-rr},"
                    + " spec: {nodeSelector: all(), peerSelector: route-reflector == 'true'}}\n");
            sb.append("  - {apiVersion: projectcalico.org/v3, kind: BGPPeer, metadata: {name: rr-tor},"
                    + " spec: {nodeSelector: has(route-reflector), peerIP: 172.16.255.254, asNumber: 65001}}\n");
        } else {
            sb.append("  - {apiVersion: projectcalico.org/v3, kind: BGPPeer, metadata: {name: tor},"
                    + " spec: {peerIP: 172.16.255.254, asNumber: 65001}}\n");
        }
        sb.append("workloads:\n");
        for (int n = 0; n < nodes; n++) {
            for (int w = 0; w < workloads; w++) {
                sb.append("  - {name: w").append(n).append('-').append(w).append(", node: node-").append(n).append("}\n");
            }
        }
        sb.append("probes:\n");
        sb.append("  - {from: w0-0, to: internet}\n");
        sb.append("  - {from: internet, to: w").append(nodes / 2).append("-0}\n");
        sb.append("  - {from: w0-1, to: w").append(nodes - 1).append("-1}\n");
        Path f = dir.resolve("scale-" + nodes + "x" + workloads + (rr ? "-rr" : "-mesh") + ".yaml");
        Files.writeString(f, sb, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void aFiveThousandNodeScenarioOverSnakeYamlsDefaultLimitLoads(@TempDir Path tmp) throws IOException {
        Path f = write(tmp, 5000, 30, true);
        long size = Files.size(f);
        assertTrue(size > 3_145_728, "the file must be over SnakeYAML's default code point limit: " + size);
        Scenario s = Scenario.read(f);
        assertEquals(List.of(Map.entry("w0-0", "internet"), Map.entry("internet", "w2500-0"), Map.entry("w0-1", "w4999-1")), s.probes());
    }

    @Test
    void aLimitBelowTheFileNamesTheFileAndTheSystemProperty(@TempDir Path tmp) throws IOException {
        Path f = write(tmp, 200, 30, false);
        Scenario.ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(Scenario.ScenarioException.class,
                () -> Scenario.read(f, YamlLimits.defaults().withMaxDocumentCodePoints(100_000)));
        assertEquals(f + ": not YAML: yaml: the document is longer than the 100000 code points allowed"
                + " (system property calico4j.yaml.maxDocumentCodePoints raises the default)", e.getMessage());
    }

    @Test
    void theGeneratedClusterRunsAtSmallSizeWithReflectorsAndWithTheMesh(@TempDir Path tmp) throws IOException {
        for (boolean rr : new boolean[] {true, false}) {
            List<Scenario.Result> r = Scenario.read(write(tmp, 12, 3, rr)).run();
            assertEquals(3, r.size());
            assertTrue(r.get(0).delivered(), r.get(0).toString());
            assertTrue(r.get(1).delivered(), r.get(1).toString());
            // the ToR may reach node-6 through a node that re-advertised its block (a reflector, or the best eBGP path)
            assertEquals(List.of("internet", "tor"), r.get(1).path().subList(0, 2));
            assertEquals("node-6", r.get(1).path().get(r.get(1).path().size() - 1));
            assertTrue(r.get(2).delivered(), r.get(2).toString());
            assertEquals(List.of("node-0", "node-11"), r.get(2).path());
        }
    }
}
