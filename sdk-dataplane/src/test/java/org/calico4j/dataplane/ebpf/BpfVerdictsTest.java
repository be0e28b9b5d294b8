package org.calico4j.dataplane.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;

import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.internal.CidrTrie;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.ServiceIpBlock;
import org.junit.jupiter.api.Test;

/** Verdicts in BPF mode name the {@code cali_v4_routes} entries and flags that decided (what {@code trace} prints). */
class BpfVerdictsTest {
    private static Verdict on(Consumer<ClusterC> setup, Packet p) {
        try (ClusterC c = ClusterC.build(x -> x); MemoryDataplane dp = new MemoryDataplane("n1")) {
            setup.accept(c);
            DataplaneState s = c.stateOf("n1");
            CidrTrie<RouteEntry> trie = new CidrTrie<>();
            BpfRoutes.compute(s, i -> 7).forEach(trie::put);
            dp.resync(s);
            return dp.read(t -> BpfVerdicts.evaluate(t, trie, false, p));
        }
    }

    @Test
    void case26NamesTheSourceAndDestinationEntries() {
        Verdict v = on(c -> { }, Packet.tcp("10.244.1.5", "93.184.216.34", 443));
        assertTrue(v.reason().contains("tc program: cali_v4_routes source 10.244.1.5/32 [local workload in-pool nat-out, 0x00f]; destination "
                + "no entry (flags 0x000): outside every pool and not an exempt host, marked 0x3800000 for cali-nat-outgoing"), v.reason());
    }

    @Test
    void case28NamesTheBlackholeEntryThatDropped() {
        Verdict v = on(c -> c.bgp(b -> b.addServiceClusterIPs(ServiceIpBlock.builder().cidr("10.96.0.0/12").build())),
                Packet.tcp("10.244.1.5", "10.96.5.5", 80));
        assertEquals(Verdict.Action.DROP, v.action());
        assertTrue(v.reason().endsWith("tc program: cali_v4_routes destination 10.96.0.0/12 [blackhole-drop, 0x100]: dropped"), v.reason());
    }
}
