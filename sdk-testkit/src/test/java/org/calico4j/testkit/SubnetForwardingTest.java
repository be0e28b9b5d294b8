package org.calico4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Where a node sends a packet that no cluster route covers. Found by the kernel differential (KernelGeneratedTest,
 * shrunk to two nodes and a router on one subnet): a real node reaches an address on its own subnet over its connected
 * route, not through its gateway.
 */
class SubnetForwardingTest {
    private static final String SCENARIO = """
            nodes:
              - name: n1
                address: 10.0.0.11/24
              - name: n2
                address: 10.0.0.12/24
              - name: n3
                address: 10.0.1.13/24
            routers:
              - name: r1
                address: 10.0.0.1
                asNumber: 65001
            resources:
              - apiVersion: projectcalico.org/v3
                kind: IPPool
                metadata: {name: pool0}
                spec:
                  cidr: 192.168.0.0/16
            workloads:
              - name: w1
                node: n1
            """;

    @Test
    void aNodeOnTheSameSubnetIsReachedOverTheLinkNotTheGateway() {
        try (SimulatedCluster c = Scenario.parse(SCENARIO, "subnet forwarding", null).build()) {
            Trace t = c.send("w1", "n2");
            assertTrue(t.delivered(), t.toString());
            assertEquals(List.of("n1", "n2"), t.path(), t.toString());
        }
    }

    @Test
    void aNodeOnAnotherSubnetIsStillReachedThroughTheGateway() {
        try (SimulatedCluster c = Scenario.parse(SCENARIO, "subnet forwarding", null).build()) {
            Trace t = c.send("w1", "n3");
            assertEquals(List.of("n1", "r1", "n3"), t.path(), t.toString());
        }
    }
}
