package org.calico4j.dataplane.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.BgpPassword;
import org.calico4j.model.BgpPeer;
import org.calico4j.model.BgpPeerSpec;
import org.calico4j.model.Node;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.ObjectMeta;
import org.calico4j.model.SecretKeyRef;
import org.calico4j.model.ServiceIpBlock;
import org.calico4j.model.net.AsNumber;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real BIRD 2 in network namespaces, configured from calico4j's rendering: the external-connectivity
 * guide's inbound case (a ToR router learns the nodes' blocks over eBGP), a route-reflector topology,
 * disableBGPExport, service cluster IP advertisement, and a TCP MD5 password.
 */
@Timeout(180)
class BirdNetnsTest {
    private static final Duration CONVERGE = Duration.ofSeconds(60);

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    private static String tor(List<String[]> neighbours, String password) {
        StringBuilder sb = new StringBuilder("router id 10.0.0.1;\nprotocol device { scan time 2; }\n"
                + "protocol kernel { ipv4 { import none; export all; }; }\n");
        for (String[] n : neighbours) {
            sb.append("protocol bgp ").append(n[0]).append(" {\n  local 10.0.0.1 as 65001;\n  neighbor ").append(n[1])
                    .append(" as 64512;\n").append(password == null ? "" : "  password \"" + password + "\";\n")
                    .append("  ipv4 { import all; export none; };\n}\n");
        }
        return sb.toString();
    }

    private static Map<Cidr, IpAddress> learned(BirdController b) {
        return b.routes().stream().filter(r -> r.via() != null && r.primary())
                .collect(Collectors.toMap(BirdController.Route::prefix, BirdController.Route::via, (x, y) -> x));
    }

    /** Cluster C's n1 and n2 (n3 left out) with the mesh off and the ToR as a global BGPPeer. */
    private static ClusterC torCluster(String secret) {
        ClusterC c = ClusterC.build(p -> p);
        c.client.nodes().withName("n3").delete();
        c.bgp(b -> b.nodeToNodeMeshEnabled(false).addServiceClusterIPs(ServiceIpBlock.builder().cidr("10.96.0.0/12").build()));
        BgpPeerSpec.Builder tor = BgpPeerSpec.builder().peerIP("10.0.0.1").asNumber(AsNumber.of(65001));
        if (secret != null) {
            tor.password(BgpPassword.builder().secretKeyRef(SecretKeyRef.builder().name("bgp").key("tor").build()).build());
        }
        c.client.bgpPeers().create(BgpPeer.builder().name("tor").spec(tor.build()).build());
        c.pool("quiet", p -> p.cidr("10.245.0.0/16").disableBGPExport(true));
        c.pod("n1", "q1", "10.245.1.5", "caliq1");
        return c;
    }

    @Test
    void aTorLearnsEveryNodesBlocksButNotTheUnexportedPool() throws Exception {
        try (ClusterC c = torCluster(null); Lab lab = new Lab()) {
            Netns tor = lab.add("tor");
            tor.veth("eth0", lab.sw, "ptor");
            lab.sw.ip("link", "set", "ptor", "master", "br0");
            tor.ip("addr", "add", "10.0.0.1/24", "dev", "eth0");
            Netns n1 = lab.host("n1", "10.0.0.11/24");
            Netns n2 = lab.host("n2", "10.0.0.12/24");
            Map<String, BgpIntent> intents = BgpIntents.compute(c.allResources(), SecretResolver.none());
            BirdController torBird = lab.bird(tor);
            torBird.apply(tor(List.of(new String[] {"n1", "10.0.0.11"}, new String[] {"n2", "10.0.0.12"}), null));
            BirdController b1 = lab.bird(n1);
            b1.apply(BirdConfig.render(intents.get("n1")));
            BirdController b2 = lab.bird(n2);
            b2.apply(BirdConfig.render(intents.get("n2")));
            await("the ToR to learn both blocks", () -> learned(torBird).keySet().containsAll(List.of(Cidr.parse("10.244.1.0/26"),
                    Cidr.parse("10.244.2.0/26"))));
            Map<Cidr, IpAddress> routes = learned(torBird);
            assertEquals(IpAddress.parse("10.0.0.11"), routes.get(Cidr.parse("10.244.1.0/26")), "next hop: the owning node");
            assertEquals(IpAddress.parse("10.0.0.12"), routes.get(Cidr.parse("10.244.2.0/26")));
            assertTrue(b1.protocols().stream().anyMatch(p -> p.name().equals("Global_10_0_0_1") && p.established()), b1.protocols()::toString);
            await("the service range from the nodes", () -> learned(torBird).containsKey(Cidr.parse("10.96.0.0/12")));
            assertFalse(learned(torBird).containsKey(Cidr.parse("10.245.1.0/26")), "disableBGPExport keeps n1's 10.245.1.0/26 home");
            String torKernel = tor.ip("route", "show").stdout();
            assertTrue(torKernel.contains("10.244.1.0/26 via 10.0.0.11"), torKernel);
            String n1Kernel = n1.ip("route", "show").stdout();
            assertTrue(n1Kernel.contains("blackhole 10.244.1.0/26"), n1Kernel);
            assertFalse(n1Kernel.contains("10.96.0.0/12 via"), "service ranges are never programmed from BGP");
            // A reconfiguration in place: the service range goes away.
            c.bgp(b -> b.nodeToNodeMeshEnabled(false));
            b1.apply(BirdConfig.render(BgpIntents.compute(c.allResources(), SecretResolver.none()).get("n1")));
            b2.apply(BirdConfig.render(BgpIntents.compute(c.allResources(), SecretResolver.none()).get("n2")));
            await("the service range to be withdrawn", () -> !learned(torBird).containsKey(Cidr.parse("10.96.0.0/12")));
            assertThrows(CommandRunner.CommandException.class, () -> b1.apply("router id 1.2.3.4;\nprotocol bogus {}\n"),
                    "a configuration BIRD refuses is not applied");
            assertTrue(b1.running());
        }
    }

    @Test
    void routeReflectorClientsLearnEachOthersBlocksWithTheOriginalNextHop() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p); Lab lab = new Lab()) {
            c.client.nodes().withName("n3").delete();
            c.bgp(b -> b.nodeToNodeMeshEnabled(false));
            c.client.nodes().create(Node.builder().metadata(ObjectMeta.builder().name("rr1").putLabels("route-reflector", "true").build())
                    .spec(NodeSpec.builder().bgp(NodeBgpSpec.builder().ipv4Address("10.0.0.5/24").routeReflectorClusterID("244.0.0.1").build())
                            .build()).build());
            c.client.bgpPeers().create(BgpPeer.builder().name("to-rr").spec(BgpPeerSpec.builder().nodeSelector("all()")
                    .peerSelector("route-reflector == 'true'").build()).build());
            Map<String, BgpIntent> intents = BgpIntents.compute(c.allResources(), SecretResolver.none());
            BirdController rr = lab.bird(lab.host("rr1", "10.0.0.5/24"));
            BirdController b1 = lab.bird(lab.host("n1", "10.0.0.11/24"));
            BirdController b2 = lab.bird(lab.host("n2", "10.0.0.12/24"));
            rr.apply(BirdConfig.render(intents.get("rr1")));
            b1.apply(BirdConfig.render(intents.get("n1")));
            b2.apply(BirdConfig.render(intents.get("n2")));
            await("n2 to learn n1's block through the reflector", () -> learned(b2).containsKey(Cidr.parse("10.244.1.0/26")));
            assertEquals(IpAddress.parse("10.0.0.11"), learned(b2).get(Cidr.parse("10.244.1.0/26")), "iBGP keeps n1 as next hop");
            await("n1 to learn n2's block", () -> learned(b1).containsKey(Cidr.parse("10.244.2.0/26")));
            assertEquals(2, rr.protocols().stream().filter(BirdController.Protocol::established).count(), rr.protocols()::toString);
        }
    }

    @Test
    void aBgpPasswordProtectsTheSessionAndStaysOutOfReadableFiles() throws Exception {
        try (ClusterC c = torCluster("secret"); Lab lab = new Lab()) {
            Netns tor = lab.add("tor");
            tor.veth("eth0", lab.sw, "ptor");
            lab.sw.ip("link", "set", "ptor", "master", "br0");
            tor.ip("addr", "add", "10.0.0.1/24", "dev", "eth0");
            Netns n1 = lab.host("n1", "10.0.0.11/24");
            BgpIntent i = BgpIntents.compute(c.allResources(), SecretResolver.of(Map.of("bgp/tor", "md5-s3cret"))).get("n1");
            BirdController torBird = lab.bird(tor);
            torBird.apply(tor(List.<String[]>of(new String[] {"n1", "10.0.0.11"}), "md5-s3cret"));
            BirdController b1 = lab.bird(n1);
            b1.apply(BirdConfig.render(i));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(b1.configFile())),
                    "a configuration with a password is readable by its owner only");
            await("the MD5-protected session", () -> torBird.protocols().stream().anyMatch(BirdController.Protocol::established));
            await("the block over it", () -> learned(torBird).containsKey(Cidr.parse("10.244.1.0/26")));
        }
    }

    @Test
    void theNodeAgentKeepsBirdInStepWithTheDatastore() throws Exception {
        try (ClusterC c = torCluster(null); Lab lab = new Lab();
             org.calico4j.dataplane.memory.MemoryDataplane dp = new org.calico4j.dataplane.memory.MemoryDataplane("n1")) {
            Netns tor = lab.add("tor");
            tor.veth("eth0", lab.sw, "ptor");
            lab.sw.ip("link", "set", "ptor", "master", "br0");
            tor.ip("addr", "add", "10.0.0.1/24", "dev", "eth0");
            Netns n1 = lab.host("n1", "10.0.0.11/24");
            BirdController torBird = lab.bird(tor);
            torBird.apply(tor(List.<String[]>of(new String[] {"n1", "10.0.0.11"}), null));
            BirdController b1 = lab.bird(n1);
            try (org.calico4j.dataplane.NodeAgent agent = org.calico4j.dataplane.NodeAgent.builder().client(c.client).node("n1")
                    .dataplane(dp).bird(b1, SecretResolver.none()).start()) {
                assertTrue(agent.awaitRevision(c.client.datastore().revision(), CONVERGE));
                await("the ToR to learn n1's block", () -> learned(torBird).containsKey(Cidr.parse("10.244.1.0/26")));
                // A pod in a new block of n1: the agent re-renders, BIRD reconfigures, the ToR learns it.
                c.pod("n1", "late", "10.244.7.9", "calilate");
                await("the ToR to learn n1's new block", () -> learned(torBird).containsKey(Cidr.parse("10.244.7.0/26")));
                assertEquals(IpAddress.parse("10.0.0.11"), learned(torBird).get(Cidr.parse("10.244.7.0/26")));
            }
        }
    }
    /**
     * Issue 14 item 6, IPIP with BIRD-owned routes (v3.32.1's default) on a real kernel and real BIRD 2. These kernels
     * have no ipip module (nor dummy), so each node's {@code tunl0} is one end of a veth pair standing in for the IPIP tunnel:
     * what is checked is the routing, not encapsulation. A learned block must be programmed
     * {@code via <peer> dev tunl0 onlink}, while the peer's own address keeps its underlay route (the helper
     * {@code <peer>/32} stays inside BIRD), so the BGP session itself never goes into the tunnel.
     */
    @Test
    void ipipRoutesGoThroughTunl0WhileTheSessionStaysOnTheUnderlay() throws Exception {
        try (ClusterC c = ClusterC.build(p -> p.ipipMode("Always")); Lab lab = new Lab()) {
            c.client.nodes().withName("n3").delete();
            Netns n1 = lab.host("n1", "10.0.0.11/24");
            Netns n2 = lab.host("n2", "10.0.0.12/24");
            for (Netns n : List.of(n1, n2)) {
                // Stand-in for the IPIP device: a veth pair (these kernels have neither the ipip nor the dummy module).
                n.ip("link", "add", "tunl0", "type", "veth", "peer", "name", "tunl0peer");
                n.ip("link", "set", "tunl0peer", "up");
                n.ip("link", "set", "tunl0", "up");
            }
            Map<String, BgpIntent> intents = BgpIntents.compute(c.allResources(), SecretResolver.none());
            BirdController b1 = lab.bird(n1);
            BirdController b2 = lab.bird(n2);
            b1.apply(BirdConfig.render(intents.get("n1")));
            b2.apply(BirdConfig.render(intents.get("n2")));
            await("n1's kernel to route n2's block through tunl0",
                    () -> n1.ip("route", "show", "10.244.2.0/26").stdout().contains("via 10.0.0.12 dev tunl0"));
            String route = n1.ip("route", "show", "10.244.2.0/26").stdout();
            assertTrue(route.contains("onlink"), route);
            assertEquals("", n1.ip("route", "show", "exact", "10.0.0.12/32").stdout().strip(),
                    "the helper route for the peer's address stays in BIRD");
            assertTrue(n1.ip("route", "get", "10.0.0.12").stdout().contains("dev eth0"), "the session's packets use the underlay");
            await("the mesh session", () -> b1.protocols().stream().anyMatch(p -> p.name().equals("Mesh_10_0_0_12") && p.established()));
            Thread.sleep(3000);
            assertTrue(b1.protocols().stream().anyMatch(p -> p.name().equals("Mesh_10_0_0_12") && p.established()), b1.protocols()::toString);
            assertTrue(n2.ip("route", "show", "10.244.1.0/26").stdout().contains("via 10.0.0.11 dev tunl0"));
        }
    }
}
