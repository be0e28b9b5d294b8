package org.calico4j.dataplane.iptables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.calico4j.dataplane.Encap;
import org.calico4j.dataplane.IpSets;
import org.calico4j.dataplane.linux.Netns;
import org.calico4j.dataplane.tck.ClusterC;
import org.junit.jupiter.api.Test;

/**
 * IPIP at the level of what is programmed: these kernels are built without IPIP, so {@code tunl0} is a
 * stand-in veth named {@code tunl0} (it carries no IP-in-IP; the routes, addresses and rules on it are what
 * is checked). With Felix programming cluster routes, remote blocks go via {@code tunl0} onlink with proto
 * 80 and the local block is blackholed; with BIRD programming them (the v3.32.1 default) the dataplane
 * leaves BIRD's routes alone. The capability probe names the missing kernel option.
 */
class IpipNetnsTest {
    /** Whether the running kernel has IPIP, from its own configuration (null when it does not say). */
    private static Boolean kernelHasIpip() throws IOException {
        Path config = Path.of("/proc/config.gz");
        if (!Files.isReadable(config)) {
            return null;
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(config))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.contains("CONFIG_NET_IPIP=y") || text.contains("CONFIG_NET_IPIP=m");
        }
    }

    @Test
    void felixOwnedIpipRoutesGoViaTunl0AndTheProbeNamesTheKernelOption() throws IOException {
        try (KernelLab lab = new KernelLab(); ClusterC c = ClusterC.build(p -> p.ipipMode("Always"))) {
            c.felix("default", f -> f.programClusterRoutes("Enabled"));
            c.bgp(b -> b.programClusterRoutes("Disabled"));
            Netns n1 = lab.node("n1");
            Netns peer = lab.ns("peer");
            lab.link(n1, "eth0", "10.0.0.11/24", peer, "eth0", "10.0.0.12/24");
            n1.ip("link", "add", "tunl0", "type", "veth", "peer", "name", "c4j-tunl0p");
            try (IptablesDataplane dp = IptablesDataplane.builder("n1").netns(n1.name()).build()) {
                dp.resync(c.stateOf("n1"));
                String routes = KernelLab.run(n1, "ip", "-d", "route");
                assertTrue(routes.contains("10.244.2.0/26 via 10.0.0.12 dev tunl0 proto 80 scope global onlink"), routes);
                assertTrue(routes.contains("10.244.3.0/26 via 10.0.1.13 dev tunl0 proto 80 scope global onlink"), routes);
                assertTrue(routes.contains("blackhole 10.244.1.0/26 proto 80"), routes);
                assertTrue(KernelLab.run(n1, "ip", "-br", "addr", "show", "tunl0").contains("10.244.1.0/32"));
                assertTrue(KernelLab.run(n1, "iptables-legacy-save", "-t", "nat").contains("-A cali-POSTROUTING -o tunl0 "));
                assertTrue(KernelLab.run(n1, "ipset", "save").contains("add " + IpSets.allHosts(4) + " 10.0.1.13"));
                assertEquals(List.of(), dp.drift());
                Boolean has = kernelHasIpip();
                if (has != null) {
                    assertEquals(!has, dp.unavailable().containsKey(Encap.IPIP), dp.unavailable()::toString);
                    assertEquals(has, dp.capabilities().encapsulations().contains(Encap.IPIP));
                    if (!has) {
                        assertTrue(dp.unavailable().get(Encap.IPIP).contains("CONFIG_NET_IPIP"), dp.unavailable()::toString);
                    }
                }
            }
        }
    }

    @Test
    void birdOwnedIpipRoutesAreLeftToBird() {
        try (KernelLab lab = new KernelLab(); ClusterC c = ClusterC.build(p -> p.ipipMode("Always"))) {
            Netns n1 = lab.node("n1");
            Netns peer = lab.ns("peer");
            lab.link(n1, "eth0", "10.0.0.11/24", peer, "eth0", "10.0.0.12/24");
            n1.ip("link", "add", "tunl0", "type", "veth", "peer", "name", "c4j-tunl0p");
            n1.ip("link", "set", "tunl0", "up");
            n1.ip("route", "add", "10.244.2.0/26", "via", "10.0.0.12", "dev", "tunl0", "onlink", "proto", "bird");
            try (IptablesDataplane dp = IptablesDataplane.builder("n1").netns(n1.name()).build()) {
                dp.resync(c.stateOf("n1"));
                String routes = KernelLab.run(n1, "ip", "-d", "route");
                assertTrue(routes.contains("10.244.2.0/26 via 10.0.0.12 dev tunl0 proto bird"), routes);
                assertFalse(routes.contains("proto 80"), routes);
                assertTrue(KernelLab.run(n1, "ip", "-br", "addr", "show", "tunl0").contains("10.244.1.0/32"), "the IPIP manager still manages tunl0");
                dp.cleanup();
                assertTrue(KernelLab.run(n1, "ip", "-d", "route").contains("proto bird"), "cleanup leaves BIRD's routes");
            }
        }
    }
}
