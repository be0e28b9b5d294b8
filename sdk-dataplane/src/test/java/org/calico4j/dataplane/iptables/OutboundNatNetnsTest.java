package org.calico4j.dataplane.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * The outbound case of Calico's external-connectivity guide on a real kernel: node n1 of cluster C with
 * workload p1 ({@code 10.244.1.5} behind {@code cali1}) and an external host {@code 10.0.0.100} on n1's
 * network. With natOutgoing the external host sees n1's address, without it p1's; the in-memory
 * dataplane says the same for the same state.
 */
class OutboundNatNetnsTest {
    private static final String EXT = "10.0.0.100";

    private static IpAddress observedSource(boolean natOutgoing) {
        try (KernelLab lab = new KernelLab(); ClusterC c = ClusterC.build(p -> p.natOutgoing(natOutgoing))) {
            Netns n1 = lab.node("n1");
            Netns ext = lab.ns("ext");
            lab.link(n1, "eth0", "10.0.0.11/24", ext, "eth0", EXT + "/24");
            n1.ip("route", "add", "default", "via", EXT);
            Netns p1 = lab.workload(n1, "p1", "cali1", "10.244.1.5");
            // The guide's external network routes the pools to the nodes when they are not masqueraded.
            ext.ip("route", "add", "10.244.0.0/16", "via", "10.0.0.11");
            KernelLab.countSources(ext, "INPUT", "10.0.0.11", "10.244.1.5");
            DataplaneState state = c.stateOf("n1");
            try (IptablesDataplane dp = IptablesDataplane.builder("n1").netns(n1.name()).build()) {
                dp.resync(state);
                assertTrue(KernelLab.ping(p1, EXT), () -> "p1 reaches the external host; n1: " + KernelLab.diagnose(n1) + "\np1: "
                        + KernelLab.diagnose(p1) + "\nstatus: " + dp.status());
                long node = KernelLab.seen(ext, "filter", "INPUT", "-s 10.0.0.11/32");
                long pod = KernelLab.seen(ext, "filter", "INPUT", "-s 10.244.1.5/32");
                assertTrue(node == 0 || pod == 0, "one source only: node " + node + ", pod " + pod);
                IpAddress seen = IpAddress.parse(node > 0 ? "10.0.0.11" : "10.244.1.5");
                try (MemoryDataplane mem = new MemoryDataplane("n1")) {
                    mem.resync(state);
                    assertEquals(mem.evaluate(Packet.icmp("10.244.1.5", EXT)).sourceSeen(), seen, "kernel and in-memory dataplane agree");
                    assertEquals(dp.evaluate(Packet.icmp("10.244.1.5", EXT)), mem.evaluate(Packet.icmp("10.244.1.5", EXT)));
                }
                dp.cleanup();
                return seen;
            }
        }
    }

    @Test
    void withNatOutgoingTheExternalHostSeesTheNodeAddress() {
        assertEquals(IpAddress.parse("10.0.0.11"), observedSource(true));
    }

    @Test
    void withoutNatOutgoingTheExternalHostSeesTheWorkloadAddress() {
        assertEquals(IpAddress.parse("10.244.1.5"), observedSource(false));
    }
}
