package org.calico4j.dataplane.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;

import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.Verdict;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.IpPoolSpec;
import org.junit.jupiter.api.Test;

/**
 * Pod-to-pod traffic between two node namespaces of cluster C, each programmed by its own iptables
 * dataplane: VXLAN Always encapsulates (the pod packets arrive out of vxlan.calico, not eth0), CrossSubnet only between n1 and n3
 * (different subnets; the link is a plain L2 link with on-link host routes, standing in for a router), and
 * the destination pod always sees the source pod's address (pool to pool is never masqueraded). The
 * in-memory dataplane's verdict for the same packet agrees on encapsulation and source.
 */
class VxlanNetnsTest {
    private record Pod(String node, String ip, String iface, String subnetAddress) {
    }

    private static final Pod P1 = new Pod("n1", "10.244.1.5", "cali1", "10.0.0.11/24");
    private static final Pod P2 = new Pod("n2", "10.244.2.7", "cali2", "10.0.0.12/24");
    private static final Pod P3 = new Pod("n3", "10.244.3.9", "cali3", "10.0.1.13/24");

    /** Pings {@code b} from {@code a}; returns how many of the pod's packets reached {@code b}'s node out of vxlan.calico. */
    private static long podToPod(UnaryOperator<IpPoolSpec.Builder> pool, Pod a, Pod b, Encap expected) {
        try (KernelLab lab = new KernelLab(); ClusterC c = ClusterC.build(pool)) {
            Netns na = lab.node(a.node());
            Netns nb = lab.node(b.node());
            lab.link(na, "eth0", a.subnetAddress(), nb, "eth0", b.subnetAddress());
            String aIp = a.subnetAddress().split("/")[0];
            String bIp = b.subnetAddress().split("/")[0];
            if (!a.subnetAddress().substring(0, 7).equals(b.subnetAddress().substring(0, 7))) {
                na.ip("route", "add", bIp + "/32", "dev", "eth0");
                nb.ip("route", "add", aIp + "/32", "dev", "eth0");
            }
            na.ip("route", "add", "default", "via", bIp);
            nb.ip("route", "add", "default", "via", aIp);
            Netns pa = lab.workload(na, "pa", a.iface(), a.ip());
            Netns pb = lab.workload(nb, "pb", b.iface(), b.ip());
            KernelLab.countSources(pb, "INPUT", a.ip(), aIp);
            for (String dev : new String[] {"eth0", "vxlan.calico"}) {
                KernelLab.run(nb, "iptables-nft", "-w", "-t", "raw", "-A", "PREROUTING", "-i", dev, "-p", "icmp", "-s", a.ip());
            }
            try (IptablesDataplane da = IptablesDataplane.builder(a.node()).netns(na.name()).build();
                 IptablesDataplane db = IptablesDataplane.builder(b.node()).netns(nb.name()).build();
                 MemoryDataplane mem = new MemoryDataplane(a.node())) {
                da.resync(c.stateOf(a.node()));
                db.resync(c.stateOf(b.node()));
                assertTrue(KernelLab.ping(pa, b.ip()), () -> "pod to pod; " + KernelLab.diagnose(na));
                assertTrue(KernelLab.seen(pb, "filter", "INPUT", "-s " + a.ip() + "/32") > 0, "the source pod's address arrives");
                assertEquals(0, KernelLab.seen(pb, "filter", "INPUT", "-s " + aIp + "/32"), "not masqueraded to the node");
                mem.resync(c.stateOf(a.node()));
                Verdict v = mem.evaluate(Packet.icmp(a.ip(), b.ip()));
                assertEquals(expected, v.encap(), v::toString);
                assertEquals(a.ip(), v.sourceSeen().toString());
                long plain = KernelLab.seen(nb, "raw", "PREROUTING", "-i eth0 ");
                long tunneled = KernelLab.seen(nb, "raw", "PREROUTING", "-i vxlan.calico ");
                assertTrue(plain == 0 || tunneled == 0, "one way only: plain " + plain + ", tunneled " + tunneled);
                return tunneled;
            }
        }
    }

    @Test
    void vxlanAlwaysCarriesPodTrafficBetweenNodes() {
        assertTrue(podToPod(p -> p.vxlanMode("Always"), P1, P2, Encap.VXLAN) > 0, "encapsulated");
    }

    @Test
    void vxlanCrossSubnetRoutesPlainWithinTheSubnet() {
        assertEquals(0, podToPod(p -> p.vxlanMode("CrossSubnet"), P1, P2, Encap.NONE), "not encapsulated");
    }

    @Test
    void vxlanCrossSubnetEncapsulatesAcrossSubnets() {
        assertTrue(podToPod(p -> p.vxlanMode("CrossSubnet"), P1, P3, Encap.VXLAN) > 0, "encapsulated");
    }
}
