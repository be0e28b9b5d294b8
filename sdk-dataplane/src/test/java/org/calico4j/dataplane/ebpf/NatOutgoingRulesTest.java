package org.calico4j.dataplane.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.net.Port;
import org.junit.jupiter.api.Test;

/** BPF-mode {@code cali-nat-outgoing} (calico-dataplane.md §3.3, Case 26): the mark match in place of the IP sets. */
class NatOutgoingRulesTest {
    private static List<String> rules(java.util.function.Consumer<ClusterC> setup) {
        try (ClusterC c = ClusterC.build(p -> p)) {
            setup.accept(c);
            return NatOutgoingRules.render(c.stateOf("n1")).stream().map(r -> String.join(" ", r)).collect(Collectors.toList());
        }
    }

    @Test
    void case26OneMasqueradeOnTheMark() {
        assertEquals(List.of("-m mark --mark 0x3800000/0x3f00000 -j MASQUERADE --random-fully"), rules(c -> { }));
    }

    @Test
    void emptyWithoutANatOutgoingPool() {
        try (ClusterC c = ClusterC.build(p -> p.natOutgoing(false))) {
            assertTrue(NatOutgoingRules.render(c.stateOf("n1")).isEmpty());
        }
    }

    @Test
    void natOutgoingAddressPortRangeAndInterfaceFilterShapeTheRules() {
        assertEquals(List.of("-m mark --mark 0x3800000/0x3f00000 -j SNAT --to-source 203.0.113.10 --random-fully"),
                rules(c -> c.felix("default", f -> f.natOutgoingAddress("203.0.113.10"))));
        assertEquals(List.of(
                "-m mark --mark 0x3800000/0x3f00000 -p tcp -o eth+ -j MASQUERADE --to-ports 32768-65535",
                "-m mark --mark 0x3800000/0x3f00000 -p tcp -o eth+ -j RETURN",
                "-m mark --mark 0x3800000/0x3f00000 -p udp -o eth+ -j MASQUERADE --to-ports 32768-65535",
                "-m mark --mark 0x3800000/0x3f00000 -p udp -o eth+ -j RETURN",
                "-m mark --mark 0x3800000/0x3f00000 -o eth+ -j MASQUERADE --random-fully"),
                rules(c -> c.felix("default", f -> f.natPortRange(Port.parse("32768:65535")).iptablesNATOutgoingInterfaceFilter("eth+"))));
    }

    @Test
    void anInterfaceFilterThatIsNoInterfaceNameNeverReachesIptables() {
        // The validator refuses it in a FelixConfiguration; a state built by hand is checked again here.
        try (ClusterC c = ClusterC.build(p -> p)) {
            org.calico4j.dataplane.DataplaneState s = c.stateOf("n1").apply(org.calico4j.dataplane.DataplaneDelta.builder()
                    .nat(new org.calico4j.dataplane.NatSettings(null, null, "eth0 -j ACCEPT", false)).build());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NatOutgoingRules.render(s));
            assertTrue(e.getMessage().contains("iptablesNATOutgoingInterfaceFilter 'eth0 -j ACCEPT'"), e.getMessage());
        }
    }
}
