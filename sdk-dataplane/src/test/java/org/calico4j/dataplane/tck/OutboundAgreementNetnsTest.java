package org.calico4j.dataplane.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.calico4j.dataplane.Dataplane;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.ebpf.EbpfCheck;
import org.calico4j.dataplane.ebpf.EbpfDataplane;
import org.calico4j.dataplane.iptables.IptablesDataplane;
import org.calico4j.dataplane.iptables.KernelLab;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.ServiceIpBlock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The outbound and eBPF scenarios of {@code dataplane-scenarios.md} with real packets, on the in-memory, iptables
 * and eBPF dataplanes side by side: node n1 of cluster C in a namespace, pod p1 ({@code 10.244.1.5} behind
 * {@code cali1}, wired as the CNI plugin does), and one "external" namespace on n1's network that holds every
 * destination the scenarios ping (the Internet address, n2's node address, a pod of another pool, an LB VIP, a
 * service IP) and counts the source addresses that reach it. For each scenario the observation (delivered or not,
 * the source the external host saw) must be the same from the in-memory verdict and from the two kernels, and
 * the one the conformance file expects. IPIP/VXLAN are not used on the wire (no IPIP module here): the pod-to-pod
 * case runs without encapsulation, its destination standing in for n2.
 */
@Timeout(300)
class OutboundAgreementNetnsTest {
    private static final String P1 = "10.244.1.5";
    private static final String N1 = "10.0.0.11";
    private static final String INTERNET = "93.184.216.34";
    /** Addresses the external namespace answers for, besides its own 10.0.0.100 on n1's network. */
    private static final List<String> DESTINATIONS = List.of(INTERNET, "10.0.0.12", "10.250.0.4", "198.51.100.20", "10.96.5.5", "10.244.2.7");
    private static final List<String> SOURCES = List.of(N1, P1, "203.0.113.10");

    /** What the external host observes of one ping from p1: whether it arrived and answered, and from which source. */
    record Observation(boolean delivered, @Nullable String sourceSeen) {
        static Observation of(Verdict v) {
            return v.action() == Verdict.Action.FORWARD ? new Observation(true, v.sourceSeen().toString()) : new Observation(false, null);
        }

        @Override
        public String toString() {
            return delivered ? "delivered from " + sourceSeen : "not delivered";
        }
    }

    /**
     * @param unprogrammed dataplanes that do not program what decides this scenario, left out of it (a known gap, said why)
     */
    record Scenario(String name, UnaryOperator<IpPoolSpec.Builder> pool, Consumer<ClusterC> more, String dst, Observation expected,
                    Map<String, String> unprogrammed) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Scenario s(String name, UnaryOperator<IpPoolSpec.Builder> pool, Consumer<ClusterC> more, String dst, @Nullable String seen) {
        return new Scenario(name, pool, more, dst, new Observation(seen != null, seen), Map.of());
    }

    static Stream<Scenario> scenarios() {
        Consumer<ClusterC> none = c -> { };
        return Stream.of(
                s("case01 pod to Internet, natOutgoing: the node's address", p -> p, none, INTERNET, N1),
                s("case02 no natOutgoing: the pod's address", p -> p.natOutgoing(false), none, INTERNET, P1),
                s("case03/E2 pod to pod in the pool: untouched", p -> p, none, "10.244.2.7", P1),
                s("case05 pod to a pod of another pool: untouched", p -> p, c -> c.pool("q", q -> q.cidr("10.250.0.0/16")), "10.250.0.4", P1),
                s("case05 with two pools, pod to Internet: the node's address", p -> p, c -> c.pool("q", q -> q.cidr("10.250.0.0/16")),
                        INTERNET, N1),
                s("case06 natOutgoingAddress", p -> p, c -> c.felix("default", f -> f.natOutgoingAddress("203.0.113.10")), INTERNET,
                        "203.0.113.10"),
                s("case07 natPortRange, ICMP: the plain masquerade", p -> p,
                        c -> c.felix("default", f -> f.natPortRange(org.calico4j.model.net.Port.parse("32768:65535"))), INTERNET, N1),
                s("case09 disabled pool keeps its NAT", p -> p, c -> c.client.ipPools().withName("p")
                        .edit(x -> x.withSpec(IpPoolSpec.builder().from(x.spec()).disabled(true).build())), INTERNET, N1),
                s("case10 LoadBalancer-only pool is not exempt", p -> p,
                        c -> c.pool("lb", l -> l.cidr("198.51.100.0/24").natOutgoing(true).addAllowedUses("LoadBalancer")), "198.51.100.20", N1),
                s("E3 pod to a node address: masqueraded", p -> p, none, "10.0.0.12", N1),
                s("E3 with IPPoolsAndHostIPs: not masqueraded", p -> p, c -> c.felix("default", f -> f.natOutgoingExclusions("IPPoolsAndHostIPs")),
                        "10.0.0.12", P1),
                new Scenario("case28 service range dropped (iptables: filter cali-FORWARD -> cali-cidr-block; eBPF: the tc program on the blackhole-drop entry)", p -> p,
                        c -> c.bgp(b -> b.addServiceClusterIPs(ServiceIpBlock.builder().cidr("10.96.0.0/12").build())), "10.96.5.5",
                        new Observation(false, null), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theThreeDataplanesObserveTheSame(Scenario s) {
        EbpfCheck.requireKernel();
        try (ClusterC c = ClusterC.build(s.pool())) {
            s.more().accept(c);
            DataplaneState state = c.stateOf("n1");
            Map<String, Observation> seen = new LinkedHashMap<>();
            try (MemoryDataplane mem = new MemoryDataplane("n1")) {
                mem.resync(state);
                seen.put("memory", Observation.of(mem.evaluate(Packet.icmp(P1, s.dst()))));
            }
            if (!s.unprogrammed().containsKey("iptables")) {
                seen.put("iptables", onKernel(state, s.dst(), ns -> IptablesDataplane.builder("n1").netns(ns).build()));
            }
            seen.put("ebpf", onKernel(state, s.dst(), ns -> EbpfDataplane.builder(ns).bpffs(EbpfCheck.requireKernel()).netns(ns).build()));
            Map<String, Observation> expected = new LinkedHashMap<>();
            seen.keySet().forEach(k -> expected.put(k, s.expected()));
            assertEquals(expected, seen);
        }
    }

    /** n1 in a namespace programmed by the dataplane {@code open} makes for it; p1 pings {@code dst}; what the external host saw. */
    private static Observation onKernel(DataplaneState state, String dst, Function<String, Dataplane> open) {
        try (KernelLab lab = new KernelLab()) {
            Netns n1 = lab.node("n1");
            Netns ext = lab.ns("ext");
            lab.link(n1, "eth0", N1 + "/24", ext, "eth0", "10.0.0.100/24");
            KernelLab.sysctl(n1, "net.ipv4.conf.all.rp_filter=0");
            n1.ip("route", "add", "default", "via", "10.0.0.100");
            for (String d : DESTINATIONS) {
                ext.ip("addr", "add", d + "/32", "dev", "eth0");
            }
            // The external network routes the pools (and the natOutgoingAddress) back to the node, as BGP would tell it.
            ext.ip("route", "add", "10.244.0.0/16", "via", N1);
            ext.ip("route", "add", "203.0.113.10/32", "via", N1);
            Netns p1 = lab.workload(n1, "p1", "cali1", P1);
            KernelLab.countSources(ext, "INPUT", SOURCES.toArray(String[]::new));
            try (Dataplane dp = open.apply(n1.name())) {
                dp.resync(state);
                boolean answered = KernelLab.ping(p1, dst);
                String from = null;
                for (String src : SOURCES) {
                    if (KernelLab.seen(ext, "filter", "INPUT", "-s " + src + "/32") > 0) {
                        assertTrue(from == null, () -> "two sources seen at " + dst + ": " + KernelLab.diagnose(ext));
                        from = src;
                    }
                }
                assertEquals(answered, from != null, () -> "answered " + answered + " but seen from nobody (or the reverse); n1: "
                        + KernelLab.diagnose(n1) + "\nstatus " + dp.status());
                return new Observation(answered, from);
            }
        }
    }
}
