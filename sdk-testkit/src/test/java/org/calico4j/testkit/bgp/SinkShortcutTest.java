package org.calico4j.testkit.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.calico4j.dataplane.bgp.BgpIntent;
import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.BgpConfigurationSpec;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.ServiceIpBlock;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.calico4j.testkit.SimulatedCluster;
import org.calico4j.testkit.property.CalicoProperty;
import org.calico4j.testkit.property.Gen;
import org.calico4j.testkit.property.GeneratedBy;
import org.junit.jupiter.api.Test;

/**
 * The fabric settles sinks (nodes that pass no learned route on: route-reflector clients, members of a mesh
 * without external peers) after the other speakers converge instead of propagating through them. Over generated
 * clusters (meshes, reflectors with one or several cluster IDs, eBGP and iBGP routers, nodes in several ASes and
 * subnets, node-specific peers, service ranges, a pool kept out of BGP) the shortcut must give every node the same
 * learned prefixes, and every recorded speaker the same routes and merged routes, as propagating through everyone.
 */
class SinkShortcutTest {
    /**
     * A generated cluster.
     *
     * @param nodes   per node: subnet ({@code v % 3}) and AS ({@code v / 3}: the cluster's, 64601, 64602)
     * @param routers per router: subnet ({@code v % 3}), iBGP ({@code v / 3 % 2}), next hop self ({@code v / 6})
     * @param shape   reflectors (0-3), one cluster ID for all (1) or one each (0), mesh off, global peer,
     *                reflectors peer with router 1, last node peers with the last router, service ranges, hidden pool,
     *                routers peer with each other, how many nodes besides the routers to record (0-2)
     */
    record Cluster(List<Integer> nodes, List<Integer> routers, List<Integer> shape) {
        int reflectors() {
            return Math.min(shape.get(0), nodes.size());
        }

        boolean flag(int i) {
            return shape.get(i) == 1;
        }

        static Gen<Cluster> gen() {
            return Gen.listOf(Gen.integers(0, 8), 2, 16).flatMap(n -> Gen.listOf(Gen.integers(0, 11), 0, 2).flatMap(r ->
                    Gen.listOf(Gen.integers(0, 1), 9, 9).flatMap(f -> Gen.integers(0, 3).flatMap(rr -> Gen.integers(0, 2).map(rec -> {
                        List<Integer> shape = new ArrayList<>();
                        shape.add(rr);
                        shape.addAll(f);
                        shape.add(rec);
                        return new Cluster(n, r, shape);
                    })))));
        }
    }

    static Gen<Cluster> clusters() {
        return Cluster.gen();
    }

    private record Built(Map<String, BgpIntent> intents, List<BgpFabric.Router> routers, List<String> nodes) {
    }

    private static Built build(Cluster c) {
        try (SimulatedCluster cluster = SimulatedCluster.create()) {
            boolean meshOff = c.flag(2);
            BgpConfigurationSpec.Builder conf = BgpConfigurationSpec.builder().asNumber(AsNumber.of(64512)).nodeToNodeMeshEnabled(!meshOff);
            if (c.flag(6)) {
                conf.addServiceClusterIPs(ServiceIpBlock.builder().cidr("10.96.0.0/12").build());
            }
            cluster.client().bgpConfigurations().create(BgpConfiguration.builder().name("default").spec(conf.build()).build());
            cluster.client().ipPools().create(IpPool.builder().name("pods").spec(IpPoolSpec.builder().cidr("192.168.0.0/16").build()).build());
            if (c.flag(7)) {
                cluster.client().ipPools().create(IpPool.builder().name("hidden").spec(IpPoolSpec.builder().cidr("172.30.0.0/16")
                        .disableBGPExport(true).assignmentMode("Manual").build()).build());
            }
            List<String> nodes = new ArrayList<>();
            for (int i = 0; i < c.nodes().size(); i++) {
                int v = c.nodes().get(i);
                String name = "n" + (i + 1);
                nodes.add(name);
                boolean reflector = i < c.reflectors();
                cluster.addNode(name, "10.0." + v % 3 + "." + (11 + i) + "/24", reflector ? Map.of("rr", "true") : Map.of(),
                        v / 3 == 0 ? null : AsNumber.of(64600 + v / 3));
                if (reflector) {
                    // One cluster ID for all (as the scale benchmark's three reflectors), or one each: then they reflect to each
                    // other as clients, and only CLUSTER_LIST loop detection stops a route going round.
                    String id = c.flag(1) ? "244.0.0.1" : "244.0.0." + (i + 1);
                    cluster.client().nodes().withName(name).edit(x -> x.withSpec(NodeSpec.builder().from(x.spec())
                            .bgp(NodeBgpSpec.builder().from(x.spec().bgp().orElseThrow()).routeReflectorClusterID(id).build()).build()));
                }
            }
            List<BgpFabric.Router> routers = new ArrayList<>();
            for (int i = 0; i < c.routers().size(); i++) {
                int v = c.routers().get(i);
                long as = v / 3 % 2 == 1 ? 64512 : 65001 + i;
                String ip = "10.0." + v % 3 + "." + (1 + i);
                Set<String> peers = i == 1 && c.flag(8) ? Set.of("r1") : Set.of();
                routers.add(new BgpFabric.Router("r" + (i + 1), IpAddress.parse(ip), AsNumber.of(as), peers, v / 6 == 1,
                        Cidr.parse("10.0." + v % 3 + ".0/24")));
            }
            if (c.reflectors() > 0) {
                cluster.client().bgpPeers().create(BgpPeer.builder().name("to-rr").spec(BgpPeerSpec.builder().nodeSelector("all()")
                        .peerSelector("rr == 'true'").build()).build());
            }
            if (!routers.isEmpty()) {
                BgpFabric.Router first = routers.get(0);
                BgpFabric.Router last = routers.get(routers.size() - 1);
                if (c.flag(3)) {
                    cluster.client().bgpPeers().create(BgpPeer.builder().name("global").spec(BgpPeerSpec.builder()
                            .peerIP(first.address().toString()).asNumber(first.as()).build()).build());
                }
                if (c.flag(4) && c.reflectors() > 0) {
                    cluster.client().bgpPeers().create(BgpPeer.builder().name("rr-router").spec(BgpPeerSpec.builder().nodeSelector("has(rr)")
                            .peerIP(first.address().toString()).asNumber(first.as()).build()).build());
                }
                if (c.flag(5)) {
                    cluster.client().bgpPeers().create(BgpPeer.builder().name("node-peer").spec(BgpPeerSpec.builder()
                            .node(nodes.get(nodes.size() - 1)).peerIP(last.address().toString()).asNumber(last.as()).build()).build());
                }
            }
            for (String n : nodes) {
                cluster.addWorkload("w-" + n, n);
            }
            if (c.flag(7)) {
                cluster.addWorkload("hidden", nodes.get(0), "172.30.1.1");
            }
            return new Built(cluster.bgp(), routers, nodes);
        }
    }

    /** Compares the shortcut with propagation through everyone; returns how many nodes were settled as sinks and learned something. */
    private static int compare(Cluster c) {
        Built b = build(c);
        Set<String> record = new LinkedHashSet<>();
        b.routers().forEach(r -> record.add(r.name()));
        for (int i = 0; i < c.shape().get(10) && i < b.nodes().size(); i++) {
            record.add(b.nodes().get((i * 7 + c.nodes().size() - 1) % b.nodes().size()));
        }
        BgpFabric fast = BgpFabric.compute(b.intents(), b.routers(), record, BgpFabric.Underlay.NONE);
        BgpFabric full = BgpFabric.computeExhaustively(b.intents(), b.routers(), record, BgpFabric.Underlay.NONE);
        assertEquals(full.sessionsUp(), fast.sessionsUp(), "sessions");
        for (String r : record) {
            assertEquals(full.routes(r), fast.routes(r), "routes of " + r);
            assertEquals(full.multipath(r), fast.multipath(r), "merged routes of " + r);
        }
        Set<Cidr> prefixes = new TreeSet<>();
        for (BgpIntent i : b.intents().values()) {
            if (i.family(4) != null) {
                prefixes.addAll(i.family(4).exportedPrefixes());
            }
        }
        int settled = 0;
        for (String n : b.nodes()) {
            for (Cidr p : prefixes) {
                assertEquals(full.learned(n, p), fast.learned(n, p), n + " learned " + p);
                if (!record.contains(n) && fast.learned(n, p)) {
                    settled++;
                }
            }
        }
        return settled;
    }

    @CalicoProperty(tries = 150)
    void settlingSinksAfterwardsChangesNoRouteAndNoLearnedPrefix(@GeneratedBy("clusters") Cluster c) {
        compare(c);
    }

    /** Prefixes propagate independently: on three threads the fabric is the same as on one, routes in the same order. */
    @CalicoProperty(tries = 60)
    void propagatingOnSeveralThreadsChangesNothing(@GeneratedBy("clusters") Cluster c) {
        Built b = build(c);
        Set<String> record = everyone(b);
        BgpFabric one = BgpFabric.compute(b.intents(), b.routers(), record, BgpFabric.Underlay.NONE, 1);
        BgpFabric three = BgpFabric.compute(b.intents(), b.routers(), record, BgpFabric.Underlay.NONE, 3);
        assertSame(one, three, b, record);
    }

    /** Every router and node, to record. */
    private static Set<String> everyone(Built b) {
        Set<String> record = new LinkedHashSet<>();
        b.routers().forEach(r -> record.add(r.name()));
        record.addAll(b.nodes());
        return record;
    }

    /** The same sessions, every recorded speaker's routes in the same order and merged routes, each node's learned prefixes. */
    private static void assertSame(BgpFabric expected, BgpFabric actual, Built b, Set<String> record) {
        assertEquals(expected.sessionsUp(), actual.sessionsUp(), "sessions");
        for (String r : record) {
            assertEquals(new ArrayList<>(expected.routes(r).entrySet()), new ArrayList<>(actual.routes(r).entrySet()), "routes of " + r);
            assertEquals(expected.multipath(r), actual.multipath(r), "merged routes of " + r);
            for (BgpIntent i : b.intents().values()) {
                if (i.family(4) != null && b.nodes().contains(r)) {
                    for (Cidr p : i.family(4).exportedPrefixes()) {
                        assertEquals(expected.learned(r, p), actual.learned(r, p), r + " learned " + p);
                    }
                }
            }
        }
    }

    /**
     * The fabric reads a mesh member's mesh sessions without making them ({@link BgpIntent.Family#mesh()}): it must
     * connect the same sessions, in the same order, as when it reads the sessions one by one (intents whose families hold
     * plain copies of their sessions, so without a mesh part), and so give every speaker the same routes.
     */
    @CalicoProperty(tries = 80)
    void readingMeshSessionsWithoutMakingThemChangesNothing(@GeneratedBy("clusters") Cluster c) {
        Built b = build(c);
        Set<String> record = everyone(b);
        Map<String, BgpIntent> plain = new java.util.LinkedHashMap<>();
        b.intents().forEach((name, i) -> plain.put(name, new BgpIntent(i.node(), i.routerId(), i.logLevel(), i.ignoredInterfaces(),
                plainCopy(i.v4()), plainCopy(i.v6()))));
        boolean meshOn = !c.flag(2);
        assertEquals(meshOn && b.nodes().size() - c.reflectors() > 1, b.intents().values().stream()
                .anyMatch(i -> i.family(4) != null && i.family(4).mesh().filter(m -> m.size() > 0).isPresent()), "a mesh part when the mesh is on");
        assertTrue(plain.values().stream().allMatch(i -> i.family(4) == null || i.family(4).mesh().isEmpty()));
        BgpFabric viaMesh = BgpFabric.compute(b.intents(), b.routers(), record, BgpFabric.Underlay.NONE, 1);
        BgpFabric oneByOne = BgpFabric.compute(plain, b.routers(), record, BgpFabric.Underlay.NONE, 1);
        assertSame(oneByOne, viaMesh, b, record);
    }

    private static BgpIntent.@org.jspecify.annotations.Nullable Family plainCopy(BgpIntent.@org.jspecify.annotations.Nullable Family f) {
        return f == null ? null : new BgpIntent.Family(f.address(), f.network(), f.asNumber(), f.listenPort(), f.listenAddress(),
                f.normalRoutePriority(), new ArrayList<>(f.sessions()), f.localBlocks(), f.releasingBlocks(), f.borrowed(), f.pools(),
                f.staticRoutes(), f.rejectCidrs(), f.rrExtraRanges(), f.communities(), Set.copyOf(f.ipipTunnelPeers()), f.isRouteReflector());
    }

    /**
     * A router's eBGP peers in two ASes: what it heard from the first AS goes back to none of that AS (their AS-path
     * check drops it, which the fabric decides once for a group of alike edges) but to every peer of the other AS. With
     * the mesh off, n2 (AS 64601) learns n1's (AS 64512) block only from the router, whose first edge is n1's.
     */
    @Test
    void aRouterPassesOnToPeersOfAnotherAsWhatItsFirstPeersDrop() {
        compare(new Cluster(List.of(0, 3, 0, 3), List.of(0), List.of(0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 2)));
        Built b = build(new Cluster(List.of(0, 3), List.of(0), List.of(0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0)));
        BgpFabric fast = BgpFabric.compute(b.intents(), b.routers(), Set.of("r1"), BgpFabric.Underlay.NONE);
        for (Cidr p : b.intents().get("n1").family(4).exportedPrefixes()) {
            assertTrue(fast.learned("n2", p), "n2 learned " + p + " through r1");
        }
    }

    /** The property is not vacuous: in these clusters most nodes are sinks, and they learn routes. */
    @Test
    void reflectorClientsAndMeshMembersAreSettledAndLearn() {
        // four nodes on one subnet, one reflector, mesh off; then a mesh of the same without peers
        assertTrue(compare(new Cluster(List.of(0, 0, 0, 0), List.of(0), List.of(1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0))) >= 6);
        assertTrue(compare(new Cluster(List.of(0, 0, 0, 0), List.of(), List.of(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0))) >= 12);
    }
}
