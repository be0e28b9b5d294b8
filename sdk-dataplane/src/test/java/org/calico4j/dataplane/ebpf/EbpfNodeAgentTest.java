package org.calico4j.dataplane.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;

import org.calico4j.dataplane.NodeAgent;
import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.NodeBgpSpec;
import org.calico4j.model.NodeSpec;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@link NodeAgent} driving the eBPF dataplane on real maps (namespace {@code c4j-eba-n1}): the other nodes'
 * IPIP tunnel addresses reach {@code cali_v4_routes} as {@code remote host tunneled} entries through the
 * calculation's state, with no node list given to the dataplane, and follow a node's change.
 */
@Timeout(120)
class EbpfNodeAgentTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void remoteTunnelEntriesComeFromTheAgentAndFollowANodesTunnelAddress() throws Exception {
        Path root = EbpfCheck.requireKernel();
        String ns = "c4j-eba-n1";
        CommandRunner.system().run(List.of("ip", "netns", "del", ns), Duration.ofSeconds(10));
        try (Netns netns = Netns.create(ns); ClusterC c = ClusterC.build(p -> p.ipipMode("Always"));
             EbpfDataplane dp = EbpfDataplane.builder("eba-n1").bpffs(root).netns(ns).build();
             NodeAgent agent = NodeAgent.builder().client(c.client).node("n1").dataplane(dp).resyncInterval(Duration.ZERO).start()) {
            assertTrue(agent.awaitRevision(c.client.datastore().revision(), WAIT));
            SortedMap<Cidr, RouteEntry> dump = dp.dumpRoutesMap();
            RouteEntry n2Tunnel = dump.get(Cidr.parse("10.244.2.0/32"));
            assertEquals(RouteEntry.withNextHop(Cidr.parse("10.244.2.0/32"), 0x053, IpAddress.parse("10.0.0.12")), n2Tunnel,
                    "dataplane-scenarios.md Case 25: n2's tunnel IP, remote host in-pool nat-out tunneled via n2; dump " + dump);
            assertEquals(0x053, dump.get(Cidr.parse("10.244.3.0/32")).flags());
            assertEquals(RouteEntry.withNextHop(Cidr.parse("10.244.2.0/26"), 0x047, IpAddress.parse("10.0.0.12")),
                    dump.get(Cidr.parse("10.244.2.0/26")));

            c.client.nodes().withName("n2").edit(n -> n.withSpec(NodeSpec.builder().from(n.spec())
                    .bgp(NodeBgpSpec.builder().from(n.spec().bgp().orElseThrow()).ipv4IPIPTunnelAddr("10.244.2.1").build()).build()));
            assertTrue(agent.awaitRevision(c.client.datastore().revision(), WAIT));
            dump = dp.dumpRoutesMap();
            assertNull(dump.get(Cidr.parse("10.244.2.0/32")), "the old tunnel address is gone: " + dump);
            assertEquals(0x053, dump.get(Cidr.parse("10.244.2.1/32")).flags());
            assertEquals(dp.routesMap(), dump);
        }
    }
}
