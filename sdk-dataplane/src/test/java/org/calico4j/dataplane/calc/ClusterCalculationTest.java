package org.calico4j.dataplane.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.calico4j.client.ipam.AssignIpRequest;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.Packet;
import org.calico4j.dataplane.PacketEvaluator;
import org.calico4j.dataplane.memory.MemoryDataplane;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.BgpConfiguration;
import org.calico4j.model.FelixConfiguration;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Resource;
import org.calico4j.model.ServiceIpBlock;
import org.calico4j.model.net.IpAddress;
import org.junit.jupiter.api.Test;

/** The shared calculation gives every node what its own calculation and in-memory dataplane give it. */
class ClusterCalculationTest {
    private static final List<String> ADDRESSES = List.of("10.244.1.5", "10.244.1.6", "10.244.2.7", "10.244.3.9", "10.244.1.40",
            "10.244.1.0", "10.244.2.0", "10.244.1.50", "10.0.0.11", "10.0.0.12", "10.0.1.13", "10.96.0.10", "93.184.216.34",
            "10.245.0.9", "172.16.0.1");

    /**
     * Random changes to pools (encapsulation, NAT), nodes, blocks, endpoints and Felix/BGP settings:
     * after every step, for every node, {@link ClusterCalculation#state} equals a from-scratch
     * {@link Calculation}, and every packet between a set of addresses gets the same verdict (route,
     * SNAT, encapsulation, explanation) from the shared tables as from a {@link MemoryDataplane}
     * holding that state. The seed is printed for replay.
     */
    @Test
    void everyNodesViewAgreesWithItsOwnCalculationAndDataplane() {
        long seed = Long.getLong("calico4j.calc.seed", System.nanoTime());
        Random rnd = new Random(seed);
        try (ClusterC c = ClusterC.build(p -> p.ipipMode("CrossSubnet"))) {
            c.pod("n1", "p1b", "10.244.1.6", "cali1b");
            c.client.ipam().assignIp(AssignIpRequest.of(IpAddress.parse("10.244.1.40")).host("n2").handle("b"));
            c.endpoint("n2", "borrower", "10.244.1.40", "cali40");
            c.pool("lb", s -> s.cidr("10.245.0.0/24").allowedUses(List.of("LoadBalancer")).blockSize(26));
            c.felix("default", f -> f.natOutgoingExclusions("IPPoolsAndHostIPs").externalNodesList(List.of("172.16.0.0/30")));
            c.felix("node.n2", f -> f.natOutgoingAddress("10.0.0.99").programClusterRoutes("Enabled"));
            c.bgp(b -> b.addServiceClusterIPs(ServiceIpBlock.builder().cidr("10.96.0.0/12").build()));
            List<Resource> all = new ArrayList<>(c.resources());
            String[] modes = {"Never", "Always", "CrossSubnet"};
            ClusterCalculation shared = new ClusterCalculation();
            List<Resource> live = new ArrayList<>();
            List<Resource> order = new ArrayList<>(all);
            Collections.shuffle(order, rnd);
            for (int step = 0; step < 120; step++) {
                Resource r;
                boolean delete = false;
                if (!order.isEmpty()) {
                    r = order.remove(0);
                } else {
                    r = live.get(rnd.nextInt(live.size()));
                    if (r instanceof IpPool) {
                        r = ((IpPool) r).withSpec(IpPoolSpec.builder().from(((IpPool) r).spec()).ipipMode(modes[rnd.nextInt(3)])
                                .vxlanMode("Never").natOutgoing(rnd.nextBoolean()).build());
                    } else {
                        delete = !(r instanceof FelixConfiguration || r instanceof BgpConfiguration) && rnd.nextInt(3) == 0
                                || rnd.nextInt(6) == 0;
                    }
                }
                Resource target = r;
                live.removeIf(x -> ResourceKey.of(x).equals(ResourceKey.of(target)));
                if (!delete) {
                    live.add(r);
                }
                shared.update(ResourceKey.of(r), delete ? null : r);
                for (String node : List.of("n1", "n2", "n3")) {
                    String where = "node " + node + ", seed " + seed + " (-Dcalico4j.calc.seed=" + seed + "), step " + step
                            + (delete ? " deleting " : " setting ") + ResourceKey.of(r);
                    DataplaneState full = Calculation.compute(node, live);
                    assertEquals(full, shared.state(node), where);
                    MemoryDataplane dp = new MemoryDataplane(node);
                    dp.resync(full);
                    for (String from : ADDRESSES) {
                        for (String to : ADDRESSES) {
                            Packet p = Packet.tcp(from, to, 80);
                            assertEquals(dp.evaluate(p), PacketEvaluator.evaluate(shared.tables(node), p), where + ": " + p);
                        }
                    }
                }
            }
        }
    }
}
