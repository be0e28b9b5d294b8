package org.calico4j.dataplane.ebpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.calico4j.client.spi.ResourceKey;
import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.HostInfo;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.calc.Calculation;
import org.calico4j.dataplane.linux.CommandRunner;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Resource;
import org.calico4j.model.net.Cidr;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cluster C's node n1 for real: namespace {@code c4j-eb-n1} (eth0 10.0.0.11/24 on a link to an external host
 * {@code c4j-eb-ext} at 10.0.0.100), pod p1 10.244.1.5 in {@code c4j-eb-w1} behind veth {@code cali1}, pod p4
 * 10.244.1.6 in {@code c4j-eb-w4} behind {@code cali4}, as the CNI plugin wires them (/32 address, default via
 * 169.254.1.1, proxy ARP on the host side). The eBPF dataplane programs the maps, attaches its tc program and the
 * MASQUERADE-on-mark rule; the external host counts what source addresses arrive. IPIP encapsulation is in the
 * pool (for the map's flags) but not used on the wire: these kernels have no IPIP module, and every packet
 * here stays on n1's own links.
 */
@Timeout(120)
class EbpfNetnsTest {
    private static final String[] NAMESPACES = {"c4j-eb-n1", "c4j-eb-w1", "c4j-eb-w4", "c4j-eb-ext"};
    private static final Duration T = Duration.ofSeconds(20);
    private final List<Netns> namespaces = new ArrayList<>();
    private Path root;
    private ClusterC cluster;
    private EbpfDataplane dp;
    private Netns n1;
    private Netns w1;
    private Netns w4;
    private Netns ext;

    @BeforeEach
    void setUp() {
        root = EbpfCheck.requireKernel();
        for (String ns : NAMESPACES) {
            CommandRunner.system().run(List.of("ip", "netns", "del", ns), T);
        }
        n1 = add("c4j-eb-n1");
        w1 = add("c4j-eb-w1");
        w4 = add("c4j-eb-w4");
        ext = add("c4j-eb-ext");
        n1.veth("eth0", ext, "eth0");
        n1.ip("addr", "add", "10.0.0.11/24", "dev", "eth0");
        ext.ip("addr", "add", "10.0.0.100/24", "dev", "eth0");
        // The external router knows the pool through the node (as BGP would tell it): replies to unmasqueraded pods return.
        ext.ip("route", "add", "10.244.0.0/16", "via", "10.0.0.11");
        // The node's default route (proxy ARP answers pods for 169.254.1.1 only when the node can route it elsewhere).
        n1.ip("route", "add", "default", "via", "10.0.0.100");
        sysctl(n1, "net.ipv4.ip_forward=1");
        sysctl(n1, "net.ipv4.conf.all.rp_filter=0");
        pod(w1, "cali1", "10.244.1.5");
        pod(w4, "cali4", "10.244.1.6");
        for (Netns ns : List.of(ext, w4)) {
            for (String src : List.of("10.0.0.11", "10.244.1.5")) {
                exec(ns, "iptables", "-w", "10", "-A", "INPUT", "-p", "icmp", "--icmp-type", "echo-request", "-s", src, "-j", "ACCEPT");
            }
        }
    }

    private Netns add(String name) {
        Netns ns = Netns.create(name);
        namespaces.add(ns);
        return ns;
    }

    private static CommandRunner.Result exec(Netns ns, String... cmd) {
        return ns.exec(List.of(cmd), T).requireSuccess();
    }

    private static void sysctl(Netns ns, String setting) {
        exec(ns, "sysctl", "-q", "-w", setting);
    }

    /** A pod as Calico's CNI plugin wires it. */
    private void pod(Netns w, String cali, String ip) {
        n1.veth(cali, w, "eth0");
        w.ip("addr", "add", ip + "/32", "dev", "eth0");
        w.ip("route", "add", "169.254.1.1", "dev", "eth0", "scope", "link");
        w.ip("route", "add", "default", "via", "169.254.1.1", "dev", "eth0");
        sysctl(n1, "net.ipv4.conf." + cali + ".proxy_arp=1");
        n1.ip("route", "add", ip + "/32", "dev", cali, "scope", "link");
    }

    @AfterEach
    void tearDown() {
        try {
            if (dp != null) {
                dp.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            namespaces.forEach(Netns::close);
        }
    }

    private static final Pattern COUNT = Pattern.compile("-s (\\S+)/32 .*-c (\\d+) \\d+");

    /** Echo requests that reached {@code ns}, by source address. */
    private static SortedMap<String, Integer> seen(Netns ns) {
        SortedMap<String, Integer> out = new TreeMap<>();
        for (String line : exec(ns, "iptables", "-w", "10", "-S", "INPUT", "-v").stdout().split("\n")) {
            Matcher m = COUNT.matcher(line);
            if (m.find() && Integer.parseInt(m.group(2)) > 0) {
                out.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        exec(ns, "iptables", "-w", "10", "-Z", "INPUT");
        return out;
    }

    private void ping(String dst) {
        exec(w1, "ping", "-c", "1", "-W", "3", dst);
    }

    /** The dataplane programmed from the calculation's state alone (other nodes included, as a NodeAgent gives them). */
    private EbpfDataplane start(Calculation calc) {
        dp = EbpfDataplane.builder("eb-n1").bpffs(root).netns("c4j-eb-n1").build();
        dp.resync(calc.state());
        return dp;
    }

    private Calculation calculation() {
        Calculation calc = new Calculation("n1");
        for (Resource r : cluster.resources()) {
            calc.update(ResourceKey.of(r), r);
        }
        return calc;
    }

    @Test
    void theExternalHostSeesTheNodeAddressOnlyForNatOutgoingPools() {
        cluster = ClusterC.build(p -> p.ipipMode("Always"));
        cluster.pod("n1", "p4", "10.244.1.6", "cali4");
        // Another natOutgoing pool keeps cali-nat-outgoing's rule in place throughout: only the tc program's mark decides.
        cluster.pool("q", q -> q.cidr("10.250.0.0/16").natOutgoing(true));
        Calculation calc = calculation();
        start(calc);
        assertEquals(java.util.Set.of("cali1", "cali4"), dp.attachedInterfaces());

        MemoryDataplane reference = new MemoryDataplane("n1");
        reference.resync(calc.state());
        ping("10.0.0.100");
        assertEquals(java.util.Map.of("10.0.0.11", 1), seen(ext), "natOutgoing pool: masqueraded to the node's address");
        assertEquals(IpAddress.parse("10.0.0.11"), reference.evaluate(Packet.icmp("10.244.1.5", "10.0.0.100")).sourceSeen());
        assertEquals(IpAddress.parse("10.0.0.11"), dp.evaluate(Packet.icmp("10.244.1.5", "10.0.0.100")).sourceSeen());

        ping("10.244.1.6");
        assertEquals(java.util.Map.of("10.244.1.5", 1), seen(w4), "pod to pod in the pool: untouched");
        assertNull(dp.evaluate(Packet.icmp("10.244.1.5", "10.244.1.6")).snatTo());

        // The pool loses natOutgoing: one delta, the map's flags change, the same program now leaves the packet alone.
        IpPool p = cluster.client.ipPools().withName("p").require();
        IpPool edited = p.withSpec(IpPoolSpec.builder().from(p.spec()).natOutgoing(false).build());
        DataplaneDelta d = calc.update(ResourceKey.of(edited), edited);
        dp.apply(d);
        assertEquals(0x00d, dp.dumpRoutesMap().get(Cidr.parse("10.244.1.5/32")).flags(), "local workload in-pool, no nat-out");
        assertTrue(exec(n1, "iptables", "-t", "nat", "-S", NatOutgoingRules.CHAIN).stdout().contains("-j MASQUERADE"),
                "the MASQUERADE-on-mark rule is still there");
        ping("10.0.0.100");
        assertEquals(java.util.Map.of("10.244.1.5", 1), seen(ext), "no natOutgoing: the pod's own address");
        reference.apply(d);
        assertEquals(IpAddress.parse("10.244.1.5"), reference.evaluate(Packet.icmp("10.244.1.5", "10.0.0.100")).sourceSeen());
        assertEquals(IpAddress.parse("10.244.1.5"), dp.evaluate(Packet.icmp("10.244.1.5", "10.0.0.100")).sourceSeen());
    }

    @Test
    void e3ANodeAddressIsMasqueradedUnlessHostIpsAreExcludedThroughTheProgramsGlobals() {
        // The external host also answers as n2 (10.0.0.12): a remote host entry in the routes map.
        ext.ip("addr", "add", "10.0.0.12/24", "dev", "eth0");
        cluster = ClusterC.build(p -> p);
        Calculation calc = calculation();
        start(calc);
        assertEquals(RouteFlags.HOST, dp.dumpRoutesMap().get(Cidr.parse("10.0.0.12/32")).flags());
        ping("10.0.0.12");
        assertEquals(java.util.Map.of("10.0.0.11", 1), seen(ext), "a remote host is outside every pool: masqueraded");

        cluster.felix("default", f -> f.natOutgoingExclusions("IPPoolsAndHostIPs"));
        org.calico4j.model.FelixConfiguration felix = cluster.client.felixConfigurations().withName("default").require();
        dp.apply(calc.update(ResourceKey.of(felix), felix));
        assertEquals("00 10 00 00", BpfMap.hex(Bpftool.system().dumpHex(dp.pinDirectory().resolve(BpfProgram.GLOBALS_MAP))
                .get("00 00 00 00")), "CALI_GLOBALS_NATOUTGOING_EXCLUDE_HOSTS");
        ping("10.0.0.12");
        assertEquals(java.util.Map.of("10.244.1.5", 1), seen(ext), "hosts excluded: the program leaves it unmarked");
        ping("10.0.0.100");
        assertEquals(java.util.Map.of("10.0.0.11", 1), seen(ext), "the Internet is still masqueraded");
    }

    @Test
    void theRoutesMapDumpIsCase25() {
        cluster = ClusterC.build(p -> p.ipipMode("Always"));
        start(calculation());
        int cali1 = Integer.parseInt(exec(n1, "cat", "/sys/class/net/cali1/ifindex").stdout().strip());
        SortedMap<String, String> dump = new TreeMap<>();
        dp.dumpRoutesMap().forEach((k, e) -> dump.put(k.toString(), RouteFlags.hex(e.flags()) + " " + e.valueHex()));
        // dataplane-scenarios.md Case 25 (flags and second word), the workload's ifindex being cali1's here.
        SortedMap<String, String> expected = new TreeMap<>();
        expected.put("10.244.0.0/16", "0x003 03 00 00 00 00 00 00 00");
        expected.put("10.244.1.5/32", "0x00f " + RouteEntry.withIfindex(Cidr.parse("10.244.1.5/32"), 0x00f, cali1).valueHex());
        expected.put("10.244.2.0/26", "0x047 47 00 00 00 0a 00 00 0c");
        expected.put("10.244.3.0/26", "0x047 47 00 00 00 0a 00 01 0d");
        expected.put("10.244.2.0/32", "0x053 53 00 00 00 0a 00 00 0c");
        expected.put("10.244.3.0/32", "0x053 53 00 00 00 0a 00 01 0d");
        expected.put("10.0.0.11/32", "0x018 18 00 00 00 00 00 00 00");
        expected.put("10.0.0.12/32", "0x010 10 00 00 00 0a 00 00 0c");
        expected.put("10.0.1.13/32", "0x010 10 00 00 00 0a 00 01 0d");
        expected.put("10.244.1.0/32", "0x018 18 00 00 00 00 00 00 00");
        assertEquals(expected, dump);
        // cali_v4_ip_sets: the pool in masq-ipam-pools and network-ip-pools, under Felix's hashed set IDs.
        java.util.Map<String, byte[]> sets = Bpftool.system().dumpHex(dp.pinDirectory().resolve(BpfProgram.IP_SETS_MAP));
        for (String set : List.of("masq-ipam-pools", "network-ip-pools")) {
            String key = new IpSetEntry(IpSetIds.trialHash(set, 0), Cidr.parse("10.244.0.0/16"), 0, 0).keyHex();
            assertTrue(sets.containsKey(key), set + " " + key + " in " + sets.keySet());
        }
    }

    @Test
    void removingAWorkloadDetachesAndCloseRemovesEverything() {
        cluster = ClusterC.build(p -> p);
        Calculation calc = calculation();
        start(calc);
        assertFalse(exec(n1, "tc", "filter", "show", "dev", "cali1", "ingress").stdout().isBlank());
        DataplaneDelta d = DataplaneDelta.builder().removeWorkload(calc.state().workloads().firstKey()).build();
        dp.apply(d);
        assertTrue(dp.attachedInterfaces().isEmpty());
        assertTrue(exec(n1, "tc", "filter", "show", "dev", "cali1", "ingress").stdout().isBlank(), "detached from cali1");
        assertTrue(exec(n1, "iptables", "-t", "nat", "-S", NatOutgoingRules.CHAIN).stdout()
                .contains("--mark " + NatOutgoingRules.MARK + " -j MASQUERADE"));
        Path dir = dp.pinDirectory();
        assertTrue(Files.exists(dir.resolve(BpfProgram.NAME)));
        dp.close();
        dp = null;
        assertFalse(Files.exists(dir), "maps and program unpinned, directory gone");
        assertFalse(n1.exec(List.of("iptables", "-t", "nat", "-S", NatOutgoingRules.CHAIN), T).ok(), "chain removed");
        assertFalse(exec(n1, "iptables", "-t", "nat", "-S", "POSTROUTING").stdout().contains(NatOutgoingRules.CHAIN));
    }
}
