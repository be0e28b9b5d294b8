package org.calico4j.dataplane.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.calico4j.dataplane.tck.ClusterC;
import org.junit.jupiter.api.Test;

/**
 * {@code BirdConfig.render(intent, filters, underlayInterface)}: with an IPIP pool (whose routes reach tunl0 by
 * calico_ipip helper routes) beside an unencapsulated pool, the unencapsulated pool's routes with a next hop in the
 * node's subnet are sent over the underlay (confd's {@code krt_tunnel=""}); BIRD accepts the result. On real BIRD and a
 * real kernel: {@code sdk-testkit} KernelScenariosTest, {@code kernel-defects/ipip-beside-plain-pool.yaml}.
 */
class BirdConfigUnderlayTest {
    private static final String DIRECT = "if (net ~ 10.245.0.0/16) then { if (ifname = \"tunl0\" && defined(bgp_next_hop)"
            + " && bgp_next_hop ~ 10.0.0.0/24) then { ifname = \"eth0\"; gw = bgp_next_hop; } accept; }";

    private static BgpIntent n1(ClusterC c) {
        c.pool("plain", p -> p.cidr("10.245.0.0/16"));
        return BgpIntents.forNode(c.client, "n1", SecretResolver.none());
    }

    @Test
    void theOtherPoolsSameSubnetNextHopsGoOverTheUnderlay() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p.ipipMode("Always"))) {
            BgpIntent n1 = n1(c);
            String conf = BirdConfig.render(n1, List.of(), "eth0");
            assertTrue(conf.contains(DIRECT), conf);
            assertTrue(conf.contains("if (net ~ 10.244.0.0/16) then { accept; } # IPIP: through tunl0"), "the IPIP pool's routes stay in tunl0");
            assertFalse(BirdConfig.render(n1, List.of()).contains("gw = bgp_next_hop"), "without the underlay interface, as before");
            BirdCheck.requireBird();
            assertNull(BirdCheck.parse(conf), "BIRD parses it");
        }
    }

    @Test
    void withoutAnIpipPoolNothingChanges() {
        try (ClusterC c = ClusterC.build(p -> p)) {
            BgpIntent n1 = n1(c);
            assertEquals(BirdConfig.render(n1, List.of()), BirdConfig.render(n1, List.of(), "eth0"));
        }
    }

    @Test
    void anUnderlayThatIsNoInterfaceNameIsRefused() {
        try (ClusterC c = ClusterC.build(p -> p.ipipMode("Always"))) {
            BgpIntent n1 = n1(c);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BirdConfig.render(n1, List.of(), "eth0\"; gw = 1.2.3.4; \""));
            assertTrue(e.getMessage().startsWith("underlayInterface: 'eth0\"; gw = 1.2.3.4; \"' is not a Linux interface name"), e.getMessage());
        }
    }
}
