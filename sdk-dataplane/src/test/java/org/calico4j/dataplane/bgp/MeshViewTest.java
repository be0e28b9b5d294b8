package org.calico4j.dataplane.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * A mesh member's sessions and IPIP tunnel peers are views over one table of the mesh: they must read as the lists
 * they stand for, sessions sorted by name with the member's own peerings before and after the mesh's, tunnel peers
 * as the sessions give them (a node peer once, whether by the mesh or by a BGPPeer), and a Family holding them must
 * equal one holding plain copies.
 */
class MeshViewTest {
    @Test
    void meshSessionsAndTunnelPeersReadAsThePlainListsTheyStandFor() {
        for (String ipip : List.of("Always", "CrossSubnet")) {
            try (ClusterC c = ClusterC.build(p -> p.ipipMode(ipip))) {
                for (int i = 4; i <= 9; i++) {
                    c.node("n" + i, "10.0." + (i % 3) + "." + (10 + i) + "/24", null, null);
                }
                // A route reflector (out of the mesh), a global peer at a mesh member's address, a node peer named after the mesh.
                c.client.nodes().withName("n9").edit(x -> x.withSpec(NodeSpec.builder().from(x.spec())
                        .bgp(NodeBgpSpec.builder().from(x.spec().bgp().orElseThrow()).routeReflectorClusterID("244.0.0.1").build()).build()));
                // A member in an AS of its own: its peers expect it there, it expects theirs to be its own (confd's fallback).
                c.client.nodes().withName("n4").edit(x -> x.withSpec(NodeSpec.builder().from(x.spec())
                        .bgp(NodeBgpSpec.builder().from(x.spec().bgp().orElseThrow()).asNumber(AsNumber.of(64999)).build()).build()));
                c.client.bgpPeers().create(BgpPeer.builder().name("to-n5").spec(BgpPeerSpec.builder().peerIP("10.0.2.15")
                        .asNumber(AsNumber.of(64512)).build()).build());
                c.client.bgpPeers().create(BgpPeer.builder().name("tor").spec(BgpPeerSpec.builder().node("n1").peerIP("10.0.0.1")
                        .asNumber(AsNumber.of(65001)).build()).build());
                Map<String, BgpIntent> all = BgpIntents.compute(c.allResources(), SecretResolver.none());
                int meshMembers = 8; // n1-n8; n9 reflects
                for (BgpIntent i : all.values()) {
                    BgpIntent.Family f = i.family(4);
                    List<BgpSession> plain = new ArrayList<>(f.sessions());
                    List<String> names = plain.stream().map(BgpSession::name).toList();
                    assertEquals(names.stream().sorted().toList(), names, i.node() + ": sorted by name");
                    assertEquals(new TreeSet<>(names).size(), names.size(), i.node() + ": each once");
                    long mesh = plain.stream().filter(s -> s.kind() == BgpSession.Kind.MESH).count();
                    assertEquals(i.node().equals("n9") ? 0 : meshMembers - 1, mesh, i.node());
                    assertFalse(names.contains("Mesh_" + f.address().toString().replace('.', '_')), i.node() + ": not with itself");
                    for (int k = 0; k < plain.size(); k++) {
                        assertEquals(plain.get(k), f.sessions().get(k));
                    }
                    // The mesh part read without sessions says what the sessions say, over one members list for all.
                    if (mesh > 0) {
                        MeshSessions m = f.mesh().orElseThrow();
                        assertEquals(mesh, m.size(), i.node());
                        assertTrue(m.members() == all.get("n1").family(4).mesh().orElseThrow().members(), "one members list for the mesh");
                        assertEquals(meshMembers, m.members().size());
                        for (int k = 0; k < m.size(); k++) {
                            BgpSession s = plain.get(m.start() + k);
                            assertEquals(BgpSession.Kind.MESH, s.kind(), i.node() + " session " + (m.start() + k));
                            assertEquals(s, m.session(k));
                            assertEquals(s.peerIp(), m.members().get(m.member(k)));
                            assertEquals(s.peerAs(), m.peerAs(k));
                        }
                        assertEquals(m.start() == 0 ? "" : "not mesh", m.start() == 0 ? "" : plain.get(m.start() - 1).kind() == BgpSession.Kind.MESH
                                ? "mesh" : "not mesh", "the mesh starts at start()");
                    } else {
                        assertTrue(f.mesh().isEmpty(), i.node() + ": out of the mesh");
                    }
                    // The tunnel peers as the sessions give them, computed plainly.
                    Set<IpAddress> expected = new TreeSet<>();
                    Cidr net = f.network();
                    for (BgpSession s : plain) {
                        boolean node = all.values().stream().anyMatch(o -> s.peerIp().equals(o.family(4).address()));
                        if (node && (ipip.equals("Always") || !net.containsAddress(s.peerIp()))) {
                            expected.add(s.peerIp());
                        }
                    }
                    assertEquals(expected, new TreeSet<>(f.ipipTunnelPeers()), i.node() + " " + ipip);
                    assertEquals(expected.size(), f.ipipTunnelPeers().size());
                    expected.forEach(ip -> assertTrue(f.ipipTunnelPeers().contains(ip)));
                    assertFalse(f.ipipTunnelPeers().contains(f.address()));
                    BgpIntent.Family copy = new BgpIntent.Family(f.address(), f.network(), f.asNumber(), f.listenPort(), f.listenAddress(),
                            f.normalRoutePriority(), plain, f.localBlocks(), f.releasingBlocks(), f.borrowed(), f.pools(), f.staticRoutes(),
                            f.rejectCidrs(), f.rrExtraRanges(), f.communities(), Set.copyOf(f.ipipTunnelPeers()), f.isRouteReflector());
                    assertEquals(copy, f);
                    assertEquals(copy.hashCode(), f.hashCode());
                }
                assertTrue(all.get("n1").family(4).sessions().stream().anyMatch(s -> s.name().equals("Global_10_0_2_15")), "the global peer at n5 (beside Mesh_10_0_2_15)");
                assertTrue(all.get("n1").family(4).sessions().stream().anyMatch(s -> s.name().startsWith("Node_")), "n1's node peer");
            }
        }
    }
}
