package org.calico4j.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A verdict builds its route text and reasons only when asked; they must still describe the tables
 * as they were when the packet was evaluated, not as they are when someone reads them.
 */
class LazyVerdictTest {
    /** Tables that change under the verdicts: a remote block's route, and the masquerade set. */
    private static final class ChangingTables implements NodeTables {
        @Nullable RouteInfo route;
        final Set<String> sets = new HashSet<>();

        @Override
        public HostInfo host() {
            return HostInfo.of("node-0", Cidr.parse("10.0.0.10/24"));
        }

        @Override
        public NatSettings nat() {
            return NatSettings.defaults();
        }

        @Override
        public Collection<PoolInfo> pools() {
            return List.of();
        }

        @Override
        public @Nullable RouteInfo route(IpAddress dst) {
            return route != null && route.cidr().containsAddress(dst) ? route : null;
        }

        @Override
        public @Nullable RouteInfo installedRoute(Cidr prefix) {
            return route != null && route.cidr().equals(prefix) ? route : null;
        }

        @Override
        public boolean inSet(String set, IpAddress ip) {
            return sets.contains(set);
        }

        @Override
        public @Nullable LocalWorkload workload(IpAddress ip) {
            return null;
        }

        @Override
        public boolean isLocal(IpAddress ip) {
            return ip.equals(IpAddress.parse("10.0.0.10"));
        }

        @Override
        public boolean blocked(IpAddress ip) {
            return false;
        }
    }

    @Test
    void textsReadLaterDescribeTheTablesAtEvaluation() {
        ChangingTables t = new ChangingTables();
        t.route = new RouteInfo(Cidr.parse("10.244.1.0/26"), RouteType.REMOTE_BLOCK, Encap.IPIP, RouteOwner.BIRD, "tunl0",
                IpAddress.parse("10.0.0.11"), "node-1", IpAddress.parse("10.0.0.11"), false);
        Packet p = Packet.tcp("10.0.0.10", "10.244.1.5", 80);
        Verdict lazy = PacketEvaluator.evaluate(t, p);
        Verdict eager = PacketEvaluator.evaluate(t, p);
        String route = eager.route();
        List<String> reasons = eager.reasons();

        t.route = null;
        t.sets.add(IpSets.masq(4));
        Verdict after = PacketEvaluator.evaluate(t, p);

        assertEquals(route, lazy.route());
        assertEquals(reasons, lazy.reasons());
        assertEquals("from the host node-0", lazy.reasons().get(0));
        assertTrue(lazy.reasons().get(1).startsWith("route 10.244.1.0/26 via 10.0.0.11 dev tunl0"), lazy.reasons().get(1));
        assertEquals(eager, lazy);
        assertEquals(eager.hashCode(), lazy.hashCode());
        assertNotEquals(lazy.route(), after.route(), "the tables did change");
        assertEquals("default dev eth0", after.route());
        Verdict copy = new Verdict(lazy.action(), lazy.snatTo(), lazy.snatPorts(), lazy.encap(), lazy.outerSrc(), lazy.outerDst(),
                lazy.device(), lazy.route(), lazy.reasons(), lazy.originalSource());
        assertEquals(copy, lazy, "a verdict built with its texts equals the lazy one");
        assertEquals(copy.toString(), lazy.toString());
    }
}
