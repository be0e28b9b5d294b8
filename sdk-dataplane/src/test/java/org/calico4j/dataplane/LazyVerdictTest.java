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
        t.route = remoteBlock();
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

    @Test
    void theRouteEntryIsTheOneTheVerdictTook() {
        ChangingTables t = new ChangingTables();
        RouteInfo remote = remoteBlock();
        t.route = remote;
        Verdict forwarded = PacketEvaluator.evaluate(t, Packet.tcp("10.0.0.10", "10.244.1.5", 80));
        assertEquals(remote, forwarded.routeEntry().orElseThrow());
        assertTrue(PacketEvaluator.evaluate(t, Packet.tcp("10.0.0.10", "192.0.2.1", 80)).routeEntry().isEmpty(), "default route");
        assertTrue(PacketEvaluator.evaluate(t, Packet.tcp("10.244.1.5", "10.0.0.10", 80)).routeEntry().isEmpty(), "to the host");
        Verdict copy = new Verdict(forwarded.action(), forwarded.snatTo(), forwarded.snatPorts(), forwarded.encap(), forwarded.outerSrc(),
                forwarded.outerDst(), forwarded.device(), forwarded.route(), forwarded.reasons(), forwarded.originalSource());
        assertTrue(copy.routeEntry().isEmpty(), "built from texts");
        assertEquals(copy, forwarded, "the entry is not part of equality");
    }

    @Test
    void theBgpNoteIsBuiltWithTheReasonsFromTheRouteAtEvaluation() {
        ChangingTables t = new ChangingTables();
        t.route = remoteBlock();
        Packet p = Packet.tcp("10.0.0.10", "10.244.1.5", 80);
        Verdict assumed = PacketEvaluator.evaluate(t, p, "node-0", LearnedRoutes.ASSUME_DELIVERED);
        Verdict learned = PacketEvaluator.evaluate(t, p, "node-0", (node, prefix) -> node.equals("node-0"));
        Verdict missing = PacketEvaluator.evaluate(t, p, "node-0", (node, prefix) -> false);
        t.route = null;
        assertEquals("10.244.1.0/26 is a route BIRD programs: it assumes BGP delivered it to node-0 (no LearnedRoutes source given)",
                last(assumed));
        assertEquals("10.244.1.0/26 is a route BIRD programs: node-0 learned it over BGP", last(learned));
        assertEquals("no route to 10.244.1.0/26: BIRD would program it, but node-0 did not learn it over BGP", last(missing));
        assertEquals(Encap.NONE, missing.encap());
        assertEquals(PacketEvaluator.evaluate(t, p).reasons(), missing.reasons().subList(0, missing.reasons().size() - 1),
                "otherwise the verdict of the tables without the route");
        assertEquals(PacketEvaluator.evaluate(t, p), PacketEvaluator.evaluate(t, p, "node-0", (node, prefix) -> false),
                "no note when BIRD would program nothing");
    }

    /** node-1's block, reached over IPIP on a route BIRD programs. */
    private static RouteInfo remoteBlock() {
        return new RouteInfo(Cidr.parse("10.244.1.0/26"), RouteType.REMOTE_BLOCK, Encap.IPIP, RouteOwner.BIRD, "tunl0",
                IpAddress.parse("10.0.0.11"), "node-1", IpAddress.parse("10.0.0.11"), false);
    }

    private static String last(Verdict v) {
        return v.reasons().get(v.reasons().size() - 1);
    }
}
