package org.calico4j.dataplane.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.calico4j.client.spi.ResourceKey;
import org.calico4j.dataplane.Dataplane;
import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.IpSets;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.RouteInfo;
import org.calico4j.dataplane.RouteOwner;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.calc.Calculation;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Kind;
import org.calico4j.model.Resource;
import org.calico4j.model.ServiceIpBlock;
import org.calico4j.model.ipam.IpamBlock;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.calico4j.model.net.Port;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Dataplane contract, as observable results on the scenarios of {@code dataplane-scenarios.md}
 * (cluster C; case numbers in the test names): for a node's state and a packet, delivered / forwarded /
 * dropped, the source after SNAT, the encapsulation and outer addresses, the route used. Every
 * implementation extends this class and passes it unchanged.
 *
 * <pre>{@code
 * class MyDataplaneTckTest extends DataplaneTck {
 *     protected Dataplane open(String node) { return new MyDataplane(node); }
 * }
 * }</pre>
 */
public abstract class DataplaneTck {
    private ClusterC cluster;
    private Dataplane dp;

    /** A new dataplane for {@code node}; the suite closes it. */
    protected abstract Dataplane open(String node);

    @AfterEach
    void tearDown() {
        if (dp != null) {
            dp.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private ClusterC cluster(UnaryOperator<IpPoolSpec.Builder> pool) {
        cluster = ClusterC.build(pool);
        return cluster;
    }

    /** Node {@code node}'s dataplane, programmed by a full resync from the cluster as it stands. */
    private Dataplane on(String node) {
        if (dp != null) {
            dp.close();
        }
        dp = open(node);
        dp.resync(cluster.stateOf(node));
        return dp;
    }

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    private static void forwardedPlain(Verdict v) {
        assertEquals(Verdict.Action.FORWARD, v.action(), v::toString);
        assertEquals(Encap.NONE, v.encap(), v::toString);
    }

    // ------------------------------------------------------------------ A. NAT outgoing

    @Test
    void case01PodToInternetIsMasqueradedToTheNodeAddress() {
        cluster(p -> p);
        Verdict v = on("n1").evaluate(Packet.tcp("10.244.1.5", "93.184.216.34", 443));
        forwardedPlain(v);
        assertEquals(ip("10.0.0.11"), v.sourceSeen(), v::toString);
        assertEquals("eth0", v.device());
        assertEquals(Set.of(Cidr.parse(ClusterC.POOL)), dp.state().ipSet(IpSets.masq(4)));
        assertEquals(Set.of(Cidr.parse(ClusterC.POOL)), dp.state().ipSet(IpSets.network(4)));
    }

    @Test
    void case02WithoutNatOutgoingThePodAddressLeavesUnchanged() {
        cluster(p -> p.natOutgoing(false));
        Verdict v = on("n1").evaluate(Packet.tcp("10.244.1.5", "93.184.216.34", 443));
        forwardedPlain(v);
        assertNull(v.snatTo(), v::toString);
        assertEquals(ip("10.244.1.5"), v.sourceSeen());
        assertTrue(dp.state().ipSet(IpSets.masq(4)).isEmpty());
    }

    @Test
    void case03PodToPodAcrossNodesIsNeverMasqueraded() {
        cluster(p -> p.ipipMode("Always"));
        Verdict v = on("n1").evaluate(Packet.tcp("10.244.1.5", "10.244.2.7", 80));
        assertEquals(Verdict.Action.FORWARD, v.action());
        assertNull(v.snatTo(), v::toString);
        assertEquals(Encap.IPIP, v.encap());
    }

    @Test
    void case05OnlyTrafficFromANatPoolToOutsideEveryPoolIsMasqueraded() {
        cluster(p -> p);
        cluster.pool("q", q -> q.cidr("10.250.0.0/16"));
        cluster.pod("n2", "q1", "10.250.0.4", "caliq1");
        assertNull(on("n1").evaluate(Packet.tcp("10.244.1.5", "10.250.0.4", 80)).snatTo(), "p1 -> q1: Q is a pool");
        assertEquals(ip("10.0.0.11"), dp.evaluate(Packet.tcp("10.244.1.5", "8.8.8.8", 53)).sourceSeen(), "p1 -> Internet");
        assertEquals(Set.of(Cidr.parse(ClusterC.POOL)), dp.state().ipSet(IpSets.masq(4)));
        assertEquals(Set.of(Cidr.parse(ClusterC.POOL), Cidr.parse("10.250.0.0/16")), dp.state().ipSet(IpSets.network(4)));
        assertNull(on("n2").evaluate(Packet.tcp("10.250.0.4", "8.8.8.8", 53)).snatTo(), "q1 -> Internet: Q has no natOutgoing");
    }

    @Test
    void case06NatOutgoingAddressIsUsedInsteadOfMasquerade() {
        cluster(p -> p);
        cluster.felix("default", f -> f.natOutgoingAddress("203.0.113.10"));
        Verdict v = on("n1").evaluate(Packet.tcp("10.244.1.5", "93.184.216.34", 443));
        assertEquals(ip("203.0.113.10"), v.snatTo(), v::toString);
    }

    @Test
    void case07NatPortRangeAppliesToTcpAndUdpOnly() {
        cluster(p -> p);
        cluster.felix("default", f -> f.natPortRange(Port.parse("32768:65535")));
        Verdict tcp = on("n1").evaluate(Packet.tcp("10.244.1.5", "93.184.216.34", 443));
        assertEquals("32768-65535", tcp.snatPorts());
        assertEquals("32768-65535", dp.evaluate(Packet.udp("10.244.1.5", "93.184.216.34", 53)).snatPorts());
        Verdict icmp = dp.evaluate(Packet.icmp("10.244.1.5", "93.184.216.34"));
        assertEquals(ip("10.0.0.11"), icmp.snatTo());
        assertNull(icmp.snatPorts(), "ICMP falls through to the plain MASQUERADE rule");
    }

    @Test
    void case09ADisabledPoolKeepsItsNatAndRoutes() {
        cluster(p -> p.ipipMode("Always"));
        cluster.client.ipPools().withName("p").edit(p -> p.withSpec(IpPoolSpec.builder().from(p.spec()).disabled(true).build()));
        Verdict out = on("n1").evaluate(Packet.tcp("10.244.1.5", "93.184.216.34", 443));
        assertEquals(ip("10.0.0.11"), out.sourceSeen());
        assertEquals(Encap.IPIP, dp.evaluate(Packet.tcp("10.244.1.5", "10.244.2.7", 80)).encap());
    }

    @Test
    void case10ALoadBalancerOnlyPoolIsNotExemptFromNat() {
        cluster(p -> p);
        cluster.pool("lb", l -> l.cidr("198.51.100.0/24").natOutgoing(true).addAllowedUses("LoadBalancer"));
        Verdict v = on("n1").evaluate(Packet.tcp("10.244.1.5", "198.51.100.20", 443));
        assertEquals(ip("10.0.0.11"), v.snatTo(), v::toString);
        assertFalse(dp.state().ipSet(IpSets.network(4)).contains(Cidr.parse("198.51.100.0/24")));
        assertTrue(dp.state().ipSet(IpSets.masq(4)).contains(Cidr.parse("198.51.100.0/24")));
    }

    @Test
    void case11HostTrafficLeavingTheTunnelIsMasqueradedToTheTunnelAddress() {
        cluster(p -> p.ipipMode("Always"));
        Verdict v = on("n1").evaluate(Packet.tcp("10.0.0.11", "10.244.2.7", 80));
        assertEquals(Encap.IPIP, v.encap());
        assertEquals(ip("10.244.1.0"), v.snatTo(), v::toString);
        assertNull(dp.evaluate(Packet.tcp("10.244.1.0", "10.244.2.7", 80)).snatTo(), "already the tunnel address");
    }

    @Test
    void case12bIpv6PoolsMasqueradeToTheNodesIpv6Address() {
        cluster(p -> p);
        cluster.client.nodes().withName("n1").edit(n -> n.withSpec(org.calico4j.model.NodeSpec.builder().from(n.spec())
                .bgp(org.calico4j.model.NodeBgpSpec.builder().from(n.spec().bgp().orElseThrow()).ipv6Address("fd00::11/64").build()).build()));
        cluster.pool("v6", p -> p.cidr("fd00:10:244::/48").natOutgoing(true));
        cluster.pod("n1", "p1v6", "fd00:10:244::5", "cali1v6");
        Verdict v = on("n1").evaluate(Packet.tcp("fd00:10:244::5", "2606:2800:220:1::1", 443));
        assertEquals(ip("fd00::11"), v.snatTo(), v::toString);
        assertEquals(Set.of(Cidr.parse("fd00:10:244::/48")), dp.state().ipSet(IpSets.masq(6)));
    }

    @Test
    void e3PodToANodeAddressIsMasqueradedUnlessHostIpsAreExcluded() {
        cluster(p -> p);
        assertEquals(ip("10.0.0.11"), on("n1").evaluate(Packet.tcp("10.244.1.5", "10.0.0.12", 22)).snatTo());
        cluster.felix("default", f -> f.natOutgoingExclusions("IPPoolsAndHostIPs"));
        Verdict v = on("n1").evaluate(Packet.tcp("10.244.1.5", "10.0.0.12", 22));
        assertNull(v.snatTo(), v::toString);
        assertEquals(ip("10.0.0.11"), dp.evaluate(Packet.tcp("10.244.1.5", "8.8.8.8", 53)).snatTo());
    }

    @Test
    void theInterfaceFilterLimitsNatOutgoingToMatchingDevices() {
        cluster(p -> p);
        cluster.felix("default", f -> f.iptablesNATOutgoingInterfaceFilter("eth1+"));
        assertNull(on("n1").evaluate(Packet.tcp("10.244.1.5", "8.8.8.8", 53)).snatTo());
        cluster.felix("node.n1", f -> f.iptablesNATOutgoingInterfaceFilter("eth+"));
        assertEquals(ip("10.0.0.11"), on("n1").evaluate(Packet.tcp("10.244.1.5", "8.8.8.8", 53)).snatTo(),
                "node.n1 overrides default");
    }

    // ------------------------------------------------------------------ B. Encapsulation and routes

    @Test
    void case14IpipAlwaysRoutesAreBirdsByDefault() {
        cluster(p -> p.ipipMode("Always"));
        Verdict same = on("n1").evaluate(Packet.tcp("10.244.1.5", "10.244.2.7", 80));
        assertEquals(Encap.IPIP, same.encap());
        assertEquals(ip("10.0.0.11"), same.outerSrc());
        assertEquals(ip("10.0.0.12"), same.outerDst());
        assertEquals("tunl0", same.device());
        assertEquals("10.244.2.0/26 via 10.0.0.12 dev tunl0 onlink proto bird", same.route());
        Verdict other = dp.evaluate(Packet.tcp("10.244.1.5", "10.244.3.9", 80));
        assertEquals(ip("10.0.1.13"), other.outerDst());
        assertEquals(RouteOwner.BIRD, dp.state().routes().get(Cidr.parse("10.244.1.0/26")).owner(), "local block blackhole by BIRD");
    }

    @Test
    void case13IpipRoutesAreFelixsWhenFelixProgramsClusterRoutes() {
        cluster(p -> p.ipipMode("Always"));
        cluster.felix("default", f -> f.programClusterRoutes("Enabled"));
        cluster.bgp(b -> b.programClusterRoutes("Disabled"));
        Verdict v = on("n1").evaluate(Packet.tcp("10.244.1.5", "10.244.3.9", 80));
        assertEquals("10.244.3.0/26 via 10.0.1.13 dev tunl0 onlink proto 80", v.route());
        assertEquals(RouteOwner.FELIX, dp.state().routes().get(Cidr.parse("10.244.1.0/26")).owner());
        assertTrue(dp.state().ipSet(IpSets.allHosts(4)).containsAll(Set.of(Cidr.parse("10.0.0.11/32"), Cidr.parse("10.0.0.12/32"),
                Cidr.parse("10.0.1.13/32"))), "IPIP: cali40all-hosts-net");
    }

    @Test
    void case15And16CrossSubnetEncapsulatesOnlyAcrossSubnets() {
        cluster(p -> p.ipipMode("CrossSubnet"));
        Verdict sameSubnet = on("n1").evaluate(Packet.tcp("10.244.1.5", "10.244.2.7", 80));
        assertEquals(Encap.NONE, sameSubnet.encap(), sameSubnet::toString);
        assertEquals("eth0", sameSubnet.device());
        assertTrue(sameSubnet.route().startsWith("10.244.2.0/26 via 10.0.0.12 dev eth0"), sameSubnet.route());
        Verdict across = dp.evaluate(Packet.tcp("10.244.1.5", "10.244.3.9", 80));
        assertEquals(Encap.IPIP, across.encap());
        assertEquals(ip("10.0.1.13"), across.outerDst());
        Verdict fromN3 = on("n3").evaluate(Packet.tcp("10.244.3.9", "10.244.2.7", 80));
        assertEquals(Encap.IPIP, fromN3.encap(), "n3's subnet does not hold n2");
    }

    @Test
    void case18VxlanRoutesGoViaTheRemoteVtep() {
        cluster(p -> p.vxlanMode("Always"));
        Verdict v = on("n1").evaluate(Packet.tcp("10.244.1.5", "10.244.2.7", 80));
        assertEquals(Encap.VXLAN, v.encap());
        assertEquals("vxlan.calico", v.device());
        assertEquals(ip("10.0.0.11"), v.outerSrc());
        assertEquals(ip("10.0.0.12"), v.outerDst());
        assertEquals("10.244.2.0/26 via 10.244.2.0 dev vxlan.calico onlink proto boot", v.route(), "v3.32.1 VXLAN routes carry no protocol");
        assertEquals(RouteInfo.PROTO_BOOT, dp.state().routes().get(Cidr.parse("10.244.2.0/26")).protocol());
        assertEquals(Set.of(Cidr.parse("10.0.0.12/32"), Cidr.parse("10.0.1.13/32")), dp.state().ipSet(IpSets.allVxlan(4)));
        assertNull(v.snatTo());
    }

    @Test
    void vxlanCrossSubnetRoutesWithinTheSubnetCarryProto80AndTunnelRoutesBoot() {
        cluster(p -> p.vxlanMode("CrossSubnet"));
        on("n1");
        assertEquals("10.244.2.0/26 via 10.0.0.12 dev eth0 onlink proto 80",
                dp.evaluate(Packet.tcp("10.244.1.5", "10.244.2.7", 80)).route(), "same subnet: Felix's no-encap route, proto 80");
        assertEquals("10.244.3.0/26 via 10.244.3.0 dev vxlan.calico onlink proto boot",
                dp.evaluate(Packet.tcp("10.244.1.5", "10.244.3.9", 80)).route(), "across subnets: VXLAN tunnel route, no protocol");
        assertEquals(RouteInfo.PROTO_FELIX, dp.state().routes().get(Cidr.parse("10.244.1.0/26")).protocol(), "local blackhole");
        assertEquals(RouteInfo.PROTO_BOOT, dp.state().routes().get(Cidr.parse("10.244.1.5/32")).protocol(), "workload route");
    }

    @Test
    void case20NoEncapRoutesAreBirdsAndPlain() {
        cluster(p -> p);
        Verdict v = on("n1").evaluate(Packet.tcp("10.244.1.5", "10.244.2.7", 80));
        assertEquals(Encap.NONE, v.encap());
        assertEquals("10.244.2.0/26 via 10.0.0.12 dev eth0 proto bird", v.route());
    }

    @Test
    void case21NoEncapRoutesAreFelixsWhenFelixOwnsThem() {
        cluster(p -> p);
        cluster.felix("default", f -> f.programClusterRoutes("Enabled"));
        cluster.bgp(b -> b.programClusterRoutes("Disabled"));
        on("n1");
        assertEquals(RouteOwner.FELIX, dp.state().routes().get(Cidr.parse("10.244.3.0/26")).owner());
        assertEquals("10.244.3.0/26 via 10.0.1.13 dev eth0 onlink proto 80", dp.evaluate(Packet.tcp("10.244.1.5", "10.244.3.9", 80)).route());
    }

    @Test
    void case22WhenNobodyProgramsClusterRoutesPodTrafficTakesTheDefaultRoute() {
        cluster(p -> p.ipipMode("Always"));
        cluster.bgp(b -> b.programClusterRoutes("Disabled"));
        Verdict v = on("n1").evaluate(Packet.tcp("10.244.1.5", "10.244.2.7", 80));
        assertEquals(RouteOwner.NONE, dp.state().routes().get(Cidr.parse("10.244.2.0/26")).owner());
        assertEquals(Encap.NONE, v.encap(), v::toString);
        assertEquals("default dev eth0", v.route());
    }

    @Test
    void case24ReleasingABlockRemovesItsRouteThroughADelta() {
        cluster(p -> p.ipipMode("Always"));
        Calculation calc = new Calculation("n1");
        for (Resource r : cluster.resources()) {
            calc.update(ResourceKey.of(r), r);
        }
        dp = open("n1");
        dp.resync(calc.state());
        assertEquals(Encap.IPIP, dp.evaluate(Packet.tcp("10.244.1.5", "10.244.2.7", 80)).encap());
        DataplaneDelta d = calc.update(ResourceKey.of(Kind.IPAM_BLOCK, IpamBlock.nameFor(Cidr.parse("10.244.2.0/26"))), null);
        assertEquals(Set.of(Cidr.parse("10.244.2.0/26")), d.routesRemoved());
        dp.apply(d);
        assertEquals("default dev eth0", dp.evaluate(Packet.tcp("10.244.1.5", "10.244.2.7", 80)).route());
        assertEquals(calc.state(), dp.state(), "applied deltas and the calculation agree");
    }

    @Test
    void case28ServiceRangesAreDroppedUnlessServiceLoopPreventionIsDisabled() {
        cluster(p -> p);
        cluster.bgp(b -> b.addServiceClusterIPs(ServiceIpBlock.builder().cidr("10.96.0.0/12").build()));
        Verdict v = on("n1").evaluate(Packet.tcp("10.244.1.5", "10.96.5.5", 80));
        assertEquals(Verdict.Action.DROP, v.action(), v::toString);
        assertEquals("cali-cidr-block", v.route());
        cluster.felix("default", f -> f.serviceLoopPrevention("Disabled"));
        assertEquals(Verdict.Action.FORWARD, on("n1").evaluate(Packet.tcp("10.244.1.5", "10.96.5.5", 80)).action());
    }

    @Test
    void localAddressesAreDeliveredAndUnusedOnesInTheLocalBlockBlackholed() {
        cluster(p -> p.ipipMode("Always"));
        Verdict toPod = on("n2").evaluate(Packet.tcp("10.244.1.5", "10.244.2.7", 80));
        assertEquals(Verdict.Action.DELIVER, toPod.action());
        assertEquals("cali2", toPod.device());
        assertEquals(Verdict.Action.DELIVER, dp.evaluate(Packet.tcp("10.0.0.11", "10.0.0.12", 22)).action());
        Verdict unused = dp.evaluate(Packet.tcp("10.244.1.5", "10.244.2.50", 80));
        assertEquals(Verdict.Action.DROP, unused.action(), unused::toString);
        assertTrue(unused.route().startsWith("blackhole 10.244.2.0/26"), unused.route());
    }

    @Test
    void aBorrowedAddressIsRoutedToTheNodeThatUsesIt() {
        cluster(p -> p.ipipMode("Always"));
        // 10.244.1.40 is in n1's block, but its pod runs on n2.
        cluster.client.ipam().assignIp(org.calico4j.client.ipam.AssignIpRequest.of(ip("10.244.1.40")).host("n2").handle("b"));
        cluster.endpoint("n2", "borrower", "10.244.1.40", "cali40");
        Verdict v = on("n3").evaluate(Packet.tcp("10.244.3.9", "10.244.1.40", 80));
        assertEquals(ip("10.0.0.12"), v.outerDst(), v::toString);
        assertTrue(v.route().startsWith("10.244.1.40/32 via 10.0.0.12"), v.route());
        assertEquals(ip("10.0.0.12"), on("n1").evaluate(Packet.tcp("10.244.1.5", "10.244.1.40", 80)).outerDst(),
                "n1 routes it away from its own blackholed block");
        assertEquals(Verdict.Action.DELIVER, on("n2").evaluate(Packet.tcp("10.244.3.9", "10.244.1.40", 80)).action());
    }

    @Test
    void verdictsExplainThemselves() {
        cluster(p -> p);
        Verdict v = on("n1").evaluate(Packet.tcp("10.244.1.5", "93.184.216.34", 443));
        assertTrue(v.reason().contains("cali-nat-outgoing"), v.reason());
        assertTrue(v.reason().contains("MASQUERADE to 10.0.0.11"), v.reason());
        List<String> r = on("n1").evaluate(Packet.tcp("10.244.1.5", "10.244.2.7", 80)).reasons();
        assertTrue(r.stream().anyMatch(x -> x.contains("no SNAT: destination is in IP pool 10.244.0.0/16")), r::toString);
    }

    @Test
    void theDataplaneReportsStatusAndCapabilities() {
        cluster(p -> p);
        on("n1");
        assertTrue(dp.status().healthy());
        assertEquals(1, dp.status().resyncs());
        assertTrue(dp.capabilities().encapsulations().contains(Encap.NONE));
    }
}
