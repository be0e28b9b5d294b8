package org.calico4j.dataplane.calc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.calico4j.client.spi.ResourceKey;
import org.calico4j.dataplane.DataplaneDelta;
import org.calico4j.dataplane.DataplaneState;
import org.calico4j.dataplane.IpSets;
import org.calico4j.dataplane.tck.ClusterC;
import org.calico4j.model.IpPool;
import org.calico4j.model.IpPoolSpec;
import org.calico4j.model.Resource;
import org.calico4j.model.net.Cidr;
import org.junit.jupiter.api.Test;

class CalculationTest {
    private static IpPool poolWith(IpPool p, String ipip, String vxlan, boolean nat) {
        return p.withSpec(IpPoolSpec.builder().from(p.spec()).ipipMode(ipip).vxlanMode(vxlan).natOutgoing(nat).build());
    }

    /**
     * Random changes to pools, nodes' presence, blocks and settings, fed one by one: after every
     * step the incrementally maintained state equals a from-scratch computation of the same inputs,
     * and the deltas applied in order reproduce it. The seed is printed for replay.
     */
    @Test
    void incrementalUpdatesAlwaysAgreeWithAFullRecompute() {
        long seed = Long.getLong("calico4j.calc.seed", System.nanoTime());
        Random rnd = new Random(seed);
        try (ClusterC c = ClusterC.build(p -> p.ipipMode("Always"))) {
            c.pod("n1", "p1b", "10.244.1.6", "cali1b");
            c.client.ipam().assignIp(org.calico4j.client.ipam.AssignIpRequest.of(org.calico4j.model.net.IpAddress.parse("10.244.1.40"))
                    .host("n2").handle("b"));
            c.endpoint("n2", "borrower", "10.244.1.40", "cali40");
            List<Resource> all = new ArrayList<>(c.resources());
            String[] modes = {"Never", "Always", "CrossSubnet"};
            for (String node : List.of("n1", "n2", "n3")) {
                Calculation calc = new Calculation(node);
                DataplaneState applied = DataplaneState.empty(calc.state().host());
                List<Resource> live = new ArrayList<>();
                List<Resource> order = new ArrayList<>(all);
                java.util.Collections.shuffle(order, rnd);
                for (int step = 0; step < 200; step++) {
                    Resource r;
                    boolean delete = false;
                    if (!order.isEmpty()) {
                        r = order.remove(0);
                    } else {
                        r = live.get(rnd.nextInt(live.size()));
                        if (r instanceof IpPool) {
                            r = poolWith((IpPool) r, modes[rnd.nextInt(3)], rnd.nextInt(4) == 0 ? modes[rnd.nextInt(3)] : "Never",
                                    rnd.nextBoolean());
                        } else {
                            delete = rnd.nextInt(3) == 0;
                        }
                    }
                    Resource target = r;
                    live.removeIf(x -> ResourceKey.of(x).equals(ResourceKey.of(target)));
                    if (!delete) {
                        live.add(r);
                    }
                    DataplaneDelta d = calc.update(ResourceKey.of(r), delete ? null : r);
                    applied = applied.apply(d);
                    String where = "node " + node + ", seed " + seed + " (-Dcalico4j.calc.seed=" + seed + "), step " + step
                            + (delete ? " deleting " : " setting ") + ResourceKey.of(r);
                    DataplaneState full = Calculation.compute(node, live);
                    assertEquals(full, calc.state(), where);
                    assertEquals(full, applied, where + ": deltas applied in order; differences "
                            + DataplaneState.diff(applied, full));
                }
            }
        }
    }

    @Test
    void aNatOutgoingChangeTouchesOnlyTheIpSets() {
        try (ClusterC c = ClusterC.build(p -> p.ipipMode("Always"))) {
            Calculation calc = new Calculation("n1");
            c.resources().forEach(r -> calc.update(ResourceKey.of(r), r));
            IpPool p = c.client.ipPools().withName("p").require();
            DataplaneDelta d = calc.update(ResourceKey.of(p), poolWith(p, "Always", "Never", false));
            assertEquals(Set.of(Cidr.parse(ClusterC.POOL)), d.ipSetRemovals().get(IpSets.masq(4)));
            assertTrue(d.routesSet().isEmpty() && d.routesRemoved().isEmpty(), d::toString);
            assertEquals(2, d.size(), "the pool entry and one IP set member: " + d);
        }
    }

    @Test
    void anEncapsulationChangeRevisitsOnlyThePoolsBlocks() {
        try (ClusterC c = ClusterC.build(p -> p.ipipMode("Always"))) {
            c.pool("other", o -> o.cidr("10.99.0.0/16"));
            c.pod("n2", "o2", "10.99.0.5", "calio2");
            Calculation calc = new Calculation("n1");
            c.resources().forEach(r -> calc.update(ResourceKey.of(r), r));
            IpPool p = c.client.ipPools().withName("p").require();
            DataplaneDelta d = calc.update(ResourceKey.of(p), poolWith(p, "CrossSubnet", "Never", true));
            assertEquals(Set.of(Cidr.parse("10.244.2.0/26")), d.routesSet().keySet(), "only n2's block is now plain: " + d);
            assertTrue(d.routesSet().keySet().stream().noneMatch(x -> x.toString().startsWith("10.99.")));
        }
    }
}
