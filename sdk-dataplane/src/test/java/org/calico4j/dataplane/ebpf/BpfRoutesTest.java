package org.calico4j.dataplane.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.calico4j.client.spi.ResourceKey;
import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.calc.Calculation;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.Resource;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.ServiceIpBlock;
import org.calico4j.model.net.Cidr;
import org.junit.jupiter.api.Test;

/** The routes map contents for the eBPF scenarios of dataplane-scenarios.md (section C) and the Case 15 BPF note. */
class BpfRoutesTest {
    /** n1's entries as "prefix -> flags hex / second word" from cluster C with {@code pool}, cali1 at ifindex 7. */
    static SortedMap<String, String> n1(UnaryOperator<IpPoolSpec.Builder> pool, java.util.function.Consumer<ClusterC> more) {
        try (ClusterC c = ClusterC.build(pool)) {
            more.accept(c);
            return render(c, "n1");
        }
    }

    static SortedMap<String, String> render(ClusterC c, String node) {
        return render(c.stateOf(node));
    }

    /** The state's entries, the other nodes taken from the state alone. */
    static SortedMap<String, String> render(DataplaneState state) {
        SortedMap<String, String> out = new TreeMap<>();
        BpfRoutes.compute(state, iface -> iface.equals("cali1") ? 7 : 0)
                .forEach((k, e) -> out.put(k.toString(), RouteFlags.hex(e.flags()) + " " + second(e)));
        return out;
    }

    private static String second(RouteEntry e) {
        if ((e.flags() & RouteFlags.LOCAL) != 0 && (e.flags() & RouteFlags.WORKLOAD) != 0) {
            return "idx " + e.ifindex();
        }
        return e.word2() == 0 ? "0" : "nh " + e.nextHop();
    }

    @Test
    void case25IpipAlwaysNatOutgoing() {
        // dataplane-scenarios.md Case 25 ([v3.32.1]: n1's own tunnel IP is a local host entry).
        Map<String, String> expected = Map.of(
                "10.244.0.0/16", "0x003 0",
                "10.244.1.5/32", "0x00f idx 7",
                "10.244.2.0/26", "0x047 nh 10.0.0.12",
                "10.244.3.0/26", "0x047 nh 10.0.1.13",
                "10.244.2.0/32", "0x053 nh 10.0.0.12",
                "10.244.3.0/32", "0x053 nh 10.0.1.13",
                "10.0.0.11/32", "0x018 0",
                "10.0.0.12/32", "0x010 nh 10.0.0.12",
                "10.0.1.13/32", "0x010 nh 10.0.1.13",
                "10.244.1.0/32", "0x018 0");
        SortedMap<String, String> actual = n1(p -> p.ipipMode("Always"), c -> { });
        assertEquals(new TreeMap<>(expected), actual);
        assertNull(actual.get("10.244.1.0/26"), "no entry for the local block");
    }

    @Test
    void case25VxlanVariant() {
        SortedMap<String, String> actual = n1(p -> p.vxlanMode("Always"), c -> { });
        assertEquals("0x447 nh 10.0.0.12", actual.get("10.244.2.0/26"));
        assertEquals("0x453 nh 10.0.0.12", actual.get("10.244.2.0/32"));
        assertEquals("0x018 0", actual.get("10.244.1.0/32"));
    }

    @Test
    void withoutEncapsulationRemoteBlocksAreNotTunnelled() {
        SortedMap<String, String> actual = n1(p -> p, c -> { });
        assertEquals("0x007 nh 10.0.0.12", actual.get("10.244.2.0/26"));
        assertFalse(actual.containsKey("10.244.2.0/32"), "no tunnel device, no tunnel address entries");
        assertFalse(actual.containsKey("10.244.1.0/32"));
    }

    @Test
    void case15CrossSubnetMarksTheSameSubnetBlock() {
        SortedMap<String, String> actual = n1(p -> p.ipipMode("CrossSubnet"), c -> { });
        assertEquals("0x067 nh 10.0.0.12", actual.get("10.244.2.0/26"));
        assertEquals("0x047 nh 10.0.1.13", actual.get("10.244.3.0/26"));
    }

    @Test
    void case28ServiceRangeIsABlackhole() {
        SortedMap<String, String> actual = n1(p -> p,
                c -> c.bgp(b -> b.addServiceClusterIPs(ServiceIpBlock.builder().cidr("10.96.0.0/12").build())));
        assertEquals("0x100 0", actual.get("10.96.0.0/12"));
    }

    @Test
    void case10LoadBalancerOnlyPoolHasNatOutOnlyOrNoEntry() {
        SortedMap<String, String> withNat = n1(p -> p,
                c -> c.pool("lb", l -> l.cidr("198.51.100.0/24").natOutgoing(true).addAllowedUses("LoadBalancer")));
        assertEquals("0x002 0", withNat.get("198.51.100.0/24"));
        SortedMap<String, String> without = n1(p -> p, c -> c.pool("lb", l -> l.cidr("198.51.100.0/24").addAllowedUses("LoadBalancer")));
        assertFalse(without.containsKey("198.51.100.0/24"));
    }

    @Test
    void aPoolWithoutNatOutgoingIsOnlyInPool() {
        SortedMap<String, String> actual = n1(p -> p.natOutgoing(false), c -> { });
        assertEquals("0x001 0", actual.get("10.244.0.0/16"));
        assertEquals("0x00d idx 7", actual.get("10.244.1.5/32"));
    }

    @Test
    void remoteTunnelAddressesComeWithTheStateAndFollowNodeChangesThroughDeltas() {
        try (ClusterC c = ClusterC.build(p -> p.ipipMode("Always"))) {
            Calculation calc = new Calculation("n1");
            for (Resource r : c.resources()) {
                calc.update(ResourceKey.of(r), r);
            }
            DataplaneState s = calc.state();
            assertEquals(List.of("n2", "n3"), List.copyOf(s.otherNodes().keySet()));
            assertEquals("0x053 nh 10.0.0.12", render(s).get("10.244.2.0/32"), "n2's tunl0 address: remote host in-pool nat-out tunneled");
            // n2's tunnel address moves (as allocateip would after a pool change): one delta carries it.
            Node n2 = c.client.nodes().withName("n2").edit(n -> n.withSpec(NodeSpec.builder().from(n.spec())
                    .bgp(NodeBgpSpec.builder().from(n.spec().bgp().orElseThrow()).ipv4IPIPTunnelAddr("10.244.2.1").build()).build()));
            DataplaneDelta d = calc.update(ResourceKey.of(n2), n2);
            assertEquals(List.of("n2"), List.copyOf(d.otherNodesSet().keySet()), d::toString);
            s = s.apply(d);
            assertEquals(calc.state(), s, "the applied delta and the calculation agree");
            SortedMap<String, String> after = render(s);
            assertNull(after.get("10.244.2.0/32"));
            assertEquals("0x053 nh 10.0.0.12", after.get("10.244.2.1/32"));
            assertEquals("0x047 nh 10.0.0.12", after.get("10.244.2.0/26"), "n2's block: remote workload tunneled via n2");
            DataplaneDelta gone = calc.update(ResourceKey.of(n2), null);
            assertEquals(java.util.Set.of("n2"), gone.otherNodesRemoved());
            assertNull(render(s.apply(gone)).get("10.244.2.1/32"));
        }
    }

    @Test
    void aStateWithoutOtherNodesHasNoRemoteTunnelEntriesUnlessGivenThem() {
        try (ClusterC c = ClusterC.build(p -> p.ipipMode("Always"))) {
            DataplaneState full = c.stateOf("n1");
            DataplaneState bare = DataplaneState.empty(full.host()).apply(DataplaneState.diff(DataplaneState.empty(full.host()), full))
                    .apply(DataplaneDelta.builder().removeOtherNode("n2").removeOtherNode("n3").build());
            SortedMap<Cidr, RouteEntry> m = BpfRoutes.compute(bare, i -> 0);
            assertEquals(0x010, m.get(Cidr.parse("10.0.0.12/32")).flags(), "remote hosts are known from the routes");
            assertNull(m.get(Cidr.parse("10.244.2.0/32")), "an IPIP tunnel address is only known from the other nodes");
            assertEquals(0x053, BpfRoutes.compute(bare, i -> 0, full.otherNodes().values()).get(Cidr.parse("10.244.2.0/32")).flags());
        }
    }
}
