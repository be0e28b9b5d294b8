package org.calico4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The guide's scenario files under examples/scenarios, and clear errors for broken scenarios. */
class ScenarioTest {
    private static final Path EXAMPLES = Path.of("../examples/scenarios");

    @Test
    void outboundNatOutgoingShowsTheNodeAddressAndARoutablePoolItsOwn() {
        List<Scenario.Result> r = Scenario.read(EXAMPLES.resolve("outbound.yaml")).run();
        assertEquals(4, r.size());
        assertEquals("10.0.0.11", r.get(0).sourceSeenAtDestination(), r.get(0).toString());
        assertEquals("10.0.0.12", r.get(1).sourceSeenAtDestination());
        assertEquals("172.20.5.5", r.get(2).sourceSeenAtDestination(), "no natOutgoing: the workload's own address");
        assertTrue(r.get(3).delivered());
        assertTrue(r.get(3).sourceSeenAtDestination().startsWith("192.168."), "pool to pool is never masqueraded");
        assertEquals(List.of("node-1", "node-2"), r.get(3).path());
    }

    @Test
    void inboundTheTorReachesExportedPodsOnly() {
        List<Scenario.Result> r = Scenario.read(EXAMPLES.resolve("inbound.yaml")).run();
        assertTrue(r.get(0).delivered(), r.get(0).toString());
        assertEquals(List.of("client", "tor", "node-1"), r.get(0).path());
        assertEquals("203.0.113.9", r.get(0).sourceSeenAtDestination());
        assertEquals(List.of("client", "tor", "node-2"), r.get(1).path());
        assertFalse(r.get(2).delivered(), "disableBGPExport: the router has no route");
        assertNull(r.get(2).sourceSeenAtDestination());
        assertTrue(r.get(2).reason().contains("no route"), r.get(2).reason());
    }

    @Test
    void routersPeeringWithEachOtherCarryRoutesBetweenRacks() {
        String yaml = String.join("\n",
                "nodes:",
                "- {name: n1, address: 10.0.0.11/24, asNumber: 64601, labels: {rack: a}}",
                "- {name: n2, address: 10.0.1.12/24, asNumber: 64602, labels: {rack: b}}",
                "routers:",
                "- {name: tor-a, address: 10.0.0.1, asNumber: 65001, peers: [tor-b]}",
                "- {name: tor-b, address: 10.0.1.1, asNumber: 65002}",
                "hosts: [{name: client, address: 203.0.113.9}]",
                "resources:",
                "- {apiVersion: projectcalico.org/v3, kind: IPPool, metadata: {name: p}, spec: {cidr: 192.168.0.0/16}}",
                "- {apiVersion: projectcalico.org/v3, kind: BGPConfiguration, metadata: {name: default}, spec: {nodeToNodeMeshEnabled: false}}",
                "- {apiVersion: projectcalico.org/v3, kind: BGPPeer, metadata: {name: a}, spec: {nodeSelector: rack == 'a', peerIP: 10.0.0.1, asNumber: 65001}}",
                "- {apiVersion: projectcalico.org/v3, kind: BGPPeer, metadata: {name: b}, spec: {nodeSelector: rack == 'b', peerIP: 10.0.1.1, asNumber: 65002}}",
                "workloads: [{name: web, node: n2}]",
                "probes: [{from: client, to: web}]", "");
        Scenario.Result r = Scenario.parse(yaml, "racks.yaml", null).run().get(0);
        assertTrue(r.delivered(), r.toString());
        assertEquals(List.of("client", "tor-a", "tor-b", "n2"), r.path());
        assertEquals("racks.yaml: routers[0]: field 'peers': 'tor-c' is not another router of this scenario (routers: [tor-a])",
                assertThrows(Scenario.ScenarioException.class, () -> Scenario.parse(
                        "routers: [{name: tor-a, address: 10.0.0.1, asNumber: 65001, peers: [tor-c]}]\n", "racks.yaml", null)).getMessage());
    }

    @Test
    void mistakesNameTheirPlace() {
        assertEquals("s.yaml: unknown field 'nodez' (a scenario has nodes, routers, hosts, resources, workloads, probes)",
                assertThrows(Scenario.ScenarioException.class, () -> Scenario.parse("nodez: []\n", "s.yaml", null)).getMessage());
        assertEquals("s.yaml: nodes[0]: field 'address' is required",
                assertThrows(Scenario.ScenarioException.class, () -> Scenario.parse("nodes: [{name: n1}]\n", "s.yaml", null)).getMessage());
        assertEquals("s.yaml: nodes[0]: field 'address': '10.0.0.300/24' is not an address with its subnet (e.g. 10.0.0.11/24)",
                assertThrows(Scenario.ScenarioException.class, () -> Scenario.parse("nodes: [{name: n1, address: 10.0.0.300/24}]\n",
                        "s.yaml", null)).getMessage());
        assertEquals("s.yaml: probes[0]: unknown field 'port' (allowed: from, to)", assertThrows(Scenario.ScenarioException.class,
                () -> Scenario.parse("probes: [{from: a, to: b, port: 80}]\n", "s.yaml", null)).getMessage());
        String bad = assertThrows(Scenario.ScenarioException.class, () -> Scenario.parse(
                "resources:\n- {apiVersion: projectcalico.org/v3, kind: IPPool, metadata: {name: p}, spec: {cidr: 10.0.0.0/8, natOutgong: true}}\n",
                "s.yaml", null)).getMessage();
        assertTrue(bad.startsWith("s.yaml: resources[0]: ") && bad.contains("natOutgong"), bad);
        String refused = assertThrows(Scenario.ScenarioException.class, () -> Scenario.parse(
                "resources:\n- {apiVersion: projectcalico.org/v3, kind: IPPool, metadata: {name: p}, spec: {cidr: 10.0.0.1/8}}\n",
                "s.yaml", null).run()).getMessage();
        assertTrue(refused.startsWith("s.yaml: resource IPPool p was refused: "), refused);
        assertEquals("s.yaml: probe x -> y: 'x' is no workload, node, router, host or IP address of this cluster",
                assertThrows(Scenario.ScenarioException.class, () -> Scenario.parse("probes: [{from: x, to: y}]\n", "s.yaml", null).run())
                        .getMessage());
    }

    private static final String POOL = """
            apiVersion: projectcalico.org/v3
            kind: IPPool
            metadata: {name: pool}
            spec: {cidr: 192.168.0.0/16, natOutgoing: true}
            ---
            apiVersion: projectcalico.org/v3
            kind: IPPool
            metadata: {name: other}
            spec: {cidr: 172.16.0.0/16, disabled: true}
            """;

    private static String indent(String text, int spaces) {
        return text.lines().map(l -> " ".repeat(spaces) + l).collect(java.util.stream.Collectors.joining("\n")) + "\n";
    }

    /** Issue 15 item 18: calicoctl YAML pasted as a block string, the whole of resources or one entry. */
    @Test
    void resourcesMayBeManifestTextPastedAsABlockString() {
        String cluster = "nodes: [{name: n1, address: 10.0.0.11/24}]\nhosts: [{name: internet, address: 93.184.216.34}]\n"
                + "workloads: [{name: w, node: n1}]\nprobes: [{from: w, to: internet}]\n";
        Scenario whole = Scenario.parse(cluster + "resources: |\n" + indent(POOL, 2), "s.yaml", null);
        Scenario.Result r = whole.run().get(0);
        assertTrue(r.delivered(), r.toString());
        assertEquals("10.0.0.11", r.sourceSeenAtDestination(), "natOutgoing from the pasted pool");
        Scenario entry = Scenario.parse(cluster + "resources:\n- |\n" + indent(POOL, 4)
                + "- {apiVersion: projectcalico.org/v3, kind: FelixConfiguration, metadata: {name: default}, spec: {}}\n", "s.yaml", null);
        assertEquals(r, entry.run().get(0));
        String bad = assertThrows(Scenario.ScenarioException.class, () -> Scenario.parse("resources: |\n" + indent(POOL.replace("natOutgoing",
                "natOutgong"), 2), "s.yaml", null)).getMessage();
        assertTrue(bad.startsWith("s.yaml: resources") && bad.contains("natOutgong"), bad);
    }

    @Test
    void aTopLevelFieldOfTheWrongTypeIsNamedWithItsType() {
        assertEquals("s.yaml: field 'resources' must be a list of manifests (or {path: file.yaml}), or manifest text, not a number",
                assertThrows(Scenario.ScenarioException.class, () -> Scenario.parse("resources: 42\n", "s.yaml", null)).getMessage());
        assertEquals("s.yaml: field 'resources' must be a list of manifests (or {path: file.yaml}), or manifest text, not a mapping",
                assertThrows(Scenario.ScenarioException.class, () -> Scenario.parse("resources: {kind: IPPool}\n", "s.yaml", null))
                        .getMessage());
        assertEquals("s.yaml: field 'nodes' must be a list, not a string",
                assertThrows(Scenario.ScenarioException.class, () -> Scenario.parse("nodes: n1\n", "s.yaml", null)).getMessage());
        assertEquals("s.yaml: field 'probes' must be a list, not true or false",
                assertThrows(Scenario.ScenarioException.class, () -> Scenario.parse("probes: true\n", "s.yaml", null)).getMessage());
        assertEquals("s.yaml: resources[0]: must be a manifest, {path: file.yaml} or manifest text, not a number",
                assertThrows(Scenario.ScenarioException.class, () -> Scenario.parse("resources: [7]\n", "s.yaml", null)).getMessage());
        String missing = assertThrows(Scenario.ScenarioException.class, () -> Scenario.parse("resources: [{path: nowhere.yaml}]\n",
                "s.yaml", null)).getMessage();
        assertTrue(missing.startsWith("s.yaml: resources[0]: cannot read manifest nowhere.yaml"), missing);
    }

    @Test
    void aRouterAddressMayCarryItsSubnetAsANodesDoes() {
        String yaml = """
                nodes: [{name: n1, address: 10.0.0.11/24}]
                routers: [{name: tor, address: 10.0.0.254/24, asNumber: 65001}]
                hosts: [{name: client, address: 203.0.113.9}]
                resources:
                - {apiVersion: projectcalico.org/v3, kind: IPPool, metadata: {name: pool}, spec: {cidr: 192.168.0.0/16}}
                - {apiVersion: projectcalico.org/v3, kind: BGPPeer, metadata: {name: tor}, spec: {peerIP: 10.0.0.254, asNumber: 65001}}
                workloads: [{name: w, node: n1}]
                probes: [{from: client, to: w}]
                """;
        Scenario.Result r = Scenario.parse(yaml, "s.yaml", null).run().get(0);
        assertTrue(r.delivered(), r.toString());
        assertEquals(List.of("client", "tor", "n1"), r.path());
        assertEquals("s.yaml: routers[0]: field 'address': subnet 10.0.0.0/16 of '10.0.0.254/16' is not the router's subnet 10.0.0.0/24"
                        + " (a router sits on the node subnet holding its address, else on its /24)",
                assertThrows(Scenario.ScenarioException.class, () -> Scenario.parse(yaml.replace("10.0.0.254/24", "10.0.0.254/16"), "s.yaml",
                        null)).getMessage());
        assertEquals("s.yaml: routers[0]: field 'address': '10.0.0.354/24' is not an IP address, or an address with its subnet"
                        + " (e.g. 10.0.0.254/24)",
                assertThrows(Scenario.ScenarioException.class, () -> Scenario.parse(yaml.replace("10.0.0.254/24", "10.0.0.354/24"), "s.yaml",
                        null)).getMessage());
    }
}
