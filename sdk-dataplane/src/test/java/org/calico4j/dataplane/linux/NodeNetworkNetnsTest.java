package org.calico4j.dataplane.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.iptables.KernelLab;
import org.calico4j.dataplane.tck.ClusterC;
import org.junit.jupiter.api.Test;

/**
 * {@link NodeNetwork} on a real kernel with routes of both protocols Felix writes side by side: VXLAN and workload
 * routes ({@code proto boot}, 3) and the blackhole of the node's own block ({@code proto 80}). iproute2 6.1 caches the
 * last protocol name it looked up and keeps its number across a numeric one, so in one batch "boot", "80", "boot" made
 * the third line proto 80: its delete failed with "No such process" although the route was there, and a replace wrote
 * the wrong protocol (the eBPF dataplane's close failed on it in the generated real-cluster differential). Batches
 * therefore carry protocol numbers only.
 */
class NodeNetworkNetnsTest {
    @Test
    void removesAndRestoresBlackholeWorkloadAndVxlanRoutesTogether() {
        try (KernelLab lab = new KernelLab(); ClusterC c = ClusterC.build(p -> p.vxlanMode("Always"))) {
            // n0's block 10.244.0.0/26 sorts before n1's own (blackhole) block: the kernel lists a proto boot route, the
            // proto 80 blackhole, then proto boot routes again, the order that went wrong in one batch.
            c.node("n0", "10.0.0.10/24", "10.244.0.0", "66:aa:00:00:00:00");
            c.pod("n0", "p0", "10.244.0.9", "cali0");
            Netns n1 = lab.node("n1");
            Netns peer = lab.ns("peer");
            lab.link(n1, "eth0", "10.0.0.11/24", peer, "eth0", "10.0.0.12/24");
            lab.workload(n1, "p1", "cali1", "10.244.1.5");
            NodeNetwork net = new NodeNetwork(Exec.in(n1.name()));
            DataplaneState state = c.stateOf("n1");
            net.sync(state);
            String routes = KernelLab.run(n1, "ip", "-d", "route");
            assertTrue(routes.contains("blackhole 10.244.1.0/26 proto 80"), routes);
            assertTrue(routes.contains("10.244.1.5 dev cali1"), routes);
            assertTrue(routes.contains("10.244.0.0/26 via 10.244.0.0 dev vxlan.calico"), routes);
            assertTrue(routes.contains("10.244.2.0/26 via 10.244.2.0 dev vxlan.calico"), routes);
            assertTrue(routes.contains("10.244.3.0/26 via 10.244.3.0 dev vxlan.calico"), routes);

            net.cleanup();
            String left = KernelLab.run(n1, "ip", "-d", "route") + KernelLab.run(n1, "ip", "link");
            assertFalse(left.contains("10.244.") || left.contains("vxlan.calico"), left);

            assertTrue(net.sync(state) > 0, "programmed again after the cleanup");
            assertEquals(0, net.sync(state), "and in line");
            assertEquals(List.of(), net.plan(state, net.read()));
            net.cleanup();
        }
    }
}
